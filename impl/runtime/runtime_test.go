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

// A connection beyond MaxConnections waits: it is served once another one ends.
func TestConnectionBound(t *testing.T) {
	release := make(chan struct{})
	var inFlight sync.WaitGroup
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inFlight.Done()
		<-release
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rt := &Runtime{}
	limits := DefaultLimits
	limits.MaxConnections = 1
	srv := rt.Serve(ln, h, limits)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = rt.Run(ctx) }()
	if srv.WriteTimeout != DefaultLimits.WriteTimeout || srv.MaxHeaderBytes != DefaultLimits.MaxHeaderBytes {
		t.Fatalf("limits not applied: %+v", srv)
	}
	// Without keep-alive, so that a finished request frees its connection at once.
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	inFlight.Add(1)
	go func() { _, _ = c.Get("http://" + ln.Addr().String() + "/") }()
	inFlight.Wait()
	second := make(chan struct{})
	inFlight.Add(1)
	go func() {
		_, _ = c.Get("http://" + ln.Addr().String() + "/")
		close(second)
	}()
	select {
	case <-second:
		t.Fatal("a second connection was served beyond the bound")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-second
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
