package interop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onespec/onespec/client"
	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/worlddata"
)

const goClientToken = "go-client-token"

// goClientServer is a fresh reference server (the seeded world: bot 10001 in group 20001) and
// its base URL.
func goClientServer(t *testing.T) (*impl.API, string) {
	t.Helper()
	data, err := worlddata.Open(context.Background(), worlddata.Config{Dir: worlddata.Memory})
	if err != nil {
		t.Fatal(err)
	}
	api, err := impl.New(data.World, nil).API(impl.Options{AccessToken: goClientToken, HeartbeatInterval: time.Hour, World: &impl.WorldOptions{}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	t.Cleanup(func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()); data.Close() })
	api.Start()
	return api, srv.URL
}

func text(t *testing.T, s string) gen.Message {
	t.Helper()
	var m gen.Message
	if err := m.FromMessage0(s); err != nil {
		t.Fatal(err)
	}
	return m
}

// plain is the text of a received message: the string itself, or its text segments'.
func plain(t *testing.T, m gen.ReceivedMessage) string {
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var segments []struct {
		Type string            `json:"type"`
		Data map[string]string `json:"data"`
	}
	if err := json.Unmarshal(raw, &segments); err != nil {
		t.Fatalf("message %s: %v", raw, err)
	}
	var b strings.Builder
	for _, seg := range segments {
		if seg.Type == "text" {
			b.WriteString(seg.Data["text"])
		}
	}
	return b.String()
}

// The generated client over both transports: typed round trips, a failed call's retcode as an
// *client.Error, concurrent calls each getting their own reply, a cancelled context.
func TestGoClient(t *testing.T) {
	for _, transport := range []string{"http", "ws"} {
		t.Run(transport, func(t *testing.T) {
			_, url := goClientServer(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var caller gen.Caller = client.NewHTTP(url, client.Options{AccessToken: goClientToken})
			if transport == "ws" {
				ws, err := client.DialWS(ctx, "ws"+strings.TrimPrefix(url, "http")+"/", client.Options{AccessToken: goClientToken})
				if err != nil {
					t.Fatal(err)
				}
				defer ws.Close()
				caller = ws
			}
			bot := gen.NewClient(caller)

			info, err := bot.GetLoginInfo(ctx)
			if err != nil || info.UserID != 10001 {
				t.Fatalf("get_login_info = %+v, %v; want bot 10001", info, err)
			}
			sent, err := bot.SendGroupMsg(ctx, gen.SendGroupMsgParams{GroupID: 20001, Message: text(t, "大家好[CQ:face,id=14]")})
			if err != nil {
				t.Fatal(err)
			}
			got, err := bot.GetMsg(ctx, gen.GetMsgParams{MessageID: sent.MessageID})
			if err != nil || plain(t, got.Message) != "大家好" || got.MessageID != sent.MessageID {
				t.Fatalf("get_msg %d = %+v, %v", sent.MessageID, got, err)
			}

			// Failures carry the envelope's retcode, whatever the transport.
			for _, tc := range []struct {
				name    string
				call    func() error
				retcode int
			}{
				{"group not joined", func() error {
					_, err := bot.SendGroupMsg(ctx, gen.SendGroupMsgParams{GroupID: 99999, Message: text(t, "hi")})
					return err
				}, 102},
				{"invalid parameters", func() error { return bot.Call(ctx, "send_group_msg", map[string]any{"group_id": "x"}, nil) }, 1400},
				{"unknown action", func() error { return bot.Call(ctx, "no_such_action", nil, nil) }, 1404},
			} {
				var e *client.Error
				if err := tc.call(); !errors.As(err, &e) || e.Retcode != tc.retcode || e.Message == "" {
					t.Errorf("%s: err = %v, want a client.Error with retcode %d and a message", tc.name, err, tc.retcode)
				}
			}

			// Concurrent calls: each gets its own reply (over WebSocket, matched by echo).
			var wg sync.WaitGroup
			errs := make(chan error, 16)
			for i := range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					want := fmt.Sprintf("并发 %d", i)
					s, err := bot.SendGroupMsg(ctx, gen.SendGroupMsgParams{GroupID: 20001, Message: text(t, want)})
					if err != nil {
						errs <- err
						return
					}
					if m, err := bot.GetMsg(ctx, gen.GetMsgParams{MessageID: s.MessageID}); err != nil || plain(t, m.Message) != want {
						errs <- fmt.Errorf("message %d is %+v (%v), want %q", s.MessageID, m, err, want)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}

			cancelled, stop := context.WithCancel(ctx)
			stop()
			if _, err := bot.GetLoginInfo(cancelled); !errors.Is(err, context.Canceled) {
				t.Errorf("a call with a cancelled context: err = %v, want context.Canceled", err)
			}
			if _, err := bot.GetLoginInfo(ctx); err != nil {
				t.Errorf("the transport is unusable after a cancelled call: %v", err)
			}
		})
	}
}

// Events arrive on the same universal WebSocket connection as the replies: the lifecycle
// connect event first, then what a simulated user says.
func TestGoClientEvents(t *testing.T) {
	api, url := goClientServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, err := client.DialWS(ctx, "ws"+strings.TrimPrefix(url, "http")+"/", client.Options{AccessToken: goClientToken})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()

	type event struct {
		PostType      string `json:"post_type"`
		MetaEventType string `json:"meta_event_type"`
		SubType       string `json:"sub_type"`
		GroupID       int64  `json:"group_id"`
		UserID        int64  `json:"user_id"`
		RawMessage    string `json:"raw_message"`
	}
	next := func() event {
		t.Helper()
		select {
		case raw, ok := <-ws.Events():
			if !ok {
				t.Fatalf("events ended: %v", ws.Err())
			}
			var ev event
			if err := json.Unmarshal(raw, &ev); err != nil {
				t.Fatal(err)
			}
			return ev
		case <-ctx.Done():
			t.Fatal("no event in time")
		}
		return event{}
	}
	if ev := next(); ev.PostType != "meta_event" || ev.MetaEventType != "lifecycle" || ev.SubType != "connect" {
		t.Fatalf("first event = %+v, want the lifecycle connect event", ev)
	}

	worldCaller(t, api)(control.ActionSendMessage, map[string]any{"user_id": json.Number("10003"), "group_id": json.Number("20001"), "message": "ping"})
	// A call in between: its reply must not be taken for an event, nor the event for a reply.
	if _, err := gen.NewClient(ws).GetStatus(ctx); err != nil {
		t.Fatal(err)
	}
	for {
		ev := next()
		if ev.PostType == "meta_event" {
			continue // a heartbeat
		}
		if ev.PostType != "message" || ev.GroupID != 20001 || ev.UserID != 10003 || ev.RawMessage != "ping" {
			t.Fatalf("event = %+v, want 10003's ping in group 20001", ev)
		}
		break
	}

	if err := ws.Close(); err != nil {
		t.Error(err)
	}
	if _, open := <-ws.Events(); open {
		// drain: the channel closes once the connection has ended
		for range ws.Events() {
		}
	}
	if _, err := gen.NewClient(ws).GetStatus(ctx); !errors.Is(err, client.ErrClosed) {
		t.Errorf("a call after Close: err = %v, want client.ErrClosed", err)
	}
}

// A wrong access token is refused on both transports: over HTTP as the call's error (HTTP 403),
// over WebSocket at the handshake.
func TestGoClientAccessToken(t *testing.T) {
	_, url := goClientServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var e *client.Error
	_, err := gen.NewClient(client.NewHTTP(url, client.Options{AccessToken: "wrong"})).GetLoginInfo(ctx)
	if !errors.As(err, &e) || e.HTTPStatus != 403 {
		t.Errorf("HTTP with a wrong token: err = %v, want a client.Error with HTTP 403", err)
	}
	if ws, err := client.DialWS(ctx, "ws"+strings.TrimPrefix(url, "http")+"/", client.Options{AccessToken: "wrong"}); err == nil {
		ws.Close()
		t.Error("WebSocket with a wrong token: connected")
	}
}
