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
	d, err := dispatch.New(m, dispatch.Options{})
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
	return c
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

// TestSlowCallHoldsUpNoOther: calls on one connection are answered as they finish. A call
// that blocks, first on the connection and then again after other calls, does not keep the
// frames behind it from being read and answered.
func TestSlowCallHoldsUpNoOther(t *testing.T) {
	tests := []struct {
		name  string
		slow  int // how many slow calls are sent, one after the other, before the fast ones
		fast  int
		delay time.Duration // how long after the frames the slow calls are released
	}{
		{"one slow call, then fast ones", 1, 5, 0},
		{"several slow calls in a row", 3, 5, 0},
		{"slow calls released well after the hand-off", 2, 3, 20 * wsapi.Handoff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			var started atomic.Int32
			m := mocks.NewStrictServerInterface(t)
			m.EXPECT().GetStatus(mock.Anything, mock.Anything).RunAndReturn(
				func(ctx context.Context, _ gen.GetStatusRequestObject) (gen.GetStatusResponseObject, error) {
					started.Add(1)
					<-release
					return gen.GetStatus200JSONResponse{Status: string(gen.StatusOk), Data: &gen.GetStatusData{Good: true}}, nil
				}).Times(tt.slow)
			m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(loginInfo(), nil).Times(tt.fast)
			c := dial(t, m)

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
		})
	}
}

// TestBurstOfCalls: a burst of frames sent without waiting is answered in full, each reply
// once, whether the calls run on the reading goroutine or are handed on.
func TestBurstOfCalls(t *testing.T) {
	const n = 500
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(loginInfo(), nil).Times(n)
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
