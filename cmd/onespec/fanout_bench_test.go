package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// Event fan-out, measured from outside: fanoutClients forward-WebSocket clients run in a
// child process of their own (so the figure is the server's, not this process's scheduling),
// the parent drives fanoutEvents events one at a time and the child says when every client
// has one. An event's latency at a client is its arrival (wall clock, which both processes
// share) minus the moment the parent asked for it: on onespec a simulated user's group message
// through the world control API (in memory, so no fsync is counted), on the bare server a
// POST /broadcast to a plain hub of per-client writers.
const (
	fanoutClients = 1000
	fanoutEvents  = 40
)

// fanout returns the p50 and p99 latency over every (event, client) pair.
func fanout(b *testing.B, wsURL string, trigger func(k int) error) (p50, p99 time.Duration) {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "ONESPEC_TEST_RUN_FANOUT="+wsURL, fmt.Sprintf("ONESPEC_TEST_FANOUT_CLIENTS=%d", fanoutClients))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { in.Close(); cmd.Process.Kill(); cmd.Wait() }()
	lines := bufio.NewScanner(out)
	lines.Buffer(nil, 64<<20)
	next := func() string {
		if !lines.Scan() {
			b.Fatalf("the fan-out clients ended: %v", lines.Err())
		}
		return lines.Text()
	}
	if l := next(); l != "ready" {
		b.Fatalf("fan-out clients: %s", l)
	}
	sent := make([]int64, fanoutEvents)
	for k := range fanoutEvents {
		sent[k] = time.Now().UnixNano()
		if err := trigger(k); err != nil {
			b.Fatal(err)
		}
		if l := next(); l != "got "+strconv.Itoa(k) {
			b.Fatalf("fan-out clients, event %d: %s", k, l)
		}
	}
	fmt.Fprintln(in, "report")
	var arrivals [][]int64 // [event][client] unix ns
	if err := json.Unmarshal([]byte(next()), &arrivals); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	for k, at := range arrivals {
		for _, t := range at {
			lat = append(lat, time.Duration(t-sent[k]))
		}
	}
	if len(lat) != fanoutClients*fanoutEvents {
		b.Fatalf("%d arrivals, want %d", len(lat), fanoutClients*fanoutEvents)
	}
	slices.Sort(lat)
	return lat[len(lat)/2], lat[len(lat)*99/100]
}

// The fan-out clients: when this test binary is started with ONESPEC_TEST_RUN_FANOUT=<ws url>,
// it connects the clients, says "ready", then "got K" once every client has read an event
// carrying "fanout-K", and on "report" from stdin prints the arrival times as JSON.
func init() {
	url := os.Getenv("ONESPEC_TEST_RUN_FANOUT")
	if url == "" {
		return
	}
	n, _ := strconv.Atoi(os.Getenv("ONESPEC_TEST_FANOUT_CLIENTS"))
	ctx := context.Background()
	arrivals := make([][]int64, fanoutEvents) // [event][client]
	for k := range arrivals {
		arrivals[k] = make([]int64, n)
	}
	remaining := make([]atomic.Int64, fanoutEvents)
	for k := range remaining {
		remaining[k].Store(int64(n))
	}
	var mu sync.Mutex // stdout
	say := func(s string) { mu.Lock(); fmt.Println(s); mu.Unlock() }
	conns := make([]*websocket.Conn, n)
	for i := range n {
		c, _, err := websocket.Dial(ctx, url, nil)
		if err != nil {
			fmt.Println("dial:", err)
			os.Exit(1)
		}
		c.SetReadLimit(1 << 20)
		conns[i] = c
	}
	for i, c := range conns {
		go func() {
			for {
				_, p, err := c.Read(ctx)
				if err != nil {
					return
				}
				at := time.Now().UnixNano()
				s := string(p)
				j := strings.Index(s, "fanout-")
				if j < 0 {
					continue // the connect event, heartbeats
				}
				rest := s[j+len("fanout-"):]
				end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
				if end < 0 {
					end = len(rest)
				}
				k, err := strconv.Atoi(rest[:end])
				if err != nil || k < 0 || k >= fanoutEvents || arrivals[k][i] != 0 {
					continue // the same event again, in another field of the frame
				}
				arrivals[k][i] = at
				if remaining[k].Add(-1) == 0 {
					say("got " + strconv.Itoa(k))
				}
			}
		}()
	}
	say("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if in.Text() == "report" {
			out, _ := json.Marshal(arrivals)
			say(string(out))
		}
	}
	os.Exit(0)
}

// fanoutRows measures onespec (in memory) and the bare hub; both are children of the bench.
func fanoutRows(b *testing.B, memory, bare *child) (bareP99, subjP99, bareP50, subjP50 time.Duration) {
	post := func(url, body string) error {
		r, err := http.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		defer r.Body.Close()
		msg, _ := io.ReadAll(r.Body)
		if r.StatusCode != 200 || strings.Contains(string(msg), `"failed"`) {
			return fmt.Errorf("%s: %d %s", url, r.StatusCode, msg)
		}
		return nil
	}
	ws := func(u string) string { return "ws" + strings.TrimPrefix(u, "http") + "/event" }
	bareP50, bareP99 = fanout(b, ws(bare.url), func(k int) error {
		return post(bare.url+"/broadcast", fmt.Sprintf(`{"text":"fanout-%d"}`, k))
	})
	subjP50, subjP99 = fanout(b, ws(memory.url), func(k int) error {
		return post(memory.url+"/_world/send_message", fmt.Sprintf(`{"user_id":10003,"group_id":20001,"message":"fanout-%d"}`, k))
	})
	return bareP99, subjP99, bareP50, subjP50
}
