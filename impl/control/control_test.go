package control_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/control"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

func newServer(t *testing.T) (*control.Server, *world.World) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	feed := world.NewFeed(nil)
	w := world.New(st, world.Options{OnChange: feed.Publish})
	if err := world.Seed(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	s, err := control.New(w, control.Options{Feed: feed})
	if err != nil {
		t.Fatal(err)
	}
	return s, w
}

func wait(t *testing.T, s *control.Server, ctx context.Context, timeout int32) ctl.SentMessageList {
	t.Helper()
	limit := int32(100)
	res, err := s.WaitSent(ctx, ctl.WaitSentRequestObject{Body: &ctl.WaitSentParams{SelfID: 10001, AfterID: 1002, Timeout: &timeout, Limit: &limit}})
	if err != nil {
		t.Fatal(err)
	}
	r := res.(ctl.WaitSent200JSONResponse)
	if r.Retcode != 0 || r.Data == nil {
		t.Fatalf("wait_sent: %+v", r)
	}
	return *r.Data
}

// wait_sent holds no goroutine of its own: waits that time out, are cancelled or are woken by
// unrelated changes leave the goroutine count where it was.
func TestWaitSentLeaksNothing(t *testing.T) {
	s, w := newServer(t)
	before := runtime.NumGoroutine()
	for range 20 {
		if got := wait(t, s, context.Background(), 1); len(got) != 0 {
			t.Fatalf("timed out with %+v", got)
		}
		// The client goes away while the call waits.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		if got := wait(t, s, ctx, 60000); len(got) != 0 {
			t.Fatalf("cancelled with %+v", got)
		}
		cancel()
	}
	// Unrelated changes (another account's message) wake the wait, which goes back to waiting.
	done := make(chan ctl.SentMessageList)
	go func() { done <- wait(t, s, context.Background(), 300) }()
	for range 5 {
		time.Sleep(10 * time.Millisecond)
		if _, err := w.As(10002).SendPrivate(context.Background(), 10001, 0, nil); err == nil {
			t.Fatal("an empty message was sent")
		}
		if _, err := w.As(10002).SendGroup(context.Background(), 20001, []cqcode.Segment{{Type: "text", Data: cqcode.Data{{Key: "text", Value: "hi"}}}}); err != nil {
			t.Fatal(err)
		}
	}
	if got := <-done; len(got) != 0 {
		t.Fatalf("woken by others' messages with %+v", got)
	}
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("goroutines: %d before, %d after", before, after)
	}
}

// A server shutting down ends the long polls at once, with an empty answer.
func TestWaitSentEndsOnShutdown(t *testing.T) {
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	feed := world.NewFeed(nil)
	w := world.New(st, world.Options{OnChange: feed.Publish})
	if err := world.Seed(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	s, err := control.New(w, control.Options{Feed: feed, Done: done})
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, func() { close(done) })
	start := time.Now()
	if got := wait(t, s, context.Background(), 60000); len(got) != 0 {
		t.Fatalf("shutdown answered %+v", got)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("wait_sent ended %s after the shutdown began", time.Since(start))
	}
}

func TestNewNeedsTheFeed(t *testing.T) {
	if _, err := control.New(nil, control.Options{}); err == nil {
		t.Error("a control API without the change feed was built")
	}
}
