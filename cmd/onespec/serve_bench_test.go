package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/labstack/echo/v4"
)

// BenchmarkServe measures `onespec serve` as a client sees it, each row against a bare Echo
// server (a child process too, answering the same envelope) in the same run, the two
// interleaved so that whatever else the machine does weighs on both alike. The clients run in
// this process. It prints the table and reports the ratios:
//
//   - throughput (x-bare: onespec's calls per second over the bare server's, 1.0 = as fast) of
//     get_login_info and get_group_member_info, and of a 3-segment send_group_msg on a data
//     directory (durable: every answered send is fsync'd) with 1, 4 and 32 connections and in
//     memory with 32;
//   - the p50 of get_group_member_info while 32 connections send, over its p50 alone;
//   - start to first answer and idle RSS, as the bare server's over onespec's;
//   - the p50 and p99 latency of an event reaching 1,000 WebSocket clients run in a process
//     of their own, against a bare hub's (fanout_bench_test.go).
//
// It ignores b.N: each row runs for serveBenchRound, serveBenchRounds times a side.
func BenchmarkServe(b *testing.B) {
	bare := startChild(b, []string{"ONESPEC_TEST_RUN_BARE=1"})
	durable := startChild(b, []string{"ONESPEC_TEST_RUN_MAIN=1"}, "serve", "--addr", "127.0.0.1:0", "--data-dir", b.TempDir(), "--log-level", "warn")
	memory := startChild(b, []string{"ONESPEC_TEST_RUN_MAIN=1"}, "serve", "--addr", "127.0.0.1:0", "--data-dir", ":memory:", "--log-level", "warn", "--max-streams", "2000", "--max-connections", "2100")

	type row struct {
		name        string
		bare, subj  float64
		unit, ratio string
	}
	var rows []row
	report := func(r row) {
		rows = append(rows, r)
		b.ReportMetric(r.bare/r.subj, r.name+"/"+r.ratio)
	}
	throughput := func(name string, subject *child, call benchCall, conns int) {
		var bareRate, subjRate float64
		for range serveBenchRounds {
			bareRate += load(b, bare.url, call, conns, serveBenchRound).rate()
			subjRate += load(b, subject.url, call, conns, serveBenchRound).rate()
		}
		// Calls per second: the ratio is onespec's over the bare server's.
		rows = append(rows, row{name, bareRate / serveBenchRounds, subjRate / serveBenchRounds, "calls/s", "x-bare"})
		b.ReportMetric(subjRate/bareRate, name+"/x-bare")
	}
	throughput("get_login_info-32c", durable, loginInfo, 32)
	throughput("get_group_member_info-32c", durable, memberInfo, 32)
	for _, conns := range []int{1, 4, 32} {
		throughput(fmt.Sprintf("send_group_msg-durable-%dc", conns), durable, send3, conns)
	}
	throughput("send_group_msg-memory-32c", memory, send3, 32)

	// A read's latency while sends run, against the same read alone.
	var alone, during time.Duration
	for range serveBenchRounds {
		alone += load(b, durable.url, memberInfo, 1, serveBenchRound).p50()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					load(b, durable.url, send3, 32, serveBenchRound/4)
				}
			}
		}()
		during += load(b, durable.url, memberInfo, 1, serveBenchRound).p50()
		close(stop)
		wg.Wait()
	}
	report(row{"get_group_member_info-p50-during-sends", float64(alone / serveBenchRounds), float64(during / serveBenchRounds), "ns p50", "x-alone"})

	// Start to first answer on an existing data directory (a restart; the first start, which
	// creates the world, is not counted), and the memory of a started server that answered a
	// few calls.
	var bareStart, subjStart time.Duration
	var bareRSS, subjRSS int64
	restartDir := b.TempDir()
	startChild(b, []string{"ONESPEC_TEST_RUN_MAIN=1"}, "serve", "--addr", "127.0.0.1:0", "--data-dir", restartDir, "--log-level", "warn").stop()
	for range serveBenchRounds {
		c := startChild(b, []string{"ONESPEC_TEST_RUN_BARE=1"})
		bareStart += c.firstAnswer
		bareRSS += c.rss(b)
		c.stop()
		c = startChild(b, []string{"ONESPEC_TEST_RUN_MAIN=1"}, "serve", "--addr", "127.0.0.1:0", "--data-dir", restartDir, "--log-level", "warn")
		subjStart += c.firstAnswer
		subjRSS += c.rss(b)
		c.stop()
	}
	report(row{"start-to-first-answer", float64(bareStart / serveBenchRounds), float64(subjStart / serveBenchRounds), "ns", "x-bare"})
	report(row{"idle-rss", float64(bareRSS / serveBenchRounds), float64(subjRSS / serveBenchRounds), "bytes", "x-bare"})

	// Event fan-out to 1,000 WebSocket clients in a process of their own (fanout_bench_test.go).
	bareP99, subjP99, bareP50, subjP50 := fanoutRows(b, memory, bare)
	report(row{fmt.Sprintf("event-fanout-%dws-p50", fanoutClients), float64(bareP50), float64(subjP50), "ns", "x-bare"})
	report(row{fmt.Sprintf("event-fanout-%dws-p99", fanoutClients), float64(bareP99), float64(subjP99), "ns", "x-bare"})

	fmt.Fprintf(os.Stdout, "\n%-40s %14s %14s %8s  %s\n", "row", "bare", "onespec", "ratio", "unit (ratio)")
	for _, r := range rows {
		ratio := r.bare / r.subj
		if r.unit == "calls/s" {
			ratio = r.subj / r.bare
		}
		fmt.Fprintf(os.Stdout, "%-40s %14.0f %14.0f %8.3f  %s (%s)\n", r.name, r.bare, r.subj, ratio, r.unit, r.ratio)
	}
}

const (
	serveBenchRound  = 1500 * time.Millisecond
	serveBenchRounds = 3
)

type benchCall struct{ action, body string }

var (
	loginInfo  = benchCall{"get_login_info", `{}`}
	memberInfo = benchCall{"get_group_member_info", `{"group_id":20001,"user_id":10002}`}
	send3      = benchCall{"send_group_msg", `{"group_id":20001,"message":[{"type":"at","data":{"qq":"10002"}},{"type":"text","data":{"text":" 你好"}},{"type":"face","data":{"id":"14"}}]}`}
)

// loadResult is what load measured: the calls answered and each one's latency.
type loadResult struct {
	calls     int
	elapsed   time.Duration
	latencies []time.Duration
}

func (r loadResult) rate() float64 { return float64(r.calls) / r.elapsed.Seconds() }

func (r loadResult) p50() time.Duration {
	slices.Sort(r.latencies)
	return r.latencies[len(r.latencies)/2]
}

// load calls base/<action> from conns keep-alive connections for d.
func load(b *testing.B, base string, c benchCall, conns int, d time.Duration) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	url := base + "/" + c.action
	var mu sync.Mutex
	var res loadResult
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				r, err := client.Post(url, "application/json", strings.NewReader(c.body))
				if err != nil {
					b.Error(err)
					return
				}
				body, _ := io.ReadAll(r.Body)
				r.Body.Close()
				if r.StatusCode != 200 || !bytes.Contains(body, []byte(`"retcode":0`)) {
					b.Errorf("%s: HTTP %d %s", c.action, r.StatusCode, body)
					return
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			res.calls += len(lat)
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	if res.calls == 0 {
		b.Fatalf("%s: no call answered", c.action)
	}
	return res
}

// child is a server in a child process of this test binary.
type child struct {
	cmd         *exec.Cmd
	url         string
	firstAnswer time.Duration // from starting the process to its first answered call
}

var listening = regexp.MustCompile(`on http://([0-9.:]+)`)

// startChild starts this test binary with env and args (onespec's main, or the bare server),
// and waits for the first answer to get_login_info.
func startChild(b *testing.B, env []string, args ...string) *child {
	b.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	c := &child{cmd: cmd}
	b.Cleanup(c.stop)
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			c.url = "http://" + m[1]
			break
		}
	}
	go func() { // keep draining so the child never blocks on a full pipe
		for lines.Scan() {
		}
	}()
	if c.url == "" {
		b.Fatalf("%v did not start", args)
	}
	for {
		r, err := http.Post(c.url+"/get_login_info", "application/json", strings.NewReader(`{}`))
		if err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > 30*time.Second {
			b.Fatalf("%v: no answer: %v", args, err)
		}
	}
	c.firstAnswer = time.Since(start)
	return c
}

func (c *child) stop() {
	if c.cmd.ProcessState == nil {
		c.cmd.Process.Kill()
		c.cmd.Wait()
	}
}

// rss is the child's resident memory after a few calls and a moment to settle.
func (c *child) rss(b *testing.B) int64 {
	for range 10 {
		r, err := http.Post(c.url+"/get_login_info", "application/json", strings.NewReader(`{}`))
		if err != nil {
			b.Fatal(err)
		}
		r.Body.Close()
	}
	time.Sleep(200 * time.Millisecond)
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

// The bare server: when this test binary is started with ONESPEC_TEST_RUN_BARE=1, it is the
// least a JSON server on Echo does for a call (route it, read the JSON parameters, answer an
// envelope) and nothing else.
func init() {
	if os.Getenv("ONESPEC_TEST_RUN_BARE") != "1" {
		return
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	hub := newBareHub()
	e.GET("/event", hub.accept)
	e.POST("/broadcast", hub.broadcast)
	e.Any("/*", func(c echo.Context) error {
		params := map[string]any{}
		if err := json.NewDecoder(c.Request().Body).Decode(&params); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"status": "ok", "retcode": 0, "data": params, "message": "", "wording": ""})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("bare server on http://%s\n", ln.Addr())
	e.Listener = ln
	if err := e.Start(""); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(0)
}

// bareHub is the least an event hub does: a writer goroutine and a queue per WebSocket client,
// and a broadcast that hands the frame to every queue.
type bareHub struct {
	mu      sync.Mutex
	clients map[chan []byte]bool
}

func newBareHub() *bareHub { return &bareHub{clients: map[chan []byte]bool{}} }

func (h *bareHub) accept(c echo.Context) error {
	conn, err := websocket.Accept(c.Response(), c.Request(), nil)
	if err != nil {
		return nil
	}
	q := make(chan []byte, 64)
	h.mu.Lock()
	h.clients[q] = true
	h.mu.Unlock()
	defer func() { h.mu.Lock(); delete(h.clients, q); h.mu.Unlock() }()
	ctx := conn.CloseRead(c.Request().Context())
	for {
		select {
		case <-ctx.Done():
			return nil
		case frame := <-q:
			if err := conn.Write(ctx, websocket.MessageText, frame); err != nil {
				return nil
			}
		}
	}
}

func (h *bareHub) broadcast(c echo.Context) error {
	var body struct{ Text string }
	if err := json.NewDecoder(c.Request().Body).Decode(&body); err != nil {
		return err
	}
	frame, _ := json.Marshal(map[string]any{"post_type": "message", "message_type": "group", "raw_message": body.Text, "time": time.Now().Unix()})
	h.mu.Lock()
	for q := range h.clients {
		select {
		case q <- frame:
		default:
		}
	}
	h.mu.Unlock()
	return c.JSON(http.StatusOK, map[string]any{"status": "ok", "retcode": 0, "data": nil})
}
