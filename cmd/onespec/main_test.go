package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/worlddata"
	"github.com/onespec/onespec/openapi"
)

func TestCommands(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantErr    error
		wantStdout string
		wantStderr string
	}{
		{"no command", nil, errUsage, "", "Usage:"},
		{"unknown command", []string{"serv"}, errUsage, "", `unknown command "serv"`},
		{"help", []string{"help"}, nil, "onespec conform", ""},
		{"version", []string{"version"}, nil, "onespec ", ""},
		{"spec", []string{"spec"}, nil, "openapi: 3.0.3", ""},
		{"spec as JSON", []string{"spec", "--json"}, nil, `"openapi":"3.0.3"`, ""},
		{"conform needs a URL", []string{"conform"}, errUsage, "", "--url"},
		{"conform rejects a bare host", []string{"conform", "--url", "127.0.0.1:5700"}, nil, "", ""},
		{"conform rejects --url with --ws", []string{"conform", "--url", "http://x", "--ws", "ws://x"}, errUsage, "", "--ws"},
		{"conform rejects an http --ws", []string{"conform", "--ws", "http://x"}, nil, "", ""},
		{"disruptive needs mutations", []string{"conform", "--url", "http://x", "--allow-disruptive"}, nil, "", ""},
		{"conform rejects a bad --run pattern", []string{"conform", "--url", "http://x", "--run", "("}, nil, "", ""},
		{"conform rejects an unknown profile", []string{"conform", "--url", "http://x", "--profile", "cqhttp"}, nil, "", ""},
		{"proxy needs an upstream", []string{"proxy"}, errUsage, "", "--upstream"},
		{"proxy rejects a bare host upstream", []string{"proxy", "--upstream", "127.0.0.1:3000", "--listen", "127.0.0.1:0"}, nil, "", ""},
		{"proxy needs --reverse-to with --reverse-listen", []string{"proxy", "--upstream", "http://x", "--reverse-listen", "127.0.0.1:0"}, errUsage, "", "--reverse-to"},
		{"proxy needs --post-to with --post-listen", []string{"proxy", "--upstream", "http://x", "--post-to", "http://y"}, errUsage, "", "--post-listen"},
		{"proxy rejects an unknown profile", []string{"proxy", "--upstream", "http://x", "--profile", "cqhttp", "--listen", "127.0.0.1:0"}, nil, "", ""},
		{"serve rejects a bad log level", []string{"serve", "--log-level", "loud"}, nil, "", ""},
		{"serve rejects negative retention", []string{"serve", "--retain-messages", "-1"}, nil, "", ""},
		{"serve rejects a missing world file", []string{"serve", "--world", "no/such.yaml"}, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			switch {
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			case tt.wantErr == nil && tt.wantStdout == "" && err == nil:
				t.Fatal("want an error, got none")
			case tt.wantErr == nil && tt.wantStdout != "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) || !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stdout %q, stderr %q; want %q / %q", stdout.String(), stderr.String(), tt.wantStdout, tt.wantStderr)
			}
		})
	}
}

// Asked for help, every command prints its usage to stdout and succeeds (exit 0), so that
// `onespec serve --help | less` works and scripts probing a command do not see a failure; a
// flag it does not know is still a usage error, on stderr.
func TestCommandHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "conform", "proxy", "spec", "version"} {
		for _, flag := range []string{"-h", "--help"} {
			t.Run(cmd+" "+flag, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				if err := run(context.Background(), []string{cmd, flag}, &stdout, &stderr); err != nil {
					t.Fatalf("err = %v, want none (exit 0)", err)
				}
				if !strings.Contains(stdout.String(), "Usage: onespec "+cmd) || stderr.Len() != 0 {
					t.Errorf("stdout %q, stderr %q; want the usage on stdout only", stdout.String(), stderr.String())
				}
			})
		}
		t.Run(cmd+" --no-such-flag", func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), []string{cmd, "--no-such-flag"}, &stdout, &stderr); !errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want %v", err, errUsage)
			}
			if stdout.Len() != 0 || !strings.Contains(stderr.String(), "no-such-flag") {
				t.Errorf("stdout %q, stderr %q; want the mistake on stderr only", stdout.String(), stderr.String())
			}
		})
	}
}

func TestConformAgainstReferenceServer(t *testing.T) {
	data, err := worlddata.Open(context.Background(), worlddata.Config{Dir: worlddata.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()
	api, err := impl.New(data.World, nil).API(impl.Options{AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer srv.Close()
	dir := t.TempDir()
	jsonPath, junitPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xml")

	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"conform", "--url", srv.URL, "--token", "t", "--json", jsonPath, "--junit", junitPath}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("conform: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "PASS  action/get_msg") || !strings.Contains(stdout.String(), "0 failed") {
		t.Errorf("report:\n%s", stdout.String())
	}
	for _, p := range []string{jsonPath, junitPath} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	raw, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Profile     struct{ Name string } `json:"profile"`
		Flags       []string              `json:"flags"`
		SpecVersion string                `json:"spec_version"`
		Version     string                `json:"version"`
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		t.Fatal(err)
	}
	if report.Profile.Name != "onebot11" || report.SpecVersion == "" || report.Version == "" || slices.Contains(report.Flags, "t") || !slices.Contains(report.Flags, "***") {
		t.Errorf("JSON report head: %+v (the token must not be recorded)", report)
	}

	// Every profile the spec offers runs; the reference server keeps onespec's promises too.
	for _, profile := range []string{"onespec", "gocq", "lagrange"} {
		stdout.Reset()
		if err := run(context.Background(), []string{"conform", "--url", srv.URL, "--token", "t", "--profile", profile}, &stdout, &stderr); err != nil && profile == "onespec" {
			t.Errorf("--profile %s: %v\n%s", profile, err, stdout.String())
		}
		if !strings.Contains(stdout.String(), "under profile "+profile) {
			t.Errorf("--profile %s: report does not name it:\n%s", profile, stdout.String())
		}
	}

	// Over forward WebSocket on the same port: the WebSocket checks run and pass; heartbeats are
	// off here, so their check says why it skipped.
	stdout.Reset()
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http")
	if err := run(context.Background(), []string{"conform", "--ws", wsURL, "--token", "t", "--heartbeat-wait", "100ms"}, &stdout, &stderr); err != nil {
		t.Errorf("--ws: %v\n%s", err, stdout.String())
	}
	for _, want := range []string{"PASS  transport/ws-echo", "PASS  transport/ws-unknown-action", "PASS  action/get_msg", "SKIP  transport/ws-heartbeat", "0 failed", wsURL + " is conformant"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("--ws report lacks %q:\n%s", want, stdout.String())
		}
	}

	// A wrong token fails the run with exit status 1.
	stdout.Reset()
	err = run(context.Background(), []string{"conform", "--url", srv.URL, "--token", "wrong"}, &stdout, &stderr)
	var exit exitError
	if !errors.As(err, &exit) || exit != 1 {
		t.Fatalf("err = %v, want exit status 1\n%s", err, stdout.String())
	}

	// A target that is down is no verdict: "could not connect", exit status 3.
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	stdout.Reset()
	err = run(context.Background(), []string{"conform", "--url", down.URL}, &stdout, &stderr)
	if !errors.As(err, &exit) || exit != exitNoConnection {
		t.Fatalf("err = %v, want exit status %d\n%s", err, exitNoConnection, stdout.String())
	}
	if want := down.URL + " could not connect: "; !strings.Contains(stdout.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, stdout.String())
	}
}

// syncBuffer lets the test read what serve prints while serve is still running.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeAnswersAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, &stdout, io.Discard)
	}()

	base := servedAt(t, &stdout)
	for path, want := range map[string]string{
		"/get_login_info": `"user_id":10001`,
		"/docs":           "<html",
		"/swagger":        "SwaggerUI",
		"/compat":         "<code>send_group_msg</code>",
		"/chat":           `data-world="_world/"`,
		"/chat.js":        "send_message",
		"/openapi.json":   `"openapi":"3.0.3"`,
		// The world control API, its docs and its document.
		"/_world/list_accounts": `"user_id":10001`,
		"/_world/docs":          "<html",
		"/_world/swagger":       "worldcontrolAPI",
		"/_world/openapi.json":  `"title":"onespecworldcontrolAPI"`,
	} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(strings.ReplaceAll(string(body), " ", ""), want) {
			t.Errorf("GET %s: HTTP %d %.200s", path, res.StatusCode, body)
		}
	}
	// wait_sent wakes when the bot sends: the world's changes reach the control API's feed.
	woken := make(chan string, 1)
	go func() {
		res, err := http.Get(base + "/_world/wait_sent?self_id=10001&after_id=1002&timeout=10000")
		if err != nil {
			woken <- err.Error()
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		woken <- string(body)
	}()
	time.Sleep(200 * time.Millisecond)
	sentAt := time.Now()
	res, err := http.Post(base+"/send_private_msg", "application/json", strings.NewReader(`{"user_id":10002,"message":"醒醒"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	select {
	case body := <-woken:
		if !strings.Contains(body, `"raw_message":"醒醒"`) || time.Since(sentAt) > 5*time.Second {
			t.Errorf("wait_sent answered %s after %s", body, time.Since(sentAt))
		}
	case <-time.After(8 * time.Second):
		t.Error("wait_sent did not wake on the bot's message")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
}

// SIGTERM (here: the context ending) with _rate_limited calls still queued: the one whose turn
// came ran, the others are logged as dropped, by name, and serve says so in its error.
func TestServeShutdownReportsDroppedCalls(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", ":memory:", "--rate-limit-interval", "1h", "--shutdown-grace", "200ms"}, &stdout, &stderr)
	}()
	base := servedAt(t, &stdout)
	for range 3 {
		res, err := http.Post(base+"/set_group_name_rate_limited", "application/json", strings.NewReader(`{"group_id":20001,"group_name":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(body), `"retcode":1`) {
			t.Fatalf("not accepted: %s", body)
		}
	}
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if err == nil || !strings.Contains(err.Error(), "2 deferred calls dropped") {
		t.Errorf("serve returned %v, want it to report 2 dropped calls", err)
	}
	log := stderr.String()
	for _, want := range []string{"deferred call done", "action=set_group_name", "dropped=2", "set_group_name_rate_limited"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}

// A bad world file stops serve before it listens, naming the key and the reason.
func TestServeRejectsABadWorldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(path, []byte("accounts:\n  - {id: 10001, bot: true}\ngroups:\n  - {id: 1, members: [{id: 7}]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"serve", "--world", path, "--data-dir", t.TempDir(), "--addr", "127.0.0.1:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "groups[0].members[0].id: account 7 is not in accounts") {
		t.Fatalf("err = %v", err)
	}
}

// The README's `onespec serve --world examples/two-bots.yaml --data-dir D`, run twice, starts
// the second time on the world the first one left (its messages kept); the same directory with
// a different world file is refused, saying what to do, and --reset starts it afresh from that
// file.
func TestServeWorldFileOverItsOwnDataDir(t *testing.T) {
	worldFile := filepath.Join("..", "..", "examples", "two-bots.yaml")
	dir := t.TempDir()
	// serveUntil serves with args until check has run, and returns serve's error.
	serveUntil := func(args []string, check func(base string)) error {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var stdout syncBuffer
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--log-level", "error"}, args...), &stdout, io.Discard)
		}()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			select {
			case err := <-done:
				return err
			default:
			}
			if strings.Contains(stdout.String(), "on http://") {
				check(servedAt(t, &stdout))
				cancel()
				return <-done
			}
		}
		t.Fatal("serve neither started nor failed")
		return nil
	}
	post := func(url, body string) string {
		res, err := http.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return string(raw)
	}

	var sent struct {
		Data struct {
			MessageID int32 `json:"message_id"`
		} `json:"data"`
	}
	if err := serveUntil([]string{"--world", worldFile}, func(base string) {
		if err := json.Unmarshal([]byte(post(base+"/send_group_msg", `{"group_id":20001,"message":"还在吗"}`)), &sent); err != nil || sent.Data.MessageID == 0 {
			t.Fatalf("send_group_msg: %v %+v", err, sent)
		}
	}); err != nil {
		t.Fatalf("first run: %v", err)
	}
	if err := serveUntil([]string{"--world", worldFile}, func(base string) {
		if got := post(base+"/get_msg", fmt.Sprintf(`{"message_id":%d}`, sent.Data.MessageID)); !strings.Contains(got, "还在吗") {
			t.Errorf("the second run lost the first run's message: %s", got)
		}
	}); err != nil {
		t.Fatalf("second run with the same world file: %v", err)
	}

	raw, err := os.ReadFile(worldFile)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.yaml")
	if err := os.WriteFile(other, bytes.ReplaceAll(raw, []byte("机器人的群"), []byte("另一个群")), 0o644); err != nil {
		t.Fatal(err)
	}
	err = serveUntil([]string{"--world", other}, func(string) { t.Error("served a data directory made from another world file") })
	if err == nil || !strings.Contains(err.Error(), "--reset") || !strings.Contains(err.Error(), "drop --world") {
		t.Errorf("another world file over the directory: %v; want a refusal naming --reset and --world", err)
	}
	if err := serveUntil([]string{"--world", other, "--reset"}, func(base string) {
		if got := post(base+"/get_group_info", `{"group_id":20001}`); !strings.Contains(got, "另一个群") {
			t.Errorf("--reset did not start from the other file: %s", got)
		}
	}); err != nil {
		t.Fatalf("--reset with the other world file: %v", err)
	}
}

// The whole suite, every mutation and disruptive action allowed, against a served world
// persisted on disk (SQLite in WAL mode, as `onespec serve` keeps it), under the strict onespec
// profile: 0 failures, nothing skipped for lack of permission. The server posts its events to
// the suite's --post-listen address, signed with the --post-secret both are given, as the
// README says to run it, so the event checks judge HTTP POST, its signature and the quick
// reply too: every check passes, one per action of the registry, and the README's figures of the
// suite (checks of each kind, "one per action of the spec") are what the run shows.
func TestConformWithMutationsAgainstAPersistedWorld(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	done := make(chan error, 1)
	// A free port for the suite's listener, known before the server starts.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	postAddr := ln.Addr().String()
	_ = ln.Close()
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "error", "--access-token", "persisted",
			"--post-url", "http://" + postAddr + "/", "--post-secret", "persisted-secret"}, &stdout, io.Discard)
	}()
	base := servedAt(t, &stdout)
	var out, errOut bytes.Buffer
	jsonReport := filepath.Join(t.TempDir(), "report.json")
	err = run(context.Background(), []string{"conform", "--url", base, "--token", "persisted", "--profile", "onespec", "--json", jsonReport,
		"--allow-mutations", "--allow-disruptive", "--group", "20001", "--user", "10003", "--post-listen", postAddr, "--post-secret", "persisted-secret"}, &out, &errOut)
	if err != nil || !strings.Contains(out.String(), " 0 failed") || !strings.Contains(out.String(), " 0 skipped") || !strings.Contains(out.String(), "PASS  event/quick-reply") ||
		!strings.Contains(out.String(), "PASS  event/post-signature") {
		t.Errorf("conform: %v\n%s%s", err, out.String(), errOut.String())
	}
	checkSuiteFigures(t, jsonReport, out.String())
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "failed") && strings.Contains(line, "passed") {
			t.Log(strings.TrimSpace(line))
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// checkSuiteFigures holds a full run (everything allowed, over HTTP) to the registry and to the
// README: one action check per action of the registry, the summary counting every check, and
// the README's count of each other kind of check what the run shows. Nothing here is a number
// to update when an action is added.
func checkSuiteFigures(t *testing.T, jsonReport, text string) {
	t.Helper()
	raw, err := os.ReadFile(jsonReport)
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Results []struct {
			Check string `json:"check"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	var actions []string
	for _, r := range report.Results {
		kind, name, _ := strings.Cut(r.Check, "/")
		kinds[kind]++
		if kind == "action" {
			actions = append(actions, name)
		}
	}
	// Under the onespec profile every name of every action has its check (.ocr_image beside
	// ocr_image), as the registry's resolver lists them.
	resolver, err := openapi.Names(gen.Actions)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range gen.Actions {
		want = append(want, resolver.Names(a.Name)...)
	}
	slices.Sort(actions)
	slices.Sort(want)
	if !slices.Equal(actions, want) {
		t.Errorf("action checks %v, want one per name of every registry action %v", actions, want)
	}
	if !strings.Contains(text, fmt.Sprintf("%d checks under", len(report.Results))) {
		t.Errorf("the summary does not count the %d checks run", len(report.Results))
	}

	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	figures := regexp.MustCompile(`\(with everything allowed: (\d+) discovery, (\d+) transport,\s+one per action of the spec, (\d+) scenarios and (\d+) events`).FindSubmatch(readme)
	if figures == nil {
		t.Fatal("README.md no longer states the suite's figures in the form this test reads; update both")
	}
	for i, kind := range []string{"discovery", "transport", "scenario", "event"} {
		if got := fmt.Sprint(kinds[kind]); got != string(figures[i+1]) {
			t.Errorf("README.md says %s %s checks; the run has %s", figures[i+1], kind, got)
		}
	}
	if other := len(report.Results) - kinds["discovery"] - kinds["transport"] - kinds["action"] - kinds["scenario"] - kinds["event"]; other != 0 {
		t.Errorf("%d checks of a kind README.md does not count: %v", other, kinds)
	}
}

// servedAt waits for serve to print where it listens and returns that base URL.
func servedAt(t *testing.T, stdout *syncBuffer) string {
	t.Helper()
	addr := regexp.MustCompile(`on http://([0-9.:]+)`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			return "http://" + m[1]
		}
	}
	t.Fatalf("serve did not report its address: %q", stdout.String())
	return ""
}

// The secrets given on the command line stay out of the flags a report records.
func TestRedactTokenHidesSecrets(t *testing.T) {
	got := redactToken([]string{"--token", "a", "--world-token=b", "--post-secret", "c", "-post-secret=d", "--url", "http://x"})
	want := []string{"--token", "***", "--world-token=***", "--post-secret", "***", "-post-secret=***", "--url", "http://x"}
	if !slices.Equal(got, want) {
		t.Errorf("redactToken = %q, want %q", got, want)
	}
}
