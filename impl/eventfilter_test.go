package impl_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
)

// Each bot's event filter (--event-filter, go-cqhttp's syntax) withholds the events it refuses
// before any transport sees them; reload_event_filter reads the file again, and a file named by
// reload_event_filter or set_config becomes that bot's alone. Each step sends a withheld message
// and then one that passes: the next event a bot gets must be the one that passes (events keep
// their order), so nothing waits on a clock.
func TestEventFilterWithholdsEvents(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "filter.json")
	write := func(path, rules string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(rules), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(file, `{"raw_message": {".not": {".contains": "secret"}}}`)
	w := twoBotWorld(t)
	api, err := impl.New(w, nil).API(impl.Options{EventFilter: file})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	sub1 := api.Events.Subscribe(10001, 64)
	sub9 := api.Events.Subscribe(10009, 64)
	defer sub1.Close()
	defer sub9.Close()
	call := func(self int64, action string, params map[string]any) map[string]any {
		t.Helper()
		r := api.Dispatcher.Dispatch(botctx.With(context.Background(), self), dispatch.Call{Action: action, Params: params, SelfID: self})
		if r.Retcode != 0 {
			t.Fatalf("%s as %d: %d %s", action, self, r.Retcode, r.Message)
		}
		raw, _ := json.Marshal(r.Data)
		var data map[string]any
		_ = json.Unmarshal(raw, &data)
		return data
	}
	say := func(self int64, text string) {
		t.Helper()
		call(self, "send_group_msg", map[string]any{"group_id": 20001, "message": text})
	}
	expect := func(c <-chan *events.Event, text string) {
		t.Helper()
		raw, _ := nextEvent(t, c).JSON(events.FormatArray)
		if !strings.Contains(string(raw), text) {
			t.Errorf("got %s, want the event of %q (the one before it withheld)", raw, text)
		}
	}

	say(10009, "secret one")
	say(10009, "public one")
	expect(sub1.Events(), "public one")

	write(file, `{"raw_message": {".not": {".contains": "hidden"}}}`)
	say(10009, "hidden two") // the file changed, but the filter in use is the one read
	say(10009, "secret two")
	expect(sub1.Events(), "hidden two")
	call(10001, "reload_event_filter", map[string]any{})
	say(10009, "hidden three")
	say(10009, "secret three")
	expect(sub1.Events(), "secret three")

	// Bot 10009 gets its own file; bot 10001 keeps the server's.
	own := filepath.Join(dir, "own.json")
	write(own, `{"post_type": {".neq": "message"}}`)
	call(10009, "reload_event_filter", map[string]any{"file": own})
	if got := call(10009, "get_config", nil)["eventFilter"]; got != own {
		t.Errorf("get_config eventFilter = %v, want %s", got, own)
	}
	say(10001, "to nobody's filter")
	call(10001, "set_group_card", map[string]any{"group_id": 20001, "user_id": 10003, "card": "filtered"})
	raw, _ := nextEvent(t, sub9.Events()).JSON(events.FormatArray)
	if !strings.Contains(string(raw), `"group_card"`) {
		t.Errorf("bot 10009's filter let %s through", raw)
	}
	call(10009, "set_config", map[string]any{"eventFilter": ""})
	say(10001, "everything again")
	expect(sub9.Events(), "everything again")
	expect(sub1.Events(), `"group_card"`) // bot 10001 sees the card it set; the server's filter lets it pass

	// A broken file keeps the filter in use and says what is wrong.
	write(file, `{"raw_message": {".bogus": 1}}`)
	r := api.Dispatcher.Dispatch(botctx.With(context.Background(), 10001), dispatch.Call{Action: "reload_event_filter", SelfID: 10001})
	if r.Retcode != 1400 || !strings.Contains(r.Message, ".bogus") {
		t.Errorf("a broken filter: %d %s", r.Retcode, r.Message)
	}
	say(10009, "secret four")
	say(10009, "hidden four")
	expect(sub1.Events(), "secret four")
}
