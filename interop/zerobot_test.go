// Package interop runs ZeroBot, a real OneBot v11 bot framework, against the reference server
// over each transport it speaks: HTTP with HTTP POST events, forward WebSocket and reverse
// WebSocket. In every case someone says "ping" in group 20001 and the bot must answer "pong"
// there, which the test reads back from the world.
package interop

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	zero "github.com/wdvxdr1123/ZeroBot"
	"github.com/wdvxdr1123/ZeroBot/driver"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worlddata"
	"github.com/onespec/onespec/impl/wsapi"
)

const transportEnv = "ONESPEC_INTEROP_TRANSPORT"

// ZeroBot keeps its state in package variables and runs once per process, so each transport
// runs in a process of its own: this test starts the test binary again per transport.
func TestZeroBot(t *testing.T) {
	for _, transport := range []string{"http", "ws", "ws-reverse"} {
		t.Run(transport, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestZeroBotProcess$", "-test.v")
			cmd.Env = append(os.Environ(), transportEnv+"="+transport)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "PASS") {
				t.Fatalf("ZeroBot over %s: %v\n%s", transport, err, tail(string(out), 4000))
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, "answered pong") {
					t.Log(strings.TrimSpace(line))
				}
			}
		})
	}
}

// TestZeroBotProcess is one transport's run (see TestZeroBot); it skips when run directly.
func TestZeroBotProcess(t *testing.T) {
	transport := os.Getenv(transportEnv)
	if transport == "" {
		t.Skip("run by TestZeroBot in a process of its own")
	}
	data, err := worlddata.Open(context.Background(), worlddata.Config{Dir: worlddata.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()
	// A second bot, 10009, is the one who says ping: what it sends, bot 10001 receives as any
	// member's message; and 10009 sees 10001's answer.
	if err := data.World.Populate(context.Background(), func(u *world.Universe) error {
		if err := u.AddAccount(world.Account{ID: 10009, Nickname: "提问的人", Bot: true}); err != nil {
			return err
		}
		return u.AddMember(world.Membership{GroupID: 20001, UserID: 10009})
	}); err != nil {
		t.Fatal(err)
	}

	opts := impl.Options{HeartbeatInterval: time.Second}
	zeroAddr := freeAddr(t)
	var drv zero.Driver
	switch transport {
	case "http":
		opts.Post = httppost.Options{URLs: []string{"http://" + zeroAddr + "/"}}
	case "ws-reverse":
		opts.Reverse = wsapi.ReverseOptions{URL: "ws://" + zeroAddr + "/", Universal: true, ReconnectInterval: 100 * time.Millisecond}
	}
	api, err := impl.New(data.World, nil).API(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) }()
	switch transport {
	case "http":
		drv = driver.NewHTTPClient("http://"+zeroAddr, "", srv.URL, "")
	case "ws":
		drv = driver.NewWebSocketClient("ws"+strings.TrimPrefix(srv.URL, "http")+"/", "")
	case "ws-reverse":
		drv = driver.NewWebSocketServer(4, "ws://"+zeroAddr, "")
	default:
		t.Fatalf("unknown transport %q", transport)
	}
	zero.OnFullMatch("ping").Handle(func(ctx *zero.Ctx) { ctx.Send("pong") })

	// 10009 hears what 10001 says in the group.
	heard := api.Events.Subscribe(10009, 64)
	defer heard.Close()
	api.Start()
	zero.Run(&zero.Config{NickName: []string{"onespec"}, CommandPrefix: "/", Driver: []zero.Driver{drv}})

	deadline := time.Now().Add(60 * time.Second)
	for attempt := 0; time.Now().Before(deadline); attempt++ {
		// Until the bot is connected, a ping is lost (as it would be on QQ); keep asking.
		r := api.Dispatcher.Dispatch(context.Background(), dispatch.Call{Action: "send_group_msg", SelfID: 10009,
			Params: map[string]any{"group_id": json.Number("20001"), "message": "ping"}})
		if r.Retcode != 0 {
			t.Fatalf("saying ping: %d %s", r.Retcode, r.Message)
		}
		if pong(t, heard, 2*time.Second) {
			t.Logf("ZeroBot answered pong over %s after %d pings", transport, attempt+1)
			return
		}
	}
	t.Fatalf("ZeroBot never answered pong over %s", transport)
}

// pong waits for bot 10001's "pong" in group 20001.
func pong(t *testing.T, sub *events.Subscription, wait time.Duration) bool {
	timeout := time.After(wait)
	for {
		select {
		case ev := <-sub.Events():
			raw, err := ev.JSON(events.FormatString)
			if err != nil {
				t.Fatal(err)
			}
			var e struct {
				PostType string `json:"post_type"`
				GroupID  int64  `json:"group_id"`
				UserID   int64  `json:"user_id"`
				Message  string `json:"message"`
			}
			if json.Unmarshal(raw, &e) == nil && e.PostType == "message" && e.GroupID == 20001 && e.UserID == 10001 && e.Message == "pong" {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("…%s", s[len(s)-n:])
}
