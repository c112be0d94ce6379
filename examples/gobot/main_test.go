package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worlddata"
)

// The example bot, behind the generated server, against the reference server reporting by
// HTTP POST with a secret: ping in a group gets pong; a wrongly signed event is refused.
func TestPingPong(t *testing.T) {
	bot := httptest.NewServer(Handler("sig"))
	defer bot.Close()

	data, err := worlddata.Open(context.Background(), worlddata.Config{Dir: worlddata.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()
	if err := data.World.Populate(context.Background(), func(u *world.Universe) error {
		if err := u.AddAccount(world.Account{ID: 10009, Nickname: "提问的人", Bot: true}); err != nil {
			return err
		}
		return u.AddMember(world.Membership{GroupID: 20001, UserID: 10009})
	}); err != nil {
		t.Fatal(err)
	}
	api, err := impl.New(data.World, nil).API(impl.Options{Post: httppost.Options{URLs: []string{bot.URL + "/"}, Secret: "sig"}})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	heard := api.Events.Subscribe(10009, 16)
	defer heard.Close()
	api.Start()

	r := api.Dispatcher.Dispatch(context.Background(), dispatch.Call{Action: "send_group_msg", SelfID: 10009,
		Params: map[string]any{"group_id": json.Number("20001"), "message": "ping"}})
	if r.Retcode != 0 {
		t.Fatal(r.Message)
	}
	if !heardPong(heard.Events(), 10*time.Second) {
		t.Fatal("no pong")
	}
	if posted, failed := api.Poster.Stats(); posted != 1 || failed != 0 {
		t.Errorf("posted %d, failed %d", posted, failed)
	}
	res, err := http.Post(bot.URL+"/", "application/json", strings.NewReader(`{"post_type":"message","raw_message":"ping"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("an unsigned event: HTTP %d, want 403", res.StatusCode)
	}
}

// heardPong waits for bot 10001's "pong".
func heardPong(c <-chan *events.Event, wait time.Duration) bool {
	deadline := time.After(wait)
	for {
		select {
		case ev := <-c:
			raw, _ := ev.JSON(events.FormatString)
			if strings.Contains(string(raw), `"user_id":10001`) && strings.Contains(string(raw), `"message":"pong"`) {
				return true
			}
		case <-deadline:
			return false
		}
	}
}
