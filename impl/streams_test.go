package impl_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/onespec/onespec/impl"
)

// Idle WebSockets and event streams lock nobody out of the API: beyond MaxStreams a new one
// is refused (503) before it is upgraded, and calls are still answered.
func TestIdleStreamsLockNobodyOut(t *testing.T) {
	srv := newServer(t, impl.Options{MaxStreams: 2})
	ws := "ws" + strings.TrimPrefix(srv.URL, "http")
	for range 2 {
		c, _, err := websocket.Dial(context.Background(), ws+"/api", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
	}
	_, res, err := websocket.Dial(context.Background(), ws+"/api", nil)
	if err == nil || res == nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a WebSocket beyond MaxStreams: %v %v", res, err)
	}
	res, err = http.Get(srv.URL + "/_events")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("an event stream beyond MaxStreams: HTTP %d", res.StatusCode)
	}
	if code, r := call(t, newRequest(t, "POST", srv.URL+"/get_login_info", jsonType, `{}`)); code != 200 || r.Retcode != 0 {
		t.Errorf("get_login_info behind idle WebSockets: HTTP %d %s", code, r.Message)
	}
}

// The second address of forward WebSocket (--ws-addr, go-cqhttp's ws server) serves every
// bot's endpoints, /bots/{self_id}/..., as the main address does.
func TestWebSocketAddressServesEveryBot(t *testing.T) {
	w := seededWorld(t, func() time.Time { return fixedNow })
	api, err := impl.New(w, nil).API(impl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = api.Dispatcher.Shutdown(context.Background()) })
	srv := httptest.NewServer(api.WebSocketHTTP)
	defer srv.Close()
	c, _, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/bots/10001/api", nil)
	if err != nil {
		t.Fatalf("/bots/10001/api on the WebSocket address: %v", err)
	}
	defer c.CloseNow()
	if err := c.Write(context.Background(), websocket.MessageText, []byte(`{"action":"get_login_info"}`)); err != nil {
		t.Fatal(err)
	}
	_, raw, err := c.Read(context.Background())
	if err != nil || !strings.Contains(string(raw), `"user_id":10001`) {
		t.Fatalf("%s %v", raw, err)
	}
	if _, res, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/bots/10002/api", nil); err == nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("a simulated user's path: %v %v", res, err)
	}
}
