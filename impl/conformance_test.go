package impl_test

import (
	"context"
	"net"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/conformance"
	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/httppost"
)

// The reference server must pass the whole conformance suite under its strictest profile
// (onespec: the standard, every convention and every promise the spec makes for the reference
// server), in every mode: read-only as a user would first run it, and with every mutation
// allowed, which also runs the stateful scenarios and the disruptive actions. Each run gets a
// fresh world. WARN and UNSUPPORTED count as failures here: onespec has no excuse.
func TestReferenceServerConforms(t *testing.T) {
	const token = "conformance-token"
	tests := []struct {
		name      string
		cfg       conformance.Config
		wantSkips bool
	}{
		{"read-only", conformance.Config{}, true},
		{"mutations", conformance.Config{AllowMutations: true, AllowDisruptive: true, GroupID: 20001, UserID: 10003}, false},
		{"mutations on discovered targets", conformance.Config{AllowMutations: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, impl.Options{AccessToken: token})
			cfg := tt.cfg
			cfg.BaseURL, cfg.AccessToken, cfg.Profile = srv.URL, token, conformance.ProfileOnespec
			report, err := conformance.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			pass, fail, skip := report.Counts()
			t.Logf("%d checks: %d PASS, %d FAIL, %d SKIP", len(report.Results), pass, fail, skip)
			actions := map[string]bool{}
			for _, r := range report.Results {
				if r.Status == conformance.Fail || r.Status == conformance.Warn || r.Status == conformance.Unsupported {
					t.Errorf("%s %s: %s (at %s)", r.Status, r.Check, r.Reason, r.Path)
				}
				// This server serves no world control API: the event checks skip here, and
				// TestReferenceServerConformsWithEvents runs them.
				if r.Status == conformance.Skip && !tt.wantSkips && !strings.HasPrefix(r.Check, "event/") {
					t.Errorf("SKIP %s: %s", r.Check, r.Reason)
				}
				if r.Action != "" && strings.HasPrefix(r.Check, "action/") {
					actions[r.Action] = true
				}
			}
			for _, a := range gen.Actions {
				if !actions[a.Name] {
					t.Errorf("the suite did not check %s", a.Name)
				}
			}
			if pass == 0 {
				t.Fatal("nothing passed")
			}
		})
	}
}

// The same over forward WebSocket: every action, discovery and scenario as frames on /api,
// and the WebSocket checks (echo, 1400/1404, connect event, heartbeats, the /api and /event
// split, the token on the handshake), under the onespec profile, all green.
func TestReferenceServerConformsOverWebSocket(t *testing.T) {
	const token = "conformance-token"
	for _, tt := range []struct {
		name string
		cfg  conformance.Config
	}{
		{"read-only", conformance.Config{}},
		{"mutations", conformance.Config{AllowMutations: true, AllowDisruptive: true, GroupID: 20001, UserID: 10003}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, impl.Options{AccessToken: token, HeartbeatInterval: 300 * time.Millisecond})
			cfg := tt.cfg
			cfg.WSURL, cfg.AccessToken, cfg.Profile = "ws"+strings.TrimPrefix(srv.URL, "http"), token, conformance.ProfileOnespec
			cfg.HeartbeatWait = 5 * time.Second
			report, err := conformance.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			pass, fail, skip := report.Counts()
			t.Logf("%d checks: %d PASS, %d FAIL, %d SKIP", len(report.Results), pass, fail, skip)
			actions, ws := map[string]bool{}, 0
			for _, r := range report.Results {
				if r.Status == conformance.Fail || r.Status == conformance.Warn || r.Status == conformance.Unsupported {
					t.Errorf("%s %s: %s (at %s)", r.Status, r.Check, r.Reason, r.Path)
				}
				if strings.HasPrefix(r.Check, "transport/ws-") {
					ws++
					if r.Status != conformance.Pass {
						t.Errorf("%s %s: %s", r.Status, r.Check, r.Reason)
					}
				} else if strings.HasPrefix(r.Check, "transport/") {
					t.Errorf("HTTP check %s in a WebSocket run", r.Check)
				}
				if r.Action != "" && strings.HasPrefix(r.Check, "action/") {
					actions[r.Action] = true
				}
			}
			if ws < 13 {
				t.Errorf("%d WebSocket checks ran, want every one", ws)
			}
			for _, a := range gen.Actions {
				if !actions[a.Name] {
					t.Errorf("the suite did not check %s", a.Name)
				}
			}
		})
	}
}

// Against the reference server with its world control API, the suite drives events: a friend
// and a group member message the bot and a new user asks to be its friend, through /_world/;
// each event must arrive on forward WebSocket, on the event stream and by HTTP POST to the
// suite's own listener (the server is told to post there, as onespec serve --post-url would
// be), valid against the spec's event schemas with the bot's self_id; and a quick-operation
// reply the suite answers a POST with must land in the world. Over HTTP and over WebSocket,
// under the onespec profile, every event check passes.
func TestReferenceServerConformsWithEvents(t *testing.T) {
	const token, worldToken, postSecret = "conformance-token", "world-token", "post-secret"
	for _, overWS := range []bool{false, true} {
		name := "http"
		if overWS {
			name = "websocket"
		}
		t.Run(name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			_, srv := newAPIStarted(t, impl.Options{
				AccessToken: token, HeartbeatInterval: 300 * time.Millisecond,
				World: &impl.WorldOptions{Token: worldToken},
				Post:  httppost.Options{URLs: []string{"http://" + ln.Addr().String() + "/"}, Timeout: 2 * time.Second, Secret: postSecret},
			})
			cfg := conformance.Config{
				AccessToken: token, Profile: conformance.ProfileOnespec, AllowMutations: true, GroupID: 20001, UserID: 10003,
				WorldToken: worldToken, PostListener: ln, PostSecret: postSecret, HeartbeatWait: 5 * time.Second,
			}
			if overWS {
				cfg.WSURL = "ws" + strings.TrimPrefix(srv.URL, "http")
			} else {
				cfg.BaseURL = srv.URL
			}
			report, err := conformance.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			events := 0
			for _, r := range report.Results {
				if r.Status == conformance.Fail || r.Status == conformance.Warn || r.Status == conformance.Unsupported {
					t.Errorf("%s %s: %s (at %s)", r.Status, r.Check, r.Reason, r.Path)
				}
				if strings.HasPrefix(r.Check, "event/") {
					events++
					if r.Status != conformance.Pass {
						t.Errorf("%s %s: %s", r.Status, r.Check, r.Reason)
					}
					t.Logf("%s %s: %s", r.Status, r.Check, r.Reason)
				}
			}
			if events < 16 {
				t.Errorf("%d event checks ran, want every one", events)
			}
			// The accounts and groups the event checks made are taken back at the end.
			for _, n := range report.Notes {
				t.Errorf("note: %s", n)
			}
		})
	}
}

// newAPIStarted is newAPI with the connections where the server is the client (HTTP POST,
// reverse WebSocket) started, as onespec serve starts them.
func newAPIStarted(t *testing.T, opts impl.Options) (*impl.API, *httptest.Server) {
	t.Helper()
	api, srv := newAPI(t, opts)
	api.Start()
	return api, srv
}

// With a second account (Config.PeerURL), the suite judges events without the world control
// API, as it would on any implementation: here the second bot of a world is the target and
// the default bot (its friend, owner of group 20001) is the peer that messages, recalls,
// pokes, mutes and promotes it.
func TestReferenceServerConformsWithPeer(t *testing.T) {
	api, err := impl.New(twoBotWorld(t), nil).API(impl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	t.Cleanup(func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) })
	report, err := conformance.Run(context.Background(), conformance.Config{
		BaseURL: srv.URL + "/bots/10009", Profile: conformance.ProfileOnespec, AllowMutations: true, GroupID: 20001,
		PeerURL: srv.URL, PeerID: 10001, Only: regexp.MustCompile(`^peer/`),
	})
	if err != nil {
		t.Fatal(err)
	}
	peers := 0
	for _, r := range report.Results {
		if !strings.HasPrefix(r.Check, "peer/") {
			continue
		}
		peers++
		t.Logf("%s %s: %s", r.Status, r.Check, r.Reason)
		if r.Status != conformance.Pass {
			t.Errorf("%s %s: %s %+v", r.Status, r.Check, r.Reason, r.Findings)
		}
	}
	if peers != 7 {
		t.Errorf("%d peer checks ran, want 7", peers)
	}
}
