package impl_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/cqcode"
)

// get_updates hands each event after the bot's first poll out once, oldest first, up to
// limit; with nothing waiting it answers [] at once for timeout 0, and a waiting call gets the
// event that comes.
func TestGetUpdatesTakesEachEventOnce(t *testing.T) {
	srv, w := newServerWorld(t, impl.Options{})
	ctx := context.Background()
	friend := w.As(10002)
	poll := func(body string) []int32 {
		t.Helper()
		_, r := call(t, newRequest(t, "POST", srv.URL+"/get_updates", jsonType, body))
		var evs []struct {
			PostType  string `json:"post_type"`
			MessageID int32  `json:"message_id"`
		}
		if err := json.Unmarshal(r.Data, &evs); err != nil || r.Retcode != 0 {
			t.Fatalf("get_updates %s: %+v %v", body, r, err)
		}
		ids := []int32{}
		for _, e := range evs {
			if e.PostType == "message" {
				ids = append(ids, e.MessageID)
			}
		}
		return ids
	}
	if got := poll(`{"timeout":0}`); len(got) != 0 { // opens the queue
		t.Errorf("the first poll: %v, want nothing from before it", got)
	}
	var sent []int32
	for _, text := range []string{"一", "二", "三"} {
		id, err := friend.SendPrivate(ctx, 10001, 0, []cqcode.Segment{cqcode.Text(text)})
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, id)
	}
	// The feed publishes after the commit, on its own goroutine: wait for the first event.
	if got := poll(`{"limit":1,"timeout":10}`); len(got) != 1 || got[0] != sent[0] {
		t.Fatalf("first poll: %v, want [%d]", got, sent[0])
	}
	if got := poll(`{"timeout":10}`); len(got) == 0 || got[len(got)-1] != sent[2] {
		t.Errorf("second poll: %v, want up to %d", got, sent[2])
	}
	if got := poll(`{"timeout":0}`); len(got) != 0 {
		t.Errorf("nothing left: %v", got)
	}
	done := make(chan []int32)
	go func() {
		_, r := call(t, newRequest(t, "POST", srv.URL+"/get_updates", jsonType, `{"timeout":30}`))
		var evs []struct {
			MessageID int32 `json:"message_id"`
		}
		_ = json.Unmarshal(r.Data, &evs)
		var ids []int32
		for _, e := range evs {
			ids = append(ids, e.MessageID)
		}
		done <- ids
	}()
	id, err := friend.SendPrivate(ctx, 10001, 0, []cqcode.Segment{cqcode.Text("四")})
	if err != nil {
		t.Fatal(err)
	}
	if got := <-done; len(got) != 1 || got[0] != id {
		t.Errorf("the waiting poll got %v, want [%d]", got, id)
	}
	_, r := call(t, newRequest(t, "POST", srv.URL+"/get_updates", jsonType, `{"timeout":31}`))
	if r.Retcode != 1400 {
		t.Errorf("timeout 31: %+v, want 1400", r)
	}
}

// get_event keeps a queue per key: two keys each take every event once.
func TestGetEventQueuesPerKey(t *testing.T) {
	srv, w := newServerWorld(t, impl.Options{})
	poll := func(key string) int {
		t.Helper()
		_, r := call(t, newRequest(t, "POST", srv.URL+"/get_event", jsonType, `{"key":"`+key+`","timeout":10000}`))
		var evs []map[string]any
		if err := json.Unmarshal(r.Data, &evs); err != nil || r.Retcode != 0 {
			t.Fatalf("get_event %s: %+v %v", key, r, err)
		}
		n := 0
		for _, e := range evs {
			if e["post_type"] == "message" {
				n++
			}
		}
		return n
	}
	for _, key := range []string{"a", "b"} { // open both queues
		_, r := call(t, newRequest(t, "POST", srv.URL+"/get_event", jsonType, `{"key":"`+key+`"}`))
		if r.Retcode != 0 {
			t.Fatalf("opening %s: %+v", key, r)
		}
	}
	if _, err := w.As(10002).SendPrivate(context.Background(), 10001, 0, []cqcode.Segment{cqcode.Text("你好")}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"a", "b"} {
		if n := poll(key); n != 1 {
			t.Errorf("key %s took %d messages, want 1", key, n)
		}
	}
}
