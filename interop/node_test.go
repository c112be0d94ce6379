package interop

// Real JavaScript OneBot clients against the reference server: node-napcat-ts over forward
// WebSocket, and a Koishi app with koishi-plugin-adapter-onebot over forward WebSocket,
// reverse WebSocket and HTTP with HTTP POST events. Their scripts are in node/ (see the
// comments there); the packages are pinned in node/package-lock.json and installed with npm ci
// the first time, and again only when the lock file changes.
//
// Each script connects with the access token, makes its calls and checks the answers itself,
// then prints READY. The test then has 小红 say "a&b <c>" and "ping" in group 20001 until the
// bot answers "pong" there, and the script must exit 0.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/worlddata"
	"github.com/onespec/onespec/impl/wsapi"
)

const (
	nodeToken  = "node-secret"
	nodeSecret = "node-sig"
)

func TestNodeClients(t *testing.T) {
	dir := nodeModules(t, "node")
	tests := []struct {
		name, script, protocol string
		// hello is what the script sends to group 20001 (raw_message, CQ codes).
		hello string
	}{
		{"napcat/ws", "napcat.mjs", "ws", "hello from node-napcat-ts [CQ:face,id=14]"},
		{"koishi/ws", "koishi.cjs", "ws", "hello from koishi [CQ:face,id=14][CQ:at,qq=10002]"},
		{"koishi/ws-reverse", "koishi.cjs", "ws-reverse", "hello from koishi [CQ:face,id=14][CQ:at,qq=10002]"},
		{"koishi/http", "koishi.cjs", "http", "hello from koishi [CQ:face,id=14][CQ:at,qq=10002]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			runNodeClient(t, dir, tt.script, tt.protocol, tt.hello)
			t.Logf("%s over %s: %s", tt.script, tt.protocol, time.Since(start).Round(10*time.Millisecond))
		})
	}
}

// nodeModules returns dir (node/ or browser/), with its packages installed as its lock file
// says; it skips the test when node or npm is missing.
func nodeModules(t *testing.T, dir string) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the JavaScript clients need %s (Node.js 18.17 or later), which is not installed: %v", tool, err)
		}
	}
	// Koishi's undici needs Node.js 18.17, node-napcat-ts's nanoid 18.
	v, err := exec.Command("node", "--version").Output()
	if err != nil {
		t.Fatalf("node --version: %v", err)
	}
	var major, minor int
	if _, err := fmt.Sscanf(string(v), "v%d.%d", &major, &minor); err != nil || major < 18 || major == 18 && minor < 17 {
		t.Skipf("the JavaScript clients need Node.js 18.17 or later, not %s", strings.TrimSpace(string(v)))
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var sum []byte
	for _, f := range []string{"package.json", "package-lock.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sum = append(sum, b...)
	}
	h := sha256.Sum256(sum)
	want := hex.EncodeToString(h[:])
	stamp := filepath.Join(dir, "node_modules", ".onespec-installed")
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		return dir
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, tail(string(out), 4000))
	}
	t.Logf("npm ci: %s", time.Since(start).Round(100*time.Millisecond))
	if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runNodeClient(t *testing.T, dir, script, protocol, hello string) {
	data, err := worlddata.Open(context.Background(), worlddata.Config{Dir: worlddata.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()

	// The address Koishi listens on when onespec connects to it (reverse WebSocket, HTTP POST).
	botAddr := freeAddr(t)
	opts := impl.Options{AccessToken: nodeToken, HeartbeatInterval: time.Second, World: &impl.WorldOptions{}}
	switch protocol {
	case "ws-reverse":
		opts.Reverse = wsapi.ReverseOptions{URL: "ws://" + botAddr + "/onebot", Universal: true, ReconnectInterval: 100 * time.Millisecond}
	case "http":
		opts.Post = httppost.Options{URLs: []string{"http://" + botAddr + "/onebot"}, Secret: nodeSecret}
	}
	api, err := impl.New(data.World, nil).API(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) }()
	api.Start()

	endpoint := srv.URL
	if protocol == "ws" {
		endpoint = "ws" + strings.TrimPrefix(srv.URL, "http") + "/"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"ONESPEC_WS="+endpoint, "ONESPEC_ENDPOINT="+endpoint, "ONESPEC_PROTOCOL="+protocol,
		"ONESPEC_TOKEN="+nodeToken, "ONESPEC_SECRET="+nodeSecret,
		"KOISHI_PORT="+botAddr[strings.LastIndexByte(botAddr, ':')+1:])
	var (
		mu          sync.Mutex
		out, stderr bytes.Buffer
		ready       = make(chan struct{})
		exited      = make(chan error, 1)
	)
	cmd.Stderr = lockedWriter{&mu, &stderr}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		once := sync.Once{}
		for sc.Scan() {
			mu.Lock()
			out.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if sc.Text() == "READY" {
				once.Do(func() { close(ready) })
			}
		}
		exited <- cmd.Wait()
	}()
	output := func() string {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprintf("stdout:\n%s\nstderr:\n%s", tail(out.String(), 3000), tail(stderr.String(), 3000))
	}
	defer func() {
		if t.Failed() {
			t.Log(output())
		}
	}()

	select {
	case <-ready:
	case err := <-exited:
		t.Fatalf("%s over %s ended before it was ready: %v", script, protocol, err)
	case <-ctx.Done():
		t.Fatalf("%s over %s: not ready in time", script, protocol)
	}

	world := worldCaller(t, api)
	type sentMessage struct {
		RawMessage string `json:"raw_message"`
	}
	var sent []sentMessage
	if err := json.Unmarshal(world(control.ActionListSent, map[string]any{"self_id": json.Number("10001"), "group_id": json.Number("20001")}), &sent); err != nil {
		t.Fatal(err)
	}
	if len(sent) == 0 || sent[len(sent)-1].RawMessage != hello {
		t.Errorf("the script's message is not in group 20001: %+v, want %q", sent, hello)
	}

	answered := false
	for attempt := 0; !answered && ctx.Err() == nil; attempt++ {
		// 小红 (10003) says "a&b <c>", which the script expects right before ping (over HTTP
		// POST it arrives only when Koishi's signature check accepts the body), then ping.
		world(control.ActionSendMessage, map[string]any{"user_id": json.Number("10003"), "group_id": json.Number("20001"), "message": "a&b <c>"})
		var said struct {
			MessageID int32 `json:"message_id"`
		}
		if err := json.Unmarshal(world(control.ActionSendMessage, map[string]any{
			"user_id": json.Number("10003"), "group_id": json.Number("20001"), "message": "ping"}), &said); err != nil {
			t.Fatal(err)
		}
		var sent []sentMessage
		if err := json.Unmarshal(world(control.ActionWaitSent, map[string]any{"self_id": json.Number("10001"), "group_id": json.Number("20001"),
			"after_id": json.Number(fmt.Sprint(said.MessageID)), "timeout": json.Number("3000")}), &sent); err != nil {
			t.Fatal(err)
		}
		if len(sent) > 0 {
			if sent[0].RawMessage != "pong" {
				t.Fatalf("the bot answered %q, not pong", sent[0].RawMessage)
			}
			answered = true
			t.Logf("%s over %s answered pong after %d pings", script, protocol, attempt+1)
		}
		select {
		case err := <-exited:
			if !answered {
				t.Fatalf("%s over %s ended without answering: %v", script, protocol, err)
			}
			exited <- err
		default:
		}
	}
	if !answered {
		t.Fatalf("%s over %s never answered pong", script, protocol)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("%s over %s: %v", script, protocol, err)
		}
	case <-ctx.Done():
		t.Fatalf("%s over %s did not end after answering", script, protocol)
	}
	if !strings.Contains(output(), "ANSWERED") {
		t.Errorf("%s over %s exited without saying it answered", script, protocol)
	}
}

// lockedWriter writes to w under mu, so that a running process's output can be read.
type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
