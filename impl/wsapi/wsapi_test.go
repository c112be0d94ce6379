package wsapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/wsapi"
	"github.com/onespec/onespec/openapi"
)

// dial serves a WebSocket transport over a dispatcher for m and opens /api on it.
func dial(t *testing.T, m *mocks.StrictServerInterface) *websocket.Conn {
	t.Helper()
	c, _ := dialServer(t, m)
	return c
}

// dialServer is dial, also returning the transport.
func dialServer(t *testing.T, m *mocks.StrictServerInterface) (*websocket.Conn, *wsapi.Server) {
	t.Helper()
	doc, err := openapi.Doc()
	require.NoError(t, err)
	d, err := dispatch.NewFor(doc, gen.Actions, gen.StrictServerInterface(m), dispatch.Options{})
	require.NoError(t, err)
	s := wsapi.New(d, events.NewHub(), wsapi.Options{SelfID: 10001})
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		s.CloseAll()
		srv.Close()
		_ = d.Shutdown(context.Background())
	})
	c, _, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/api", nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.CloseNow() })
	return c, s
}

func loginInfo() gen.GetLoginInfo200JSONResponse {
	return gen.GetLoginInfo200JSONResponse(openapi.Envelope[*gen.LoginInfo]{
		Status: string(gen.StatusOk), Data: &gen.LoginInfo{UserID: 10001, Nickname: "bot"},
	})
}

func send(t *testing.T, c *websocket.Conn, action, echo string) {
	t.Helper()
	frame, err := json.Marshal(map[string]any{"action": action, "echo": echo})
	require.NoError(t, err)
	require.NoError(t, c.Write(context.Background(), websocket.MessageText, frame))
}

// echoOf reads the next reply and returns its echo.
func echoOf(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, raw, err := c.Read(ctx)
	require.NoError(t, err)
	var reply struct {
		Status string `json:"status"`
		Echo   string `json:"echo"`
	}
	require.NoError(t, json.Unmarshal(raw, &reply), "%s", raw)
	require.Equal(t, string(gen.StatusOk), reply.Status, "%s", raw)
	return reply.Echo
}

// slowStatus makes get_status block until release is closed, counting the calls started.
func slowStatus(m *mocks.StrictServerInterface, release <-chan struct{}, started *atomic.Int32, times int) {
	m.EXPECT().GetStatus(mock.Anything, mock.Anything).RunAndReturn(
		func(ctx context.Context, _ gen.GetStatusRequestObject) (gen.GetStatusResponseObject, error) {
			started.Add(1)
			<-release
			return gen.GetStatus200JSONResponse{Status: string(gen.StatusOk), Data: &gen.GetStatusData{Good: true}}, nil
		}).Times(times)
}

// TestSlowCallHoldsUpNoOther: calls on one connection are answered as they finish. A call
// that blocks, first on the connection and then again after other calls, does not keep the
// frames behind it from being read and answered.
func TestSlowCallHoldsUpNoOther(t *testing.T) {
	tests := []struct {
		name  string
		slow  int // how many slow calls are sent, one after the other, before the fast ones
		fast  int
		delay time.Duration // how long after the frames the slow calls are released
		again bool          // after the watcher has stopped for want of calls, do it all again
	}{
		{"one slow call, then fast ones", 1, 5, 0, false},
		{"several slow calls in a row", 3, 5, 0, false},
		{"slow calls released well after the hand-off", 2, 3, 20 * wsapi.Handoff, false},
		{"again once the watcher has stopped", 1, 3, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mocks.NewStrictServerInterface(t)
			c := dial(t, m)
			rounds := 1
			if tt.again {
				rounds = 2
			}
			for round := range rounds {
				if round > 0 {
					// The watcher stops after 100 hand-off periods without a call.
					time.Sleep(150 * wsapi.Handoff)
				}
				release := make(chan struct{})
				var started atomic.Int32
				slowStatus(m, release, &started, tt.slow)
				m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(loginInfo(), nil).Times(tt.fast)
				for i := range tt.slow {
					send(t, c, gen.ActionGetStatus, "slow-"+string(rune('a'+i)))
				}
				for range tt.fast {
					send(t, c, gen.ActionGetLoginInfo, "fast")
				}
				for range tt.fast {
					require.Equal(t, "fast", echoOf(t, c), "a fast call was answered after a slow one")
				}
				require.Eventually(t, func() bool { return started.Load() == int32(tt.slow) }, 5*time.Second, time.Millisecond,
					"every slow call is running at once")
				time.Sleep(tt.delay)
				close(release)
				seen := map[string]bool{}
				for range tt.slow {
					seen[echoOf(t, c)] = true
				}
				require.Len(t, seen, tt.slow, "each slow call is answered once")
				// The connection goes on reading after the hand-offs.
				m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(loginInfo(), nil).Once()
				send(t, c, gen.ActionGetLoginInfo, "after")
				require.Equal(t, "after", echoOf(t, c))
			}
		})
	}
}

// TestShutdownWithACallHandedOn: a connection whose call is still running after its
// reading was handed on closes when the client leaves, or when the server shuts down,
// without waiting for the call.
func TestShutdownWithACallHandedOn(t *testing.T) {
	for _, how := range []string{"client leaves", "server shuts down"} {
		t.Run(how, func(t *testing.T) {
			m := mocks.NewStrictServerInterface(t)
			release := make(chan struct{})
			var started atomic.Int32
			slowStatus(m, release, &started, 1)
			m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(loginInfo(), nil).Once()
			c, s := dialServer(t, m)
			send(t, c, gen.ActionGetStatus, "slow")
			send(t, c, gen.ActionGetLoginInfo, "fast")
			require.Equal(t, "fast", echoOf(t, c)) // reading was handed on
			if how == "client leaves" {
				require.NoError(t, c.CloseNow())
				require.Eventually(t, func() bool { open, _ := s.Stats(); return open == 0 }, 5*time.Second, time.Millisecond,
					"the connection is let go while its call still runs")
			} else {
				// The client goes on reading, as clients do, so that it answers the close.
				go func() {
					for {
						if _, _, err := c.Read(context.Background()); err != nil {
							return
						}
					}
				}()
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				require.NoError(t, s.Shutdown(ctx))
			}
			close(release) // the call ends; its reply has no one to go to, which is logged, not fatal
		})
	}
}

// TestBurstOfCalls: a burst of frames sent without waiting is answered in full, each reply
// once, whether the calls run on the reading goroutine or are handed on.
func TestBurstOfCalls(t *testing.T) {
	const n = 500
	m := mocks.NewStrictServerInterface(t)
	// Some calls take a few milliseconds, so that readings are handed on in the middle of
	// the burst as well as answered on the reading goroutine.
	var calls atomic.Int32
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).RunAndReturn(
		func(context.Context, gen.GetLoginInfoRequestObject) (gen.GetLoginInfoResponseObject, error) {
			if calls.Add(1)%50 == 0 {
				time.Sleep(3 * wsapi.Handoff)
			}
			return loginInfo(), nil
		}).Times(n)
	c := dial(t, m)
	go func() {
		for i := range n {
			frame, _ := json.Marshal(map[string]any{"action": gen.ActionGetLoginInfo, "echo": i})
			if c.Write(context.Background(), websocket.MessageText, frame) != nil {
				return
			}
		}
	}()
	seen := make(map[int]bool, n)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for range n {
		_, raw, err := c.Read(ctx)
		require.NoError(t, err)
		var reply struct{ Echo int }
		require.NoError(t, json.Unmarshal(raw, &reply))
		require.False(t, seen[reply.Echo], "echo %d answered twice", reply.Echo)
		seen[reply.Echo] = true
	}
	require.Len(t, seen, n)
}
