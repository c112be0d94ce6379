package impl_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/wsapi"
)

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Credentials written into --post-url and --ws-reverse-url (user:pass@, ?access_token=)
// reach neither the log nor get_status, which every heartbeat carries to every client.
func TestURLCredentialsNeverShown(t *testing.T) {
	// A port nobody listens on: every attempt fails and is logged.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	var logs lockedBuffer
	w := seededWorld(t, func() time.Time { return fixedNow })
	api, err := impl.New(w, slog.New(slog.NewTextHandler(&logs, nil))).API(impl.Options{
		Reverse: wsapi.ReverseOptions{URL: "ws://bot:hunter2@" + dead + "/ws?access_token=s3cret", Universal: true, ReconnectInterval: time.Millisecond},
		Post:    httppost.Options{URLs: []string{"http://bot:hunter2@" + dead + "/post?access_token=s3cret"}, Timeout: time.Second, RetryInterval: time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	api.Start()
	defer api.Shutdown(context.Background())
	// A message to the bot makes an event for HTTP POST to fail on.
	if _, err := w.As(10002).SendPrivate(context.Background(), 10001, 0, []cqcode.Segment{cqcode.Text("hi")}); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(logs.String(), "reverse websocket: connection failed") || !strings.Contains(logs.String(), "http post") {
		time.Sleep(5 * time.Millisecond) // until both have failed at least once
	}
	srv := httptest.NewServer(api.HTTP)
	defer srv.Close()
	_, status := call(t, newRequest(t, "POST", srv.URL+"/get_status", jsonType, `{}`))
	for what, text := range map[string]string{"the log": logs.String(), "get_status": string(status.Data)} {
		if strings.Contains(text, "hunter2") || strings.Contains(text, "s3cret") {
			t.Errorf("%s shows a credential:\n%s", what, text)
		}
	}
	if !strings.Contains(string(status.Data), "bot:xxxxx@") {
		t.Errorf("get_status does not show the redacted URL: %s", status.Data)
	}
}
