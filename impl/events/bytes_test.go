package events

import (
	"strings"
	"testing"
)

// bigEvent is an event of about size bytes.
func bigEvent(t *testing.T, self int64, size int) *Event {
	t.Helper()
	ev, err := New(self, map[string]any{"post_type": "message", "raw_message": strings.Repeat("x", size)})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// Event memory is bounded by bytes, not only by count: 150 events of 1 MiB with nobody
// connected keep at most the history's bytes, the latest ones.
func TestHistoryBoundedByBytes(t *testing.T) {
	h := NewHubLimited(Limits{HistoryBytes: 8 << 20})
	for range 150 {
		h.Publish(bigEvent(t, 1, 1<<20))
	}
	kept := h.History(1, 0, HistorySize)
	var bytes int
	for _, e := range kept {
		bytes += e.Size()
	}
	if bytes > 8<<20 || len(kept) == 0 {
		t.Fatalf("history keeps %d events of %d bytes, want at most %d bytes", len(kept), bytes, 8<<20)
	}
	if last := kept[len(kept)-1]; last.Seq != 150 {
		t.Errorf("the latest event kept is %d, want 150", last.Seq)
	}
	// An event larger than the whole history is delivered but not kept.
	h.Publish(bigEvent(t, 1, 9<<20))
	if got := h.History(1, 150, HistorySize); len(got) != 0 {
		t.Errorf("an event larger than the history was kept")
	}
}

// A subscriber's queue is bounded by bytes too: a slow client of big events loses them
// (counted) once its queue holds QueueBytes, and gets room back as it reads.
func TestQueueBoundedByBytes(t *testing.T) {
	h := NewHubLimited(Limits{QueueBytes: 4 << 20})
	sub := h.Subscribe(1, 1000)
	defer sub.Close()
	for range 10 {
		h.Publish(bigEvent(t, 1, 1<<20))
	}
	if n := len(sub.Events()); n > 4 || n == 0 {
		t.Fatalf("%d events of 1 MiB queued, want at most 4", n)
	}
	if _, dropped := sub.Stats(); dropped < 6 {
		t.Errorf("dropped %d, want at least 6", dropped)
	}
	for len(sub.Events()) > 0 {
		sub.Taken(<-sub.Events())
	}
	h.Publish(bigEvent(t, 1, 1<<20))
	if len(sub.Events()) != 1 {
		t.Error("the queue has no room after the client read it")
	}
}
