package runtime

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

type recorder struct {
	mu    sync.Mutex
	steps []string
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps = append(r.steps, s)
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.steps...)
}

type workerFunc func(ctx context.Context) error

func (f workerFunc) Shutdown(ctx context.Context) error { return f(ctx) }

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// On shutdown a request in flight finishes, then workers stop, then resources close.
func TestShutdownOrder(t *testing.T) {
	rec := &recorder{}
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		rec.add("request done")
		_, _ = io.WriteString(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rt := &Runtime{Grace: 5 * time.Second}
	rt.Serve(ln, h, DefaultLimits)
	rt.Close(closerFunc(func() error { rec.add("store closed"); return nil }))
	rt.Own(workerFunc(func(context.Context) error { rec.add("worker 1 stopped"); return nil }))
	rt.Own(workerFunc(func(context.Context) error { rec.add("worker 2 stopped"); return nil }))

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- rt.Run(ctx) }()
	got := make(chan string)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got <- string(body)
	}()
	<-entered
	cancel()
	time.Sleep(50 * time.Millisecond) // shutdown has begun and must wait for the request
	close(release)
	if body := <-got; body != "ok" {
		t.Fatalf("the request in flight got %q", body)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := []string{"request done", "worker 2 stopped", "worker 1 stopped", "store closed"}
	if steps := rec.get(); strings.Join(steps, "|") != strings.Join(want, "|") {
		t.Fatalf("steps %v, want %v", steps, want)
	}
}

// Resources close even when a worker cannot finish in time, and the failure is reported.
func TestShutdownReportsWorkersThatDidNotFinish(t *testing.T) {
	closed := false
	rt := &Runtime{Grace: 20 * time.Millisecond}
	rt.Own(workerFunc(func(ctx context.Context) error {
		<-ctx.Done()
		return errors.New("2 calls dropped")
	}))
	rt.Close(closerFunc(func() error { closed = true; return nil }))
	err := rt.Shutdown()
	if err == nil || !strings.Contains(err.Error(), "2 calls dropped") {
		t.Fatalf("err = %v", err)
	}
	if !closed {
		t.Fatal("the resource was not closed")
	}
}

// serveBounded runs h on a loopback listener bounded to max connections.
func serveBounded(t *testing.T, h http.Handler, max int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rt := &Runtime{}
	limits := DefaultLimits
	limits.MaxConnections = max
	srv := rt.Serve(ln, h, limits)
	if srv.WriteTimeout != DefaultLimits.WriteTimeout || srv.MaxHeaderBytes != DefaultLimits.MaxHeaderBytes {
		t.Fatalf("limits not applied: %+v", srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { _ = rt.Run(ctx) }()
	return ln.Addr().String()
}

// A connection beyond MaxConnections while every connection is serving a request is refused
// at once (503), not left waiting.
func TestConnectionBoundRefuses(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var inFlight sync.WaitGroup
	addr := serveBounded(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inFlight.Done()
		<-release
	}), 1)
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	inFlight.Add(1)
	go func() { _, _ = c.Get("http://" + addr + "/") }()
	inFlight.Wait()
	res, err := c.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("the connection beyond the bound got no answer: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("beyond the bound: HTTP %d, want 503", res.StatusCode)
	}
}

// Connections that send nothing (silent sockets, idle keep-alives) lock nobody out: at the
// bound, the oldest of them gives its place to a new connection.
func TestSilentConnectionsGiveWay(t *testing.T) {
	addr := serveBounded(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}), 3)
	for range 5 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := c.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Fatalf("behind silent sockets: HTTP %d %s", res.StatusCode, body)
	}
}

func TestLogWriterFlushes(t *testing.T) {
	var mu sync.Mutex
	var out bytes.Buffer
	w := NewLogWriter(lockedWriter{&mu, &out}, 10*time.Millisecond)
	_, _ = w.Write([]byte("line 1\n"))
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		s := out.String()
		mu.Unlock()
		if s == "line 1\n" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not flushed: %q", s)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, _ = w.Write([]byte("line 2\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil { // closing twice is harmless
		t.Fatal(err)
	}
	if out.String() != "line 1\nline 2\n" {
		t.Fatalf("after Close: %q", out.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
