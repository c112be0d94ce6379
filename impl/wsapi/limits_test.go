package wsapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/inflight"
	"github.com/onespec/onespec/impl/wsapi"
	"github.com/onespec/onespec/openapi"
)

// Frames are bounded like HTTP bodies: their bytes come from the server's shared budget (a
// frame that does not fit is answered "retry later" without holding it) and a frame of too
// many JSON values is refused before it is decoded. The connection stays usable.
func TestFrameLimits(t *testing.T) {
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(loginInfo(), nil).Maybe()
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	d, err := dispatch.NewFor(doc, gen.Actions, gen.StrictServerInterface(m), dispatch.Options{})
	require.NoError(t, err)
	budget := inflight.NewBudget(256 << 10)
	s := wsapi.New(d, events.NewHub(), wsapi.Options{SelfID: 10001, Budget: budget, MaxValues: 1000})
	srv := httptest.NewServer(s)
	t.Cleanup(func() { s.CloseAll(); srv.Close(); _ = d.Shutdown(context.Background()) })
	c, _, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/api", nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.CloseNow() })

	roundTrip := func(frame string) map[string]any {
		t.Helper()
		require.NoError(t, c.Write(context.Background(), websocket.MessageText, []byte(frame)))
		_, raw, err := c.Read(context.Background())
		require.NoError(t, err)
		var env map[string]any
		require.NoError(t, json.Unmarshal(raw, &env))
		return env
	}
	env := roundTrip(`{"action":"get_login_info","echo":"big","params":{"pad":"` + strings.Repeat("x", 512<<10) + `"}}`)
	require.EqualValues(t, gen.RetcodeBadThreadPool, env["retcode"], "%v", env["message"])
	require.Contains(t, env["message"], "retry later")
	require.Zero(t, budget.Used())

	env = roundTrip(`{"action":"get_login_info","echo":"many","params":{"message":[` + strings.Repeat(`{"type":"text","data":{"text":"a"}},`, 400) + `{}]}}`)
	require.EqualValues(t, gen.RetcodeBadRequest, env["retcode"])
	require.Contains(t, env["message"], "more than 1000 JSON values")
	require.Equal(t, "many", env["echo"])

	env = roundTrip(`{"action":"get_login_info","echo":"ok"}`)
	require.EqualValues(t, 0, env["retcode"], "%v", env)
	require.Zero(t, budget.Used())
}
