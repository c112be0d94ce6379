package events

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/cqcode"
)

// A subscriber that does not read loses events beyond its queue, counted; the others get
// every event, and other bots' events reach nobody.
func TestSlowSubscriberDropsAlone(t *testing.T) {
	h := NewHub()
	slow, fast := h.Subscribe(1, 2), h.Subscribe(1, 100)
	other := h.Subscribe(2, 100)
	defer slow.Close()
	defer fast.Close()
	defer other.Close()
	for range 10 {
		ev, err := New(1, map[string]any{"post_type": "notice"})
		if err != nil {
			t.Fatal(err)
		}
		h.Publish(ev)
	}
	if len(fast.Events()) != 10 || len(slow.Events()) != 2 || len(other.Events()) != 0 {
		t.Fatalf("queued: fast %d, slow %d, other %d", len(fast.Events()), len(slow.Events()), len(other.Events()))
	}
	if _, dropped := slow.Stats(); dropped != 8 {
		t.Errorf("slow dropped %d, want 8", dropped)
	}
	if published, dropped := h.Stats(); published != 10 || dropped != 8 {
		t.Errorf("hub stats %d published, %d dropped", published, dropped)
	}
	slow.Close()
	slow.Close() // twice is harmless
	if h.Subscribers() != 2 {
		t.Errorf("%d subscribers after close", h.Subscribers())
	}
	ev, _ := New(1, map[string]any{})
	h.Publish(ev) // publishing after a close does not panic
}

func TestFormats(t *testing.T) {
	ev, err := New(1, map[string]any{
		"post_type": "message",
		"message":   []map[string]any{{"type": "text", "data": map[string]any{"text": "a&[b]"}}, {"type": "at", "data": map[string]any{"qq": "10002"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		format Format
		want   string
	}{
		{FormatArray, `"message":[{"data":{"text":"a&[b]"},"type":"text"},{"data":{"qq":"10002"},"type":"at"}]`},
		{FormatString, `"message":"a&amp;&#91;b&#93;[CQ:at,qq=10002]"`},
	}
	for _, tt := range tests {
		raw, err := ev.JSON(tt.format)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), tt.want) {
			t.Errorf("%s: %s lacks %s", tt.format, raw, tt.want)
		}
	}
	noMessage, _ := New(1, map[string]any{"post_type": "notice"})
	if raw, _ := noMessage.JSON(FormatString); string(raw) != `{"post_type":"notice"}` {
		t.Errorf("an event without a message changed: %s", raw)
	}
	for in, ok := range map[string]bool{"": true, "array": true, "string": true, "cq": false} {
		if _, err := ParseFormat(in); (err == nil) != ok {
			t.Errorf("ParseFormat(%q): %v", in, err)
		}
	}
}

// Events are written as JavaScript's JSON.stringify writes them: Koishi's adapter checks the
// HTTP POST signature over JSON.stringify of the parsed body, so any other escaping of the
// same text (segment data's MarshalJSON escapes &, < and > as encoding/json does) makes it
// refuse the event.
func TestEncodedAsJSONStringify(t *testing.T) {
	text := "a&b <c> \u2028\u2029 \\u003c \"q\" \n\x01 \xff"
	ev, err := New(1, map[string]any{
		"raw_message": text,
		"message":     []cqcode.Segment{cqcode.Text(text)},
	})
	if err != nil {
		t.Fatal(err)
	}
	// JSON.stringify({message: [{type: 'text', data: {text}}], raw_message: text}) with the
	// keys in this order.
	str := `"a&b <c> ` + "\u2028\u2029" + ` \\u003c \"q\" \n\u0001 ` + "\ufffd" + `"`
	want := `{"message":[{"type":"text","data":{"text":` + str + `}}],"raw_message":` + str + `}`
	raw, _ := ev.JSON(FormatArray)
	if string(raw) != want {
		t.Errorf("array format:\n got %s\nwant %s", raw, want)
	}
	var back struct {
		RawMessage string `json:"raw_message"`
	}
	if err := json.Unmarshal(raw, &back); err != nil || back.RawMessage != strings.ToValidUTF8(text, "\ufffd") {
		t.Errorf("does not read back: %v %q", err, back.RawMessage)
	}
	raw, _ = ev.JSON(FormatString)
	if !strings.Contains(string(raw), "\"message\":\"a&amp;b <c> \u2028\u2029") {
		t.Errorf("string format: %s", raw)
	}
}

// Each bot's latest events are kept, numbered in publishing order, at most HistorySize.
func TestHistory(t *testing.T) {
	h := NewHub()
	for i := range HistorySize + 5 {
		for _, bot := range []int64{1, 2} {
			ev, _ := New(bot, map[string]any{"i": i})
			h.Publish(ev)
		}
	}
	got := h.History(1, 0, HistorySize+10)
	if len(got) != HistorySize {
		t.Fatalf("kept %d, want %d", len(got), HistorySize)
	}
	if first, _ := got[0].JSON(FormatArray); string(first) != `{"i":5}` {
		t.Errorf("oldest kept %s", first)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq <= got[i-1].Seq || got[i].SelfID != 1 {
			t.Fatalf("event %d: seq %d after %d, bot %d", i, got[i].Seq, got[i-1].Seq, got[i].SelfID)
		}
	}
	after := got[len(got)-3].Seq
	if tail := h.History(1, after, 10); len(tail) != 2 {
		t.Errorf("after %d: %d events, want 2", after, len(tail))
	}
	if few := h.History(2, 0, 3); len(few) != 3 {
		t.Errorf("limit 3: %d events", len(few))
	}
}
