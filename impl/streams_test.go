package impl_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

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
