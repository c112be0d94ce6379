// Package interop runs ZeroBot, a real OneBot v11 bot framework, against the reference server
// over each transport it speaks: HTTP with HTTP POST events, forward WebSocket and reverse
// WebSocket. In every case a simulated user says "ping" in group 20001 through the world
// control API, and the bot must answer "pong" there, which the test reads back from the world
// (the control API's wait_sent).
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

	"github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/httppost"
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

	opts := impl.Options{HeartbeatInterval: time.Second, World: &impl.WorldOptions{}}
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

	api.Start()
	zero.Run(&zero.Config{NickName: []string{"onespec"}, CommandPrefix: "/", Driver: []zero.Driver{drv}})

	world := worldCaller(t, api)
	deadline := time.Now().Add(60 * time.Second)
	for attempt := 0; time.Now().Before(deadline); attempt++ {
		// 小红 (10003) says ping; until the bot is connected, a ping is lost (as it would be
		// on QQ), so she keeps asking.
		var said struct {
			MessageID int32 `json:"message_id"`
		}
		if err := json.Unmarshal(world(control.ActionSendMessage, map[string]any{
			"user_id": json.Number("10003"), "group_id": json.Number("20001"), "message": "ping"}), &said); err != nil {
			t.Fatal(err)
		}
		var sent []struct {
			GroupID    int64  `json:"group_id"`
			RawMessage string `json:"raw_message"`
		}
		if err := json.Unmarshal(world(control.ActionWaitSent, map[string]any{"self_id": json.Number("10001"), "group_id": json.Number("20001"),
			"after_id": json.Number(fmt.Sprint(said.MessageID)), "timeout": json.Number("2000")}), &sent); err != nil {
			t.Fatal(err)
		}
		if len(sent) > 0 && sent[0].RawMessage == "pong" {
			t.Logf("ZeroBot answered pong over %s after %d pings", transport, attempt+1)
			return
		}
	}
	t.Fatalf("ZeroBot never answered pong over %s", transport)
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
