package interop

// The server's web pages in a real browser: headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core, pinned in browser/package-lock.json) renders /, /docs, /swagger,
// /_world/docs, /_world/swagger, /compat and /chat of a fresh `onespec serve`, and the live
// report (/_proxy) of `onespec proxy` in front of it, with every
// request off loopback blocked. A page fails on a console error or uncaught exception, on a
// request that tried to leave loopback, or when its meaningful part never appears; on /chat a
// simulated user says "ping" to bot 10001 and the gobot example (taking HTTP POST events)
// must answer "pong" on the page. The checks per page are in browser/pages.mjs.
//
// Without Chromium or Node.js the test is skipped, except in CI (CI or ONESPEC_REQUIRE_BROWSER
// set), where it fails. ONESPEC_SCREENSHOTS=dir keeps a screenshot of every page there, to
// look at them; otherwise only failing pages get one, in a temporary directory kept (and
// named in the log) when the test fails.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromiumPath is where Debian's chromium package (installed by .ci/run) puts the browser.
const chromiumPath = "/usr/bin/chromium"

// browserPages are the pages visited; browser/pages.mjs knows how each must look.
var browserPages = []string{"/", "/docs", "/swagger", "/_world/docs", "/_world/swagger", "/compat", "/chat", "/_proxy"}

// pageResult is one line of pages.mjs's output.
type pageResult struct {
	Path       string   `json:"path"`
	OK         bool     `json:"ok"`
	Problems   []string `json:"problems"`
	Millis     int64    `json:"millis"`
	Text       string   `json:"text"`
	Screenshot string   `json:"screenshot"`
}

func TestBrowserPages(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	requireTools(t, chromiumPath, "node", "npm")
	dir := nodeModules(t, "browser")
	bin := buildCommands(t, "./cmd/onespec", "./examples/gobot")

	const secret = "browser-sig"
	botAddr, addr := freeAddr(t), freeAddr(t)
	startProcess(t, "gobot", filepath.Join(bin, "gobot"), "--addr", botAddr, "--secret", secret)
	startProcess(t, "onespec serve", filepath.Join(bin, "onespec"), "serve", "--addr", addr, "--data-dir", ":memory:",
		"--post-url", "http://"+botAddr+"/", "--post-secret", secret)
	base := "http://" + addr
	waitServing(t, base+"/openapi.json")
	// The validating proxy in front of the server, with one call through it: its live report
	// is the conformance report's HTML.
	proxyAddr := freeAddr(t)
	startProcess(t, "onespec proxy", filepath.Join(bin, "onespec"), "proxy", "--upstream", base, "--listen", proxyAddr)
	proxyURL := "http://" + proxyAddr
	waitServing(t, proxyURL+"/_proxy")
	if resp, err := http.Post(proxyURL+"/get_login_info", "application/json", strings.NewReader(`{}`)); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}

	shots, shotAll := os.Getenv("ONESPEC_SCREENSHOTS"), "1"
	if shots == "" {
		// Screenshots of failing pages only, kept when the test fails so they can be looked at.
		dir, err := os.MkdirTemp("", "onespec-browser-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if !t.Failed() {
				os.RemoveAll(dir)
			}
		})
		shots, shotAll = dir, ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, "node", append([]string{"pages.mjs"}, browserPages...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ONESPEC_URL="+base, "PROXY_URL="+proxyURL, "CHROMIUM="+chromiumPath, "SHOTS="+shots, "SHOTS_ALL="+shotAll)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	t.Logf("pages.mjs: %s", time.Since(start).Round(100*time.Millisecond))

	results := map[string]pageResult{}
	pageFailed := false
	lines := bufio.NewScanner(bytes.NewReader(out))
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		var r pageResult
		if err := json.Unmarshal(lines.Bytes(), &r); err != nil {
			t.Errorf("pages.mjs printed %q: %v", lines.Text(), err)
			continue
		}
		results[r.Path] = r
		pageFailed = pageFailed || !r.OK
	}
	for _, path := range browserPages {
		r, ok := results[path]
		name := strings.TrimPrefix(path, "/")
		if name == "" {
			name = "home"
		}
		t.Run(name, func(t *testing.T) {
			if !ok {
				t.Fatalf("pages.mjs reported nothing about %s", path)
			}
			for _, p := range r.Problems {
				t.Errorf("%s: %s", path, p)
			}
			if r.Screenshot != "" {
				t.Logf("screenshot of %s: %s", path, r.Screenshot)
			}
			t.Logf("%s rendered in %d ms: %.120s", path, r.Millis, r.Text)
		})
	}
	// A page's failure is reported above; anything else (a crash, no output) is the script's.
	if !pageFailed && (runErr != nil || len(results) == 0) {
		t.Errorf("pages.mjs: %v (%d pages)", runErr, len(results))
	}
	if t.Failed() {
		t.Logf("pages.mjs's stderr:\n%s", tail(stderr.String(), 4000))
	}
}

// requireTools skips the test when a tool is missing, or fails it in CI (env CI or
// ONESPEC_REQUIRE_BROWSER set), where the browser test must run: .ci/run installs them all.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			msg := fmt.Sprintf("the browser test needs %s (apt-get install chromium nodejs npm), which is not installed: %v", tool, err)
			if os.Getenv("CI") != "" || os.Getenv("ONESPEC_REQUIRE_BROWSER") != "" {
				t.Fatal(msg + " (CI or ONESPEC_REQUIRE_BROWSER is set: the browser test must run)")
			}
			t.Skip(msg)
		}
	}
}

// buildCommands builds the main module's commands into a temporary directory and returns it.
func buildCommands(t *testing.T, pkgs ...string) string {
	t.Helper()
	bin := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"build", "-o", bin + string(filepath.Separator)}, pkgs...)...)
	cmd.Dir = ".." // the main module, whose commands these are
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", strings.Join(pkgs, " "), err, out)
	}
	return bin
}

// startProcess starts a command for the rest of the test; its output is logged if it fails.
func startProcess(t *testing.T, name, path string, args ...string) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("%s's output:\n%s", name, tail(out.String(), 3000))
		}
	})
}

// waitServing waits until url answers 200.
func waitServing(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never answered %s: %v", url, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
