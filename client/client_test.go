package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestHTTP(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		data    any
		wantErr string // empty: none
		want    any
	}{
		{"ok", 200, `{"status":"ok","retcode":0,"data":{"user_id":10001}}`, &struct {
			UserID int64 `json:"user_id"`
		}{}, "", &struct {
			UserID int64 `json:"user_id"`
		}{10001}},
		{"async, no data", 200, `{"status":"async","retcode":1,"data":null}`, &map[string]any{}, "", &map[string]any{}},
		{"failed", 200, `{"status":"failed","retcode":102,"data":null,"message":"group 9 not found","wording":"群不存在"}`, nil,
			"get_x: retcode 102: group 9 not found: 群不存在", nil},
		{"HTTP error with an envelope", 404, `{"status":"failed","retcode":1404,"data":null,"message":"unknown"}`, nil, "get_x: retcode 1404 (HTTP 404): unknown", nil},
		{"HTTP error without one", 401, "Unauthorized\n", nil, "get_x: retcode 0 (HTTP 401): Unauthorized", nil},
		{"not an envelope", 200, `<html>`, nil, "not a OneBot envelope: <html>", nil},
		{"data of the wrong shape", 200, `{"status":"ok","retcode":0,"data":"x"}`, &map[string]any{}, "decoding the reply's data", nil},
		{"too large", 200, `{"status":"ok","retcode":0,"data":"` + strings.Repeat("x", 200) + `"}`, nil, "exceeds 128 bytes", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var params map[string]any
				if r.URL.Path != "/get_x" || r.Header.Get("Authorization") != "Bearer tok" || json.NewDecoder(r.Body).Decode(&params) != nil {
					t.Errorf("request %s %v, params %v", r.URL.Path, r.Header, params)
				}
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			}))
			defer srv.Close()
			err := NewHTTP(srv.URL+"/", Options{AccessToken: "tok", MaxReplyBytes: 128}).Call(context.Background(), "get_x", nil, tc.data)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				got, _ := json.Marshal(tc.data)
				want, _ := json.Marshal(tc.want)
				if string(got) != string(want) {
					t.Errorf("data = %s, want %s", got, want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// fakeWS is a WebSocket server that collects calls and lets the test answer them.
type fakeWS struct {
	calls chan frame
	conns chan *websocket.Conn
}

func newFakeWS(t *testing.T) (*fakeWS, string) {
	f := &fakeWS{calls: make(chan frame, 64), conns: make(chan *websocket.Conn, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		f.conns <- c
		for {
			_, b, err := c.Read(context.Background())
			if err != nil {
				return
			}
			var fr frame
			if err := json.Unmarshal(b, &fr); err != nil {
				t.Errorf("frame %s: %v", b, err)
			}
			f.calls <- fr
		}
	}))
	t.Cleanup(srv.Close)
	return f, "ws" + strings.TrimPrefix(srv.URL, "http")
}

func send(t *testing.T, c *websocket.Conn, v string) {
	if err := c.Write(context.Background(), websocket.MessageText, []byte(v)); err != nil {
		t.Error(err)
	}
}

// Replies are matched to calls by echo whatever their order; events in between go to Events;
// a call whose context ends returns without disturbing the others; when the server goes away
// calls in flight fail and Events closes.
func TestWS(t *testing.T) {
	f, url := newFakeWS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := DialWS(ctx, url, Options{}); err == nil {
		t.Fatal("dialled without the token")
	}
	w, err := DialWS(ctx, url, Options{AccessToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	server := <-f.conns

	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var data struct{ N int }
			if err := w.Call(ctx, "echo_n", map[string]int{"n": i}, &data); err != nil || data.N != i {
				t.Errorf("call %d: data %d, err %v", i, data.N, err)
			}
		}()
	}
	var calls []frame
	for range n {
		calls = append(calls, <-f.calls)
	}
	send(t, server, `{"post_type":"message","message":[{"type":"text","data":{"text":"hi"}}]}`)
	for i := len(calls) - 1; i >= 0; i-- { // answered in reverse order
		var p struct{ N int }
		_ = json.Unmarshal(calls[i].Params, &p)
		send(t, server, fmt.Sprintf(`{"status":"ok","retcode":0,"data":{"N":%d},"echo":%q}`, p.N, calls[i].Echo))
	}
	wg.Wait()
	if ev := <-w.Events(); !strings.Contains(string(ev), `"text":"hi"`) {
		t.Errorf("event = %s", ev)
	}

	// A call the server never answers ends with its context, and the connection stays usable.
	short, stop := context.WithTimeout(ctx, 50*time.Millisecond)
	defer stop()
	if err := w.Call(short, "hang", nil, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("unanswered call: err = %v, want DeadlineExceeded", err)
	}
	<-f.calls
	done := make(chan error, 1)
	go func() { done <- w.Call(ctx, "get_y", nil, nil) }()
	c := <-f.calls
	send(t, server, fmt.Sprintf(`{"status":"failed","retcode":1404,"data":null,"message":"no get_y","echo":%q}`, c.Echo))
	var e *Error
	if err := <-done; !errors.As(err, &e) || e.Retcode != 1404 || e.Action != "get_y" {
		t.Errorf("failed call: err = %v, want retcode 1404", err)
	}

	// The server goes away with a call in flight.
	go func() { done <- w.Call(ctx, "get_z", nil, nil) }()
	<-f.calls
	server.CloseNow()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "connection ended") {
		t.Errorf("call in flight when the connection ended: err = %v", err)
	}
	for range w.Events() {
	}
	if w.Err() == nil || errors.Is(w.Err(), ErrClosed) {
		t.Errorf("Err = %v, want why the server's end closed", w.Err())
	}
}

// Events beyond the buffer are dropped and counted, never blocking the replies.
func TestWSEventsDropped(t *testing.T) {
	f, url := newFakeWS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w, err := DialWS(ctx, url, Options{AccessToken: "tok", EventBuffer: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	server := <-f.conns
	for range 5 {
		send(t, server, `{"post_type":"notice"}`)
	}
	done := make(chan error, 1)
	go func() { done <- w.Call(ctx, "get_status", nil, nil) }()
	c := <-f.calls
	send(t, server, fmt.Sprintf(`{"status":"ok","retcode":0,"data":null,"echo":%q}`, c.Echo))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := w.DroppedEvents(); got != 3 {
		t.Errorf("dropped %d events, want 3", got)
	}
	if err := w.Close(); err != nil {
		t.Error(err)
	}
	if err := w.Call(ctx, "get_status", nil, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("call after Close: err = %v, want ErrClosed", err)
	}
}
