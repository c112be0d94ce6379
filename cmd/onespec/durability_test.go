package main

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
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/world/sqlite"
)

// TestMain lets a test start this binary as the onespec command in a child process, so the
// durability test can kill a real server process.
//
// It also points the per-user configuration directory (where serve keeps its world when no
// --data-dir is given) at a temporary directory, so a test that forgets --data-dir never
// touches the developer's own world.
func TestMain(m *testing.M) {
	if os.Getenv("ONESPEC_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	home, err := os.MkdirTemp("", "onespec-test-home")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("HOME", home)
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// startServer runs `onespec serve` on dataDir in a child process and returns its base URL.
func startServer(t *testing.T, dataDir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir, "--log-level", "warn")
	cmd.Env = append(os.Environ(), "ONESPEC_TEST_RUN_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	addr := regexp.MustCompile(`on http://([0-9.:]+)`)
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := addr.FindStringSubmatch(lines.Text()); m != nil {
			go func() { // keep draining so the child never blocks on a full pipe
				for lines.Scan() {
				}
			}()
			return cmd, "http://" + m[1]
		}
	}
	cmd.Wait()
	t.Fatalf("the server did not start: %s", stderr.String())
	return nil, ""
}

type envelope struct {
	Status  string          `json:"status"`
	Retcode int             `json:"retcode"`
	Data    json.RawMessage `json:"data"`
	Message string          `json:"message"`
}

func post(client *http.Client, url string, body any) (envelope, error) {
	raw, _ := json.Marshal(body)
	res, err := client.Post(url, "application/json", bytes.NewReader(raw))
	if err != nil {
		return envelope{}, err
	}
	defer res.Body.Close()
	var env envelope
	err = json.NewDecoder(res.Body).Decode(&env)
	return env, err
}

// Clients send messages while the server is killed with SIGKILL: every message whose send
// was answered with a message_id is there after a restart, and the database is sound.
func TestKill9KeepsAcknowledgedMessages(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	dir := t.TempDir()
	srv, base := startServer(t, dir)

	const clients, killAfter = 4, 400
	var (
		mu    sync.Mutex
		acked = map[int32]string{}
		sent  atomic.Int64
		stop  atomic.Bool
		wg    sync.WaitGroup
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			for n := 0; !stop.Load(); n++ {
				text := fmt.Sprintf("client %d message %d", c, n)
				sent.Add(1)
				env, err := post(client, base+"/send_group_msg", map[string]any{"group_id": 20001, "message": text, "auto_escape": true})
				if err != nil {
					return // the server is gone: this send was never acknowledged
				}
				var data struct {
					MessageID int32 `json:"message_id"`
				}
				if env.Retcode != 0 || json.Unmarshal(env.Data, &data) != nil {
					t.Errorf("send: %+v", env)
					return
				}
				mu.Lock()
				acked[data.MessageID] = text
				mu.Unlock()
			}
		}()
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	for deadline := time.Now().Add(2 * time.Minute); count() < killAfter; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d sends acknowledged", count())
		}
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	stop.Store(true)
	wg.Wait()

	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "world.db"))
	if err != nil {
		t.Fatal(err)
	}
	verdict, err := st.IntegrityCheck(context.Background())
	st.Close()
	if err != nil || verdict != "ok" {
		t.Fatalf("integrity_check after SIGKILL: %q %v", verdict, err)
	}

	srv, base = startServer(t, dir)
	client := &http.Client{Timeout: 10 * time.Second}
	readable := 0
	for id, text := range acked {
		env, err := post(client, base+"/get_msg", map[string]any{"message_id": id})
		if err != nil {
			t.Fatal(err)
		}
		var data struct {
			Message []struct {
				Data map[string]string `json:"data"`
			} `json:"message"`
		}
		if env.Retcode == 0 && json.Unmarshal(env.Data, &data) == nil && len(data.Message) == 1 && data.Message[0].Data["text"] == text {
			readable++
		} else {
			t.Errorf("acknowledged message %d (%q) after restart: %+v", id, text, env)
		}
	}
	t.Logf("kill -9: %d sent, %d acknowledged, %d readable after restart, integrity_check %s", sent.Load(), len(acked), readable, verdict)

	// The restarted server stops cleanly on SIGTERM.
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
}

// Writes through the API survive a clean stop and start on the same data directory, with the
// same ids.
func TestRestartKeepsTheWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	client := &http.Client{Timeout: 10 * time.Second}
	call := func(base, action string, body any) envelope {
		t.Helper()
		env, err := post(client, base+"/"+action, body)
		if err != nil {
			t.Fatal(err)
		}
		return env
	}
	srv, base := startServer(t, dir)
	env := call(base, "send_private_msg", map[string]any{"user_id": 10003, "message": "重启之前"})
	var sent struct {
		MessageID int32 `json:"message_id"`
	}
	if env.Retcode != 0 || json.Unmarshal(env.Data, &sent) != nil {
		t.Fatalf("send: %+v", env)
	}
	for action, body := range map[string]any{
		"set_group_card":         map[string]any{"group_id": 20001, "user_id": 10003, "card": "小红红"},
		"set_friend_add_request": map[string]any{"flag": "friend-req-10006", "approve": true, "remark": "新朋友"},
		"set_group_add_request":  map[string]any{"flag": "group-add-10007", "sub_type": "add", "approve": true},
		"set_group_leave":        map[string]any{"group_id": 20002},
	} {
		if env := call(base, action, body); env.Retcode != 0 {
			t.Fatalf("%s: %+v", action, env)
		}
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}

	_, base = startServer(t, dir)
	checks := []struct {
		action string
		body   any
		want   string
		code   int
	}{
		{"get_msg", map[string]any{"message_id": sent.MessageID}, "重启之前", 0},
		{"get_group_member_info", map[string]any{"group_id": 20001, "user_id": 10003}, `"card":"小红红"`, 0},
		{"get_group_member_info", map[string]any{"group_id": 20001, "user_id": 10007}, `"role":"member"`, 0},
		{"get_friend_list", nil, `"remark":"新朋友"`, 0},
		{"get_image", map[string]any{"file": "8f3a2c1d.image"}, "cat.png", 0},
		{"set_friend_add_request", map[string]any{"flag": "friend-req-10006"}, "", 102},
		{"get_group_info", map[string]any{"group_id": 20002}, "", 102},
		{"get_msg", map[string]any{"message_id": 1001}, "大家好", 0},
	}
	for _, c := range checks {
		env := call(base, c.action, c.body)
		if env.Retcode != c.code || !strings.Contains(string(env.Data), c.want) {
			t.Errorf("%s %v after restart: %+v %s", c.action, c.body, env, env.Data)
		}
	}
}
