package conformance

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
)

// A server that does everything the spec asks must pass every check it runs: a FAIL here
// would be the suite accusing an implementation falsely.
func TestConformingServerPasses(t *testing.T) {
	cat := mustCatalogue(t)
	tests := []struct {
		name      string
		token     string
		mutate    bool
		disrupt   bool
		wantSkips func(res Result, o *op) bool // which checks may be skipped
	}{
		{
			name: "read only, no token",
			wantSkips: func(res Result, o *op) bool {
				return strings.HasSuffix(res.Check, "-token") || strings.HasPrefix(res.Check, "scenario/") ||
					(o != nil && o.effect != effectRead)
			},
		},
		{
			name:  "read only, token",
			token: "s3cret",
			wantSkips: func(res Result, o *op) bool {
				return strings.HasPrefix(res.Check, "scenario/") || (o != nil && o.effect != effectRead)
			},
		},
		{
			name: "mutations", token: "s3cret", mutate: true,
			wantSkips: func(res Result, o *op) bool { return o != nil && o.effect == effectDisruptive },
		},
		{
			name: "mutations and disruptive", token: "s3cret", mutate: true, disrupt: true,
			wantSkips: func(Result, *op) bool { return false },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			srv := newTestServer(t, serverOptions{token: tt.token, expect: w.expect})
			var streamed []Result
			report := run(t, Config{
				BaseURL: srv.URL, AccessToken: tt.token, AllowMutations: tt.mutate, AllowDisruptive: tt.disrupt,
				OnResult: func(r Result) { streamed = append(streamed, r) },
			})

			assert.Empty(t, failures(report))
			assert.False(t, report.Failed())
			assert.Equal(t, report.Results, streamed, "OnResult sees every result, in order")
			for _, res := range report.Results {
				var o *op
				if strings.HasPrefix(res.Check, "action/") {
					o = cat.byName[res.Action]
				}
				want := Pass
				if tt.wantSkips(res, o) {
					want = Skip
				}
				assert.Equalf(t, want, res.Status, "%s: %s", res.Check, res.Reason)
			}
		})
	}
}

// The checks run in the documented order, and every operation of the spec has its check.
func TestRunOrder(t *testing.T) {
	cat := mustCatalogue(t)
	srv := newTestServer(t, serverOptions{expect: newWorld().expect})
	report := run(t, Config{BaseURL: srv.URL, AllowMutations: true, AllowDisruptive: true})

	phase := func(res Result) int {
		kind, _, _ := strings.Cut(res.Check, "/")
		switch kind {
		case "discovery":
			return 0
		case "transport":
			return 1
		case "scenario":
			return 3
		}
		return map[string]int{effectRead: 2, effectWrite: 4, effectDisruptive: 5}[cat.byName[res.Action].effect]
	}
	actions := 0
	for i, res := range report.Results {
		if strings.HasPrefix(res.Check, "action/") {
			actions++
		}
		if i == 0 {
			continue
		}
		prev := report.Results[i-1]
		require.LessOrEqualf(t, phase(prev), phase(res), "%s runs before %s", prev.Check, res.Check)
		if phase(prev) == phase(res) && strings.HasPrefix(res.Check, "action/") {
			require.Lessf(t, prev.Action, res.Action, "actions of one effect run alphabetically")
		}
	}
	assert.Equal(t, len(cat.ops), actions)
}

// Deliberately wrong servers: each breaks the spec in one way, and the suite must say FAIL on
// the check that covers it, pointing at the offending field.
func TestWrongServersFail(t *testing.T) {
	okEnvelope := `{"status":"ok","retcode":0,"message":"","wording":"","data":`
	tests := []struct {
		name       string
		expect     func(e *mocks.StrictServerInterface_Expecter)
		check      string
		wantStatus Status
		wantPath   string
		wantReason string
	}{
		{
			name: "wrong type in data",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetLoginInfo(mock.Anything, mock.Anything).Return(raw{http.StatusOK, okEnvelope + `{"user_id":"10001","nickname":"bot"}}`}, nil)
			},
			check: actionID(gen.NewGetLoginInfoRequestWithBody), wantStatus: Fail,
			wantPath: "data.user_id", wantReason: "integer",
		},
		{
			name: "wrong type in data breaks the typed client too",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetLoginInfo(mock.Anything, mock.Anything).Return(raw{http.StatusOK, okEnvelope + `{"user_id":"10001","nickname":"bot"}}`}, nil)
			},
			check: discoveryID(gen.NewGetLoginInfoRequestWithBody), wantStatus: Fail, wantReason: "user_id",
		},
		{
			name: "status ok with retcode 1400",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.CanSendImage(mock.Anything, mock.Anything).Return(raw{http.StatusOK, `{"status":"ok","retcode":1400,"message":"","wording":"","data":{"yes":true}}`}, nil)
			},
			check: actionID(gen.NewCanSendImageRequestWithBody), wantStatus: Fail,
			wantPath: "retcode", wantReason: `status "ok" with retcode 1400`,
		},
		{
			name: "missing required field",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetVersionInfo(mock.Anything, mock.Anything).Return(raw{http.StatusOK, okEnvelope + `{"app_name":"x","protocol_version":"v11"}}`}, nil)
			},
			check: actionID(gen.NewGetVersionInfoRequestWithBody), wantStatus: Fail,
			wantPath: "data.app_version", wantReason: `"app_version" is missing`,
		},
		{
			name: "missing envelope field",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.CanSendRecord(mock.Anything, mock.Anything).Return(raw{http.StatusOK, `{"status":"ok","data":{"yes":true}}`}, nil)
			},
			check: actionID(gen.NewCanSendRecordRequestWithBody), wantStatus: Fail, wantPath: "retcode", wantReason: `"retcode" is missing`,
		},
		{
			name: "HTTP 500",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetStatus(mock.Anything, mock.Anything).Return(raw{http.StatusInternalServerError, `{"status":"failed","retcode":1500,"data":null,"message":"boom","wording":""}`}, nil)
			},
			check: actionID(gen.NewGetStatusRequestWithBody), wantStatus: Fail, wantReason: "HTTP 500, want 200",
		},
		{
			name: "retcode not among the operation's",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetCsrfToken(mock.Anything, mock.Anything).Return(raw{http.StatusOK, `{"status":"failed","retcode":102,"data":null,"message":"no","wording":""}`}, nil)
			},
			check: actionID(gen.NewGetCsrfTokenRequestWithBody), wantStatus: Fail,
			wantPath: "retcode", wantReason: "retcode 102 is not one of get_csrf_token's x-onebot-retcodes",
		},
		{
			name: "retcode outside the catalogue (go-cqhttp's 100)",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetStrangerInfo(mock.Anything, mock.Anything).Return(raw{http.StatusOK, `{"status":"failed","retcode":100,"data":null,"message":"","wording":""}`}, nil)
			},
			check: actionID(gen.NewGetStrangerInfoRequestWithBody), wantStatus: Fail, wantPath: "retcode", wantReason: "not one of",
		},
		{
			name: "unknown status word",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetCookies(mock.Anything, mock.Anything).Return(raw{http.StatusOK, `{"status":"okay","retcode":0,"message":"","wording":"","data":{"cookies":"a=b"}}`}, nil)
			},
			check: actionID(gen.NewGetCookiesRequestWithBody), wantStatus: Fail, wantPath: "status",
		},
		{
			name: "ok with null data",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetGroupList(mock.Anything, mock.Anything).Return(raw{http.StatusOK, okEnvelope + `null}`}, nil)
			},
			check: actionID(gen.NewGetGroupListRequestWithBody), wantStatus: Fail, wantPath: "data", wantReason: "data is null",
		},
		{
			name: "not JSON",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetFriendList(mock.Anything, mock.Anything).Return(raw{http.StatusOK, `<html>hello</html>`}, nil)
			},
			check: actionID(gen.NewGetFriendListRequestWithBody), wantStatus: Fail, wantReason: "not JSON",
		},
		{
			name: "wrong segment inside a message",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetMsg(mock.Anything, mock.Anything).Return(raw{http.StatusOK, okEnvelope +
					`{"time":1,"message_type":"group","message_id":1,"real_id":1,"sender":{},"message":[{"type":"text","data":{"text":5}}]}}`}, nil)
			},
			check: actionID(gen.NewGetMsgRequestWithBody), wantStatus: Fail, wantPath: "data.message.0.data.text",
		},
		{
			name: "a documented failure passes with a note",
			expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetMsg(mock.Anything, mock.Anything).Return(raw{http.StatusOK, `{"status":"failed","retcode":102,"data":null,"message":"message 1001 not found","wording":""}`}, nil)
			},
			check: actionID(gen.NewGetMsgRequestWithBody), wantStatus: Pass,
			wantReason: "answered failed/102 (documented)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, serverOptions{expect: tt.expect})
			report := run(t, Config{BaseURL: srv.URL})
			res := find(t, report, tt.check)
			assert.Equalf(t, tt.wantStatus, res.Status, "reason: %s", res.Reason)
			assert.Equal(t, tt.wantPath, res.Path)
			assert.Contains(t, res.Reason, tt.wantReason)
			if tt.wantStatus == Fail {
				assert.True(t, report.Failed())
			}
		})
	}
}

// Transport rules broken the way real implementations break them.
func TestTransportQuirksFail(t *testing.T) {
	tests := []struct {
		name       string
		quirks     quirks
		token      string
		timeout    time.Duration
		check      string
		wantPath   string
		wantReason string
	}{
		{name: "unknown action answered 200 (go-cqhttp)", quirks: quirks{unknownHTTP: http.StatusOK, unknownRetcode: 404},
			check: "transport/unknown-action", wantReason: "HTTP 200, want 404"},
		{name: "unknown action with retcode 404 (LLOneBot)", quirks: quirks{unknownRetcode: 404},
			check: "transport/unknown-action", wantPath: "retcode"},
		{name: "no echo over HTTP", quirks: quirks{noEcho: true},
			check: "transport/echo", wantPath: "echo", wantReason: "no echo"},
		{name: "403 without a token (NapCat)", token: "t", quirks: quirks{missingTokenHTTP: http.StatusForbidden},
			check: "transport/no-token", wantReason: "HTTP 403, want 401"},
		{name: "no 406 for text/plain", quirks: quirks{anyContentType: true},
			check: "transport/unsupported-content-type", wantReason: "want 406"},
		{name: "query strings ignored", quirks: quirks{jsonOnly: true},
			check: "transport/get-query", wantPath: "status", wantReason: "want ok/0"},
		{name: "form bodies ignored", quirks: quirks{jsonOnly: true},
			check: "transport/form-urlencoded", wantPath: "status", wantReason: "want ok/0"},
		{name: "invalid parameter reaches the handler", quirks: quirks{lenientParams: true},
			check: "transport/invalid-param", wantReason: "want 200"},
		{name: "_async answered synchronously (go-cqhttp, NapCat)", quirks: quirks{syncAsync: true},
			check: "transport/async-suffix", wantPath: "status", wantReason: "want async/1"},
		{name: "no answer to malformed JSON (Lagrange)", quirks: quirks{hangOnMalformed: true}, timeout: 300 * time.Millisecond,
			check: "transport/malformed-json", wantReason: "request failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, serverOptions{token: tt.token, quirks: tt.quirks})
			cfg := Config{BaseURL: srv.URL, AccessToken: tt.token}
			if tt.timeout > 0 {
				cfg.HTTPClient = &http.Client{Timeout: tt.timeout}
			}
			report := run(t, cfg)
			res := find(t, report, tt.check)
			assert.Equalf(t, Fail, res.Status, "reason: %s", res.Reason)
			assert.Equal(t, tt.wantPath, res.Path)
			assert.Contains(t, res.Reason, tt.wantReason)
		})
	}
}

// Scenarios catch actions that answer ok without doing what they say.
func TestScenarios(t *testing.T) {
	tests := []struct {
		name       string
		world      func(w *world)
		check      string
		wantStatus Status
		wantPath   string
		wantReason string
	}{
		{name: "recalled message still readable", world: func(w *world) { w.keepRecalled = true },
			check: "scenario/message-roundtrip", wantStatus: Fail, wantPath: "status", wantReason: "still returns"},
		{name: "card not changed", world: func(w *world) { w.ignoreCard = true },
			check: "scenario/group-card", wantStatus: Fail, wantPath: "data.card", wantReason: "want"},
		{name: "no permission to rename", world: func(w *world) { w.denyName = true },
			check: "scenario/group-name", wantStatus: Skip, wantReason: "documented failure"},
		{name: "round trip works", world: func(*world) {},
			check: "scenario/message-roundtrip", wantStatus: Pass, wantReason: "recalled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			tt.world(w)
			srv := newTestServer(t, serverOptions{expect: w.expect})
			report := run(t, Config{BaseURL: srv.URL, AllowMutations: true})
			res := find(t, report, tt.check)
			assert.Equalf(t, tt.wantStatus, res.Status, "reason: %s", res.Reason)
			assert.Equal(t, tt.wantPath, res.Path)
			assert.Contains(t, res.Reason, tt.wantReason)
		})
	}

	t.Run("old values are restored", func(t *testing.T) {
		w := newWorld()
		srv := newTestServer(t, serverOptions{expect: w.expect})
		card, name := w.card, w.name
		// The write actions that run after the scenarios change the card and the name again
		// (their examples do), so look at the world the moment each scenario reports.
		seen := map[string]string{}
		report := run(t, Config{BaseURL: srv.URL, AllowMutations: true, OnResult: func(r Result) {
			w.mu.Lock()
			defer w.mu.Unlock()
			seen["scenario/group-card"+r.Check] = w.card
			seen["scenario/group-name"+r.Check] = w.name
		}})
		assert.Equal(t, Pass, find(t, report, "scenario/group-card").Status)
		assert.Equal(t, Pass, find(t, report, "scenario/group-name").Status)
		assert.Equal(t, card, seen["scenario/group-card"+"scenario/group-card"])
		assert.Equal(t, name, seen["scenario/group-name"+"scenario/group-name"])
	})
}

// An endpoint that is down, or that refuses the credentials, is a verdict on the first check,
// not an error, and the rest is skipped at once instead of failing for the same reason.
func TestHaltedRun(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	tests := []struct {
		name       string
		cfg        func(t *testing.T) Config
		wantFirst  string
		wantReason string
	}{
		{
			name:       "unreachable",
			cfg:        func(*testing.T) Config { return Config{BaseURL: down.URL} },
			wantFirst:  "connection refused",
			wantReason: "unreachable",
		},
		{
			name: "token missing",
			cfg: func(t *testing.T) Config {
				return Config{BaseURL: newTestServer(t, serverOptions{token: "s3cret"}).URL}
			},
			wantFirst:  "HTTP 401",
			wantReason: "refuses the credentials (HTTP 401)",
		},
		{
			name: "token wrong",
			cfg: func(t *testing.T) Config {
				return Config{BaseURL: newTestServer(t, serverOptions{token: "s3cret"}).URL, AccessToken: "guess"}
			},
			wantFirst:  "HTTP 403",
			wantReason: "refuses the credentials (HTTP 403)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			report := run(t, tt.cfg(t))
			assert.Less(t, time.Since(start), 5*time.Second)
			require.NotEmpty(t, report.Results)
			first := report.Results[0]
			assert.Equal(t, discoveryID(gen.NewGetLoginInfoRequestWithBody), first.Check)
			assert.Equal(t, Fail, first.Status)
			assert.Contains(t, first.Reason, tt.wantFirst)
			for _, res := range report.Results[1:] {
				assert.Equal(t, Skip, res.Status, res.Check)
				assert.Contains(t, res.Reason, tt.wantReason)
			}
		})
	}
}

func TestInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no URL", Config{}, "BaseURL is empty"},
		{"not HTTP", Config{BaseURL: "ftp://example.com"}, "scheme"},
		{"no host", Config{BaseURL: "http://"}, "no host"},
		{"query", Config{BaseURL: "http://x/?a=1"}, "query"},
		{"negative id", Config{BaseURL: "http://x", GroupID: -1}, "negative"},
		{"disruptive alone", Config{BaseURL: "http://x", AllowDisruptive: true}, "requires AllowMutations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report, err := Run(context.Background(), tt.cfg)
			require.Error(t, err)
			assert.Nil(t, report)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// A cancelled run stops at once: what is left is skipped and ctx's error comes back.
func TestCancelledRun(t *testing.T) {
	srv := newTestServer(t, serverOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	var seen int
	report, err := Run(ctx, Config{BaseURL: srv.URL, OnResult: func(Result) {
		seen++
		if seen == 3 {
			cancel()
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, report)
	for _, res := range report.Results[3:] {
		assert.Equal(t, Skip, res.Status, res.Check)
		assert.Contains(t, res.Reason, "not run")
	}
	assert.True(t, errors.Is(ctx.Err(), context.Canceled))
}

// Only narrows a run to the matching checks; discovery still runs because the others need it.
func TestOnlyFilter(t *testing.T) {
	srv := newTestServer(t, serverOptions{})
	report := run(t, Config{BaseURL: srv.URL, Only: regexp.MustCompile(`^action/get_msg$|transport/echo`)})
	var ids []string
	for _, r := range report.Results {
		ids = append(ids, r.Check)
	}
	want := []string{"discovery/get_login_info", "discovery/get_friend_list", "discovery/get_group_list",
		"discovery/get_group_member_list", "transport/echo", "action/get_msg"}
	assert.Equal(t, want, ids)
}
