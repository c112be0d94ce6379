package impl_test

import (
	"bufio"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The chat page's script, driven through a fake DOM by Node against a real server with a world
// token: it lists the accounts, sends as simulated user 10002 to bot 10001 through the world
// control API, and shows the bot's answer (sent here over the OneBot API). Skipped without node.
func TestChatPageScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: the chat page's script is not exercised (.ci/run installs Node.js)")
	}
	srv := newWorldServer(t, "w0rld")
	script, _ := filepath.Abs("web/assets/chat.js")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "web/testdata/chatcheck.js", script, srv.URL, "w0rld")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	var out []string
	for lines.Scan() {
		line := lines.Text()
		out = append(out, line)
		if line == "SENT" {
			if r := post(t, srv, "/send_private_msg", `{"user_id": 10002, "message": "pong"}`); r.Retcode != 0 {
				t.Fatalf("the bot's answer: %+v", r)
			}
		}
	}
	err = cmd.Wait()
	if err != nil || len(out) == 0 || !strings.HasPrefix(out[len(out)-1], "GOT ") {
		t.Fatalf("chatcheck.js: %v\n%s\n%s", err, strings.Join(out, "\n"), stderr.String())
	}
}
