package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/worlddata"
)

// The example against a fresh reference server, over both transports, as its doc comment runs
// it: it logs in as the seeded bot, sends to group 20001, is refused for a group the bot is not
// in, and (over WebSocket) prints the lifecycle event.
func TestRun(t *testing.T) {
	data, err := worlddata.Open(context.Background(), worlddata.Config{Dir: worlddata.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()
	api, err := impl.New(data.World, nil).API(impl.Options{AccessToken: "secret", HeartbeatInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) }()
	api.Start()

	ws := "ws" + strings.TrimPrefix(srv.URL, "http") + "/"
	for _, tc := range []struct {
		name string
		cfg  Config
		want []string
	}{
		{"http", Config{URL: srv.URL, Group: 20001, Message: "hi"}, []string{"logged in as", "(10001)", "sent message", "to group 20001"}},
		{"http, not in the group", Config{URL: srv.URL, Group: 99999, Message: "hi"}, []string{"send_group_msg refused: retcode 102"}},
		{"ws", Config{URL: ws, Group: 20001, Message: "hi", Events: 1}, []string{"(10001)", "sent message", "event meta_event lifecycle"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			tc.cfg.AccessToken = "secret"
			var out bytes.Buffer
			if err := Run(ctx, tc.cfg, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
