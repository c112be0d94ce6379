package impl_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/wsapi"
)

// A bot's reverse WebSocket endpoint, as NoneBot or Koishi serve it: it records how each role
// connected, and closes the first connection of each role to make the client reconnect.
type reverseBot struct {
	mu      sync.Mutex
	headers map[string][]http.Header // by role
	open    map[string]int
	maxOpen map[string]int
	frames  chan string
}

func (b *reverseBot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	role := r.Header.Get("X-Client-Role")
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	b.mu.Lock()
	b.headers[role] = append(b.headers[role], r.Header.Clone())
	b.open[role]++
	b.maxOpen[role] = max(b.maxOpen[role], b.open[role])
	first := len(b.headers[role]) == 1
	b.mu.Unlock()
	defer func() { b.mu.Lock(); b.open[role]--; b.mu.Unlock() }()
	ctx := r.Context()
	if first {
		_ = conn.Close(websocket.StatusServiceRestart, "bot restarting")
		return
	}
	if role == string(wsapi.RoleAPI) {
		_ = conn.Write(ctx, websocket.MessageText, []byte(`{"action":"get_login_info","echo":"rev"}`))
	}
	for {
		_, raw, err := conn.Read(ctx)
		if err != nil {
			return
		}
		b.frames <- role + " " + string(raw)
	}
}

func TestReverseWebSocket(t *testing.T) {
	for _, scheme := range []string{"Bearer", "Token"} {
		t.Run(scheme, func(t *testing.T) {
			bot := &reverseBot{headers: map[string][]http.Header{}, open: map[string]int{}, maxOpen: map[string]int{}, frames: make(chan string, 100)}
			botSrv := httptest.NewServer(bot)
			defer botSrv.Close()
			url := "ws" + strings.TrimPrefix(botSrv.URL, "http")
			api, _ := newAPI(t, impl.Options{AccessToken: "tok", Reverse: wsapi.ReverseOptions{
				APIURL: url + "/api", EventURL: url + "/event", AuthScheme: scheme, ReconnectInterval: 10 * time.Millisecond,
			}})
			api.Start()
			seen := map[string]string{}
			deadline := time.After(10 * time.Second)
			for len(seen) < 2 {
				select {
				case f := <-bot.frames:
					role, frame, _ := strings.Cut(f, " ")
					if _, ok := seen[role]; !ok {
						seen[role] = frame
					}
				case <-deadline:
					t.Fatalf("frames seen: %v", seen)
				}
			}
			if !strings.Contains(seen["Event"], `"sub_type":"connect"`) || !strings.Contains(seen["Event"], `"self_id":10001`) {
				t.Errorf("the Event connection's first frame: %s", seen["Event"])
			}
			if !strings.Contains(seen["API"], `"echo":"rev"`) || !strings.Contains(seen["API"], `"user_id":10001`) {
				t.Errorf("the API connection's reply: %s", seen["API"])
			}
			bot.mu.Lock()
			defer bot.mu.Unlock()
			for _, role := range []string{"API", "Event"} {
				h := bot.headers[role]
				if len(h) < 2 {
					t.Fatalf("%s connected %d times; it should have reconnected", role, len(h))
				}
				if h[1].Get("X-Self-ID") != "10001" || h[1].Get("Authorization") != scheme+" tok" {
					t.Errorf("%s headers: %v", role, h[1])
				}
				if bot.maxOpen[role] != 1 {
					t.Errorf("%s had %d connections at once", role, bot.maxOpen[role])
				}
			}
			if st := api.Reverse.Stats(); len(st) != 2 || st[0].Reconnects < 1 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// Events are POSTed signed; the bot's answer is a quick operation applied to the world; a
// failing bot is retried, a refusing one is not.
func TestHTTPPostReporting(t *testing.T) {
	type received struct {
		header http.Header
		body   string
	}
	got := make(chan received, 10)
	var calls atomic.Int32
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if calls.Add(1) == 1 {
			http.Error(w, "warming up", http.StatusServiceUnavailable) // retried
			return
		}
		got <- received{r.Header.Clone(), string(body)}
		if strings.Contains(string(body), `"post_type":"message"`) {
			_, _ = w.Write([]byte(`{"reply":"pong","at_sender":false}`))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer bot.Close()
	w := seededWorld(t, func() time.Time { return fixedNow })
	api, err := impl.New(w, nil).API(impl.Options{Post: httppost.Options{URLs: []string{bot.URL}, Secret: "s3cret", Retries: 2, RetryInterval: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	api.Start()
	sent := func() int64 {
		st, err := w.Bot(10001).Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st.MessagesSent
	}
	sentBefore := sent()
	ev, _ := events.New(10001, map[string]any{
		"time": 1, "self_id": 10001, "post_type": "message", "message_type": "group", "sub_type": "normal",
		"message_id": 1001, "group_id": 20001, "user_id": 10002, "message": []map[string]any{{"type": "text", "data": map[string]any{"text": "ping"}}},
	})
	api.Events.Publish(ev)
	var r received
	select {
	case r = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the event was not reported")
	}
	if r.header.Get("X-Self-ID") != "10001" || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", r.header)
	}
	if want := httppost.Sign("s3cret", []byte(r.body)); r.header.Get("X-Signature") != want {
		t.Errorf("X-Signature %q, want %q", r.header.Get("X-Signature"), want)
	}
	var body map[string]any
	if json.Unmarshal([]byte(r.body), &body) != nil || body["post_type"] != "message" {
		t.Errorf("body %s", r.body)
	}
	deadline := time.Now().Add(5 * time.Second)
	for sent() == sentBefore && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if sent() != sentBefore+1 {
		t.Errorf("the quick reply was not sent: %d messages sent, want %d", sent(), sentBefore+1)
	}
	if posted, failed := api.Poster.Stats(); posted != 1 || failed != 0 {
		t.Errorf("posted %d, failed %d", posted, failed)
	}
	// RFC 2202's HMAC-SHA1 test case 2.
	if sig := httppost.Sign("Jefe", []byte("what do ya want for nothing?")); sig != "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" {
		t.Errorf("Sign = %q", sig)
	}
}
