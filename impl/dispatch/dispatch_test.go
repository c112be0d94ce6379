package dispatch

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/openapi"
)

func loginInfo(id int64) gen.GetLoginInfo200JSONResponse {
	return gen.GetLoginInfo200JSONResponse(openapi.Envelope[*gen.LoginInfo]{
		Status: string(gen.StatusOk), Data: &gen.LoginInfo{UserID: id, Nickname: "bot"},
	})
}

// newOneBot is a dispatcher for the OneBot actions on h.
func newOneBot(h gen.StrictServerInterface, opts Options) (*Dispatcher, error) {
	doc, err := openapi.Doc()
	if err != nil {
		return nil, err
	}
	return NewFor(doc, gen.Actions, h, opts)
}

func newDispatcher(t *testing.T, m *mocks.StrictServerInterface, opts Options) *Dispatcher {
	t.Helper()
	d, err := newOneBot(m, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	return d
}

func TestLookup(t *testing.T) {
	d := newDispatcher(t, mocks.NewStrictServerInterface(t), Options{})
	tests := []struct {
		name, action string
		suffix       Suffix
	}{
		{"send_msg", "send_msg", SuffixNone},
		{"send_msg_async", "send_msg", SuffixAsync},
		{"send_msg_rate_limited", "send_msg", SuffixRateLimited},
		{".handle_quick_operation_async", ".handle_quick_operation", SuffixAsync},
		{"_async", "", SuffixNone},
		{"send_msgg", "", SuffixNone},
		{"send_msg_async_async", "", SuffixNone},
	}
	for _, tt := range tests {
		a, suffix := d.Lookup(tt.name)
		got := ""
		if a != nil {
			got = a.Name
		}
		if got != tt.action || suffix != tt.suffix {
			t.Errorf("Lookup(%q) = %q, %q; want %q, %q", tt.name, got, suffix, tt.action, tt.suffix)
		}
	}
}

// Every action of the registry is reachable by each of its names, the ones every family
// declares included.
func TestEveryRegistryNameResolves(t *testing.T) {
	d := newDispatcher(t, mocks.NewStrictServerInterface(t), Options{})
	require.Len(t, d.Actions(), len(gen.Actions))
	declared := 0
	for _, a := range gen.Actions {
		names := []string{a.Name}
		for _, family := range a.FamilyNames {
			names = append(names, family...)
		}
		declared += len(names)
		for _, name := range names {
			got, _ := d.Lookup(name)
			if got == nil || got.Name != a.Name {
				t.Errorf("%s does not resolve to %s", name, a.Name)
			}
		}
	}
	require.GreaterOrEqual(t, declared, len(gen.Actions))
}

// The echo comes back on every answer, success or failure, exactly as given.
func TestEchoOnEveryOutcome(t *testing.T) {
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(loginInfo(10001), nil).Maybe()
	d := newDispatcher(t, m, Options{})
	echo := json.RawMessage(`{"seq":7,"tag":"x"}`)
	tests := []struct {
		name    string
		call    Call
		retcode gen.Retcode
	}{
		{"ok", Call{Action: "get_login_info"}, gen.RetcodeOK},
		{"unknown action", Call{Action: "nope"}, gen.RetcodeUnsupportedAction},
		{"bad parameters", Call{Action: "get_group_info", Params: map[string]any{"group_id": "x"}}, gen.RetcodeBadRequest},
		{"async", Call{Action: "get_login_info_async"}, gen.RetcodeAsync},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.call.Echo = echo
			r := d.Dispatch(context.Background(), tt.call)
			require.Equal(t, int(tt.retcode), r.Retcode, r.Message)
			require.JSONEq(t, string(echo), string(r.Echo))
		})
	}
}

// The handler receives the typed, coerced request, and the bot the call is for.
func TestTypedRequestAndSelfID(t *testing.T) {
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetGroupInfo(mock.Anything, mock.Anything).RunAndReturn(
		func(ctx context.Context, req gen.GetGroupInfoRequestObject) (gen.GetGroupInfoResponseObject, error) {
			self, _ := botctx.SelfID(ctx)
			require.Equal(t, int64(10009), self)
			require.Equal(t, int64(20001), req.Body.GroupID)
			require.NotNil(t, req.Body.NoCache, "the spec's default fills an absent parameter")
			return gen.GetGroupInfo200JSONResponse(openapi.Envelope[*gen.GroupInfo]{Status: "ok", Data: &gen.GroupInfo{GroupID: 20001}}), nil
		})
	d := newDispatcher(t, m, Options{})
	r := d.Dispatch(context.Background(), Call{Action: "get_group_info", Params: map[string]any{"group_id": "20001"}, SelfID: 10009})
	require.Equal(t, 0, r.Retcode, r.Message)
}

// A handler that fails answers 1500 with the reason, and the dispatcher stays up.
func TestHandlerErrorIs1500(t *testing.T) {
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(nil, context.DeadlineExceeded)
	d := newDispatcher(t, m, Options{})
	r := d.Dispatch(context.Background(), Call{Action: "get_login_info"})
	require.Equal(t, int(gen.RetcodeInternalError), r.Retcode)
	require.Contains(t, r.Message, "deadline exceeded")
}

// Middleware sees every call, typed, and can answer in the dispatcher's place.
func TestMiddlewareOrder(t *testing.T) {
	var order []string
	mw := func(tag string) Middleware {
		return func(next Handler) Handler {
			return func(ctx context.Context, c Call) openapi.Reply {
				order = append(order, tag)
				return next(ctx, c)
			}
		}
	}
	d := newDispatcher(t, mocks.NewStrictServerInterface(t), Options{Middleware: []Middleware{mw("outer"), mw("inner")}})
	d.Dispatch(context.Background(), Call{Action: "nope"})
	require.Equal(t, []string{"outer", "inner"}, order)
}

// Logs carry the action, retcode and failure reason, never the reply's data.
func TestLogCallsNeverLogsData(t *testing.T) {
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetCredentials(mock.Anything, mock.Anything).Return(gen.GetCredentials200JSONResponse(openapi.Envelope[*gen.GetCredentialsData]{
		Status: "ok", Data: &gen.GetCredentialsData{Cookies: "skey=SECRET-COOKIE", CsrfToken: ptr(int32(424242))},
	}), nil)
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	calls := NewCallLog(log)
	d := newDispatcher(t, m, Options{Log: log, Middleware: []Middleware{calls.Middleware()}})
	d.Dispatch(context.Background(), Call{Action: "get_credentials"})
	d.Dispatch(context.Background(), Call{Action: "get_group_info", Params: map[string]any{}})
	calls.Close() // writes what is queued
	d.Dispatch(context.Background(), Call{Action: "get_login_info_after_close"})
	out := buf.String()
	require.NotContains(t, out, "after_close", "a call after Close is not logged, and does not panic")
	require.Contains(t, out, "action=get_credentials")
	require.Contains(t, out, "retcode=1400")
	require.NotContains(t, out, "SECRET-COOKIE")
	require.NotContains(t, out, "424242")
}

// A rate-limited call accepted before shutdown either runs or is logged as dropped, by name.
func TestShutdownRunsOrReportsQueuedCalls(t *testing.T) {
	var ran atomic.Int32
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).RunAndReturn(
		func(context.Context, gen.GetLoginInfoRequestObject) (gen.GetLoginInfoResponseObject, error) {
			ran.Add(1)
			return loginInfo(1), nil
		}).Maybe()
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	d, err := newOneBot(m, Options{Log: log, Deferred: DeferredOptions{RateLimitInterval: time.Hour}})
	require.NoError(t, err)
	for range 3 {
		r := d.Dispatch(context.Background(), Call{Action: "get_login_info_rate_limited"})
		require.Equal(t, int(gen.RetcodeAsync), r.Retcode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = d.Shutdown(ctx)
	// With an hour between calls, the first runs and the other two cannot.
	require.Error(t, err)
	require.Equal(t, int32(1), ran.Load())
	out := buf.String()
	require.Contains(t, out, "dropped=2")
	require.Contains(t, out, "get_login_info_rate_limited")
	// After shutdown nothing more is accepted.
	r := d.Dispatch(context.Background(), Call{Action: "get_login_info_async", Echo: json.RawMessage(`1`)})
	require.Equal(t, int(gen.RetcodeBadThreadPool), r.Retcode)
	require.Equal(t, "1", string(r.Echo))
}

// With room to finish, shutdown waits for every accepted call.
func TestShutdownWaitsForAcceptedCalls(t *testing.T) {
	var ran atomic.Int32
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).RunAndReturn(
		func(context.Context, gen.GetLoginInfoRequestObject) (gen.GetLoginInfoResponseObject, error) {
			time.Sleep(10 * time.Millisecond)
			ran.Add(1)
			return loginInfo(1), nil
		})
	d, err := newOneBot(m, Options{Deferred: DeferredOptions{RateLimitInterval: time.Millisecond}})
	require.NoError(t, err)
	for _, name := range []string{"get_login_info_async", "get_login_info_rate_limited", "get_login_info_rate_limited"} {
		require.Equal(t, int(gen.RetcodeAsync), d.Dispatch(context.Background(), Call{Action: name}).Retcode)
	}
	require.NoError(t, d.Shutdown(context.Background()))
	require.Equal(t, int32(3), ran.Load())
}

// Deferred work is bounded by count and by bytes: beyond either, 201 at once.
func TestDeferredBounds(t *testing.T) {
	release := make(chan struct{})
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().SendPrivateMsg(mock.Anything, mock.Anything).RunAndReturn(
		func(context.Context, gen.SendPrivateMsgRequestObject) (gen.SendPrivateMsgResponseObject, error) {
			<-release
			return gen.SendPrivateMsg200JSONResponse(openapi.Envelope[*gen.SendMsgData]{Status: "ok", Data: &gen.SendMsgData{}}), nil
		}).Maybe()
	d, err := newOneBot(m, Options{Deferred: DeferredOptions{MaxAsync: 2, MaxQueued: 1, MaxBytes: 4096, RateLimitInterval: time.Millisecond}})
	require.NoError(t, err)
	defer func() { close(release); _ = d.Shutdown(context.Background()) }()
	send := func(suffix Suffix, text string) openapi.Reply {
		return d.Dispatch(context.Background(), Call{Action: "send_private_msg" + string(suffix),
			Params: map[string]any{"user_id": json.Number("10002"), "message": text}})
	}
	// A call that can never fit is told so (a bad request), not to try again later.
	r := send(SuffixAsync, strings.Repeat("x", 5000))
	require.Equal(t, int(gen.RetcodeBadRequest), r.Retcode, "one call over the byte bound: %s", r.Message)
	require.Contains(t, r.Message, "can never be deferred")
	require.NotContains(t, r.Message, "try again later")
	require.Equal(t, int(gen.RetcodeAsync), send(SuffixAsync, "a").Retcode)
	require.Equal(t, int(gen.RetcodeAsync), send(SuffixAsync, "b").Retcode)
	r = send(SuffixAsync, "c")
	require.Equal(t, int(gen.RetcodeBadThreadPool), r.Retcode, "a third concurrent _async call")
	require.Contains(t, r.Message, "_async calls are already running")
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
func ptr[T any](v T) *T { return &v }
