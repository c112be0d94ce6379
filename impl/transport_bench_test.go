package impl_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/events"
)

// BenchmarkWebSocketRoundTrip measures an action call over forward WebSocket (a frame out, its
// reply back, on loopback TCP) against a bare WebSocket echo server, interleaved in chunks on
// one machine. x-bare is the reference server's throughput as a fraction of the echo server's
// (target ≥ 0.7).
func BenchmarkWebSocketRoundTrip(b *testing.B) {
	echoSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer conn.CloseNow()
		for {
			typ, p, err := conn.Read(r.Context())
			if err != nil {
				return
			}
			if err := conn.Write(r.Context(), typ, p); err != nil {
				return
			}
		}
	}))
	defer echoSrv.Close()
	api, err := impl.New(seededWorld(b, nil), nil).API(impl.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) }()

	ctx := context.Background()
	dialWS := func(url string) *websocket.Conn {
		c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"), nil)
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	bare, onespec := dialWS(echoSrv.URL), dialWS(srv.URL+"/api")
	defer bare.CloseNow()
	defer onespec.CloseNow()
	frame := []byte(`{"action":"get_login_info","echo":1}`)
	roundTrip := func(c *websocket.Conn) {
		if err := c.Write(ctx, websocket.MessageText, frame); err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.Read(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var bareT, oneT time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(200, b.N-done)
		start := time.Now()
		for range n {
			roundTrip(bare)
		}
		bareT += time.Since(start)
		start = time.Now()
		for range n {
			roundTrip(onespec)
		}
		oneT += time.Since(start)
		done += n
	}
	b.StopTimer()
	b.ReportMetric(float64(oneT.Nanoseconds())/float64(b.N), "onespec-ns/call")
	b.ReportMetric(float64(bareT.Nanoseconds())/float64(b.N), "bare-ns/call")
	b.ReportMetric(float64(bareT)/float64(oneT), "x-bare")
}

// BenchmarkEventFanout publishes events to 1,000 forward-WebSocket clients and reports the
// latency from publishing to each client having read the event: p50 and p99 over every
// (event, client) pair (target p99 < 20 ms).
func BenchmarkEventFanout(b *testing.B) {
	const clients = 1000
	api, err := impl.New(seededWorld(b, nil), nil).API(impl.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// Each client keeps its own arrival times, so measuring does not make the clients wait
	// for each other; latencies are computed after the run.
	type arrival struct {
		seq int
		at  time.Time
	}
	sent := make([]time.Time, b.N)
	arrivals := make([][]arrival, clients)
	// The clients count down arrivals and the last one wakes the publisher: one wake-up per
	// event rather than one per client, so that the harness's own scheduling does not weigh
	// on the latencies it measures.
	var remaining atomic.Int64
	allArrived := make(chan struct{}, 1)
	var wg sync.WaitGroup
	conns := make([]*websocket.Conn, 0, clients)
	for k := range clients {
		c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/event", nil)
		if err != nil {
			b.Fatal(err)
		}
		conns = append(conns, c)
		if _, _, err := c.Read(ctx); err != nil { // the connect event
			b.Fatal(err)
		}
		arrivals[k] = make([]arrival, 0, b.N)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var frame bytes.Buffer
			for {
				// A context without a deadline or cancel costs the client no timer per read,
				// and reading into one buffer no allocation per frame: what is measured is the
				// server's delivery, not the clients' bookkeeping (on two cores the clients'
				// garbage collection would weigh on the server too). Closing the connection
				// ends the read.
				_, r, err := c.Reader(context.Background())
				if err != nil {
					return
				}
				frame.Reset()
				if _, err := frame.ReadFrom(r); err != nil {
					return
				}
				at := time.Now()
				p := frame.Bytes()
				i := bytes.Index(p, []byte(`"seq":`))
				if i < 0 {
					continue
				}
				seq, _ := strconv.Atoi(string(bytes.TrimRight(p[i+6:], "}")))
				arrivals[k] = append(arrivals[k], arrival{seq, at})
				if remaining.Add(-1) == 0 {
					allArrived <- struct{}{}
				}
			}
		}()
	}
	b.ResetTimer()
	for i := range b.N {
		ev, err := events.New(10001, map[string]any{"post_type": "notice", "notice_type": "bench", "self_id": 10001, "seq": i})
		if err != nil {
			b.Fatal(err)
		}
		remaining.Store(clients)
		sent[i] = time.Now()
		api.Events.Publish(ev)
		select {
		case <-allArrived:
		case <-time.After(10 * time.Second):
			b.Fatalf("event %d reached %d of %d clients", i, clients-remaining.Load(), clients)
		}
	}
	b.StopTimer()
	cancel()
	for _, c := range conns {
		c.CloseNow()
	}
	wg.Wait()
	latencies := make([]time.Duration, 0, clients*b.N)
	for _, as := range arrivals {
		for _, a := range as {
			latencies = append(latencies, a.at.Sub(sent[a.seq]))
		}
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(clients), "clients")
}
