package conformance

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
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
				return (strings.HasPrefix(res.Check, "transport/") && strings.Contains(res.Check, "token")) || strings.HasPrefix(res.Check, "scenario/") ||
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
		// The mock has no world control API: the event checks always skip (events_test.go
		// drives them against a server that has one).
		wantSkips := tt.wantSkips
		tt.wantSkips = func(res Result, o *op) bool {
			return strings.HasPrefix(res.Check, eventCheckKind+"/") || wantSkips(res, o)
		}
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			srv := newTestServer(t, serverOptions{token: tt.token, expect: w.expect})
			var streamed []Result
			// The strictest profile: the mock does all the reference server promises.
			report := run(t, Config{
				BaseURL: srv.URL, AccessToken: tt.token, AllowMutations: tt.mutate, AllowDisruptive: tt.disrupt,
				Profile:  ProfileOnespec,
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
		case "scenario", eventCheckKind:
			return 3
		}
		o := cat.byName[res.Action]
		if o.effect == effectWrite && len(o.removes) > 0 {
			return 5 // a kick runs after every other write: it takes their member away
		}
		return map[string]int{effectRead: 2, effectWrite: 4, effectDisruptive: 6}[o.effect]
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

// plantedFault is a deliberately wrong server: one fault, the check that must flag it, the
// level it must be flagged at, and the profile it is judged under.
type plantedFault struct {
	name       string
	profile    string // "" is onebot11
	token      string
	quirks     quirks
	timeout    time.Duration
	expect     func(e *mocks.StrictServerInterface_Expecter)
	check      string
	wantStatus Status // Fail unless said otherwise
	wantLevel  Level
	wantPath   string
	wantReason string
}

// plantedFaults lists every kind of fault the suite must find. Each server breaks the spec in
// exactly one way; the suite must flag it on the check that covers it, at the right level,
// pointing at the offending field.
func plantedFaults() []plantedFault {
	okEnvelope := `{"status":"ok","retcode":0,"message":"","wording":"","data":`
	return []plantedFault{
		// The standard's envelope and data (required under every profile).
		{name: "wrong type in data", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetLoginInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `{"user_id":"10001","nickname":"bot"}}`}, nil)
		}, check: actionID(gen.ActionGetLoginInfo), wantLevel: Required,
			wantPath: "data.user_id", wantReason: `data.user_id must be an integer, got the string "10001"`},
		{name: "wrong type in data fails discovery in words, not Go types", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetLoginInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `{"user_id":"10001","nickname":"bot"}}`}, nil)
		}, check: discoveryID(gen.ActionGetLoginInfo), wantLevel: Required,
			wantPath: "data.user_id", wantReason: "must be an integer"},
		{name: "two faults in one answer are both reported", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetLoginInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `{"user_id":"10001","nickname":5}}`}, nil)
		}, check: actionID(gen.ActionGetLoginInfo), wantLevel: Required,
			// Findings come in path order: the first is nickname, and the reason holds both.
			wantPath: "data.nickname", wantReason: `data.user_id must be an integer, got the string "10001"`},
		{name: "data {} where the standard answers null", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.NcGetPacketStatus(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `{}}`}, nil)
		}, check: actionID(gen.ActionNcGetPacketStatus), wantLevel: Required,
			wantPath: "data", wantReason: "data is {}"},
		{name: "an array where an object belongs", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetGroupList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `{"group_id":1}}`}, nil)
		}, check: actionID(gen.ActionGetGroupList), wantLevel: Required,
			wantPath: "data", wantReason: "data must be an array of GroupInfo, got an object"},
		{name: "status ok with retcode 1400", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.CanSendImage(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","retcode":1400,"message":"","wording":"","data":{"yes":true}}`}, nil)
		}, check: actionID(gen.ActionCanSendImage), wantLevel: Required,
			wantPath: "retcode", wantReason: `status "ok" with retcode 1400`},
		{name: "status failed with retcode 1 (Lagrange's set_group_special_title)", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStatus(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":1,"data":null}`}, nil)
		}, check: actionID(gen.ActionGetStatus), wantLevel: Required,
			wantPath: "retcode", wantReason: `retcode 1 goes with status "async"`},
		{name: "missing required field", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetVersionInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `{"app_name":"x","protocol_version":"v11"}}`}, nil)
		}, check: actionID(gen.ActionGetVersionInfo), wantLevel: Required,
			wantPath: "data.app_version", wantReason: "data.app_version is missing"},
		{name: "missing retcode", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.CanSendRecord(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","data":{"yes":true}}`}, nil)
		}, check: actionID(gen.ActionCanSendRecord), wantLevel: Required,
			wantPath: "retcode", wantReason: "retcode is missing"},
		{name: "HTTP 500", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStatus(mock.Anything, mock.Anything).Return(raw{Status: http.StatusInternalServerError, Body: `{"status":"failed","retcode":1500,"data":null,"message":"boom","wording":""}`}, nil)
		}, check: actionID(gen.ActionGetStatus), wantLevel: Required, wantReason: "HTTP 500, want 200"},
		{name: "unknown status word", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetCookies(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"okay","retcode":0,"message":"","wording":"","data":{"cookies":"a=b"}}`}, nil)
		}, check: actionID(gen.ActionGetCookies), wantLevel: Required, wantPath: "status"},
		{name: "ok with null data", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetGroupList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `null}`}, nil)
		}, check: actionID(gen.ActionGetGroupList), wantLevel: Required, wantPath: "data", wantReason: "data is null"},
		{name: "ok without data", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetGroupList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","retcode":0}`}, nil)
		}, check: actionID(gen.ActionGetGroupList), wantLevel: Required, wantPath: "data", wantReason: "data is absent"},
		{name: "not JSON", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetFriendList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `<html>hello</html>`}, nil)
		}, check: actionID(gen.ActionGetFriendList), wantLevel: Required, wantReason: "not JSON"},
		{name: "wrong segment inside a message", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetMsg(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope +
				`{"time":1,"message_type":"group","message_id":1,"real_id":1,"sender":{},"message":[{"type":"text","data":{"text":5}}]}}`}, nil)
		}, check: actionID(gen.ActionGetMsg), wantLevel: Required, wantPath: "data.message.0.data.text"},
		{name: "unknown segment without an object data", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetMsg(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope +
				`{"time":1,"message_type":"group","message_id":1,"real_id":1,"sender":{},"message":[{"type":"mface","data":"x"}]}}`}, nil)
		}, check: actionID(gen.ActionGetMsg), wantLevel: Required, wantPath: "data.message.0.data"},
		{name: "a forward answer in no documented shape", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetForwardMsg(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: okEnvelope + `{"nodes":[]}}`}, nil)
		}, check: actionID(gen.ActionGetForwardMsg), wantLevel: Required, wantPath: "data.message", wantReason: "data.message is missing"},

		// The standard's transport (required).
		{name: "query strings ignored", quirks: quirks{jsonOnly: true},
			check: "transport/get-query", wantLevel: Required, wantPath: "status", wantReason: "want ok/0"},
		{name: "form bodies ignored", quirks: quirks{jsonOnly: true},
			check: "transport/form-urlencoded", wantLevel: Required, wantPath: "status", wantReason: "want ok/0"},
		{name: "numbers in JSON strings refused", quirks: quirks{typedJSON: true},
			check: "transport/json-strings", wantLevel: Required, wantPath: "status", wantReason: "want ok/0"},
		{name: "a charset parameter on application/json refused", quirks: quirks{exactContentType: true},
			check: "transport/json-charset", wantLevel: Required, wantReason: "HTTP 406, want 200"},
		{name: "/action/ with a trailing slash unknown", quirks: quirks{noTrailingSlash: true},
			check: "transport/trailing-slash", wantLevel: Required, wantReason: "HTTP 404, want 200"},
		{name: "_async answered synchronously", quirks: quirks{syncAsync: true},
			check: "transport/async-suffix", wantLevel: Required, wantPath: "status", wantReason: "want async/1"},
		{name: "_rate_limited unknown (Lagrange)", quirks: quirks{noRateLimited: true},
			check: "transport/rate-limited-suffix", wantLevel: Required, wantReason: "HTTP 404"},
		{name: "invalid parameter reaches the handler", quirks: quirks{lenientParams: true},
			check: "transport/invalid-param", wantLevel: Required, wantReason: "HTTP 400, want 200"},
		{name: "unknown action answered 200 (go-cqhttp)", quirks: quirks{unknownHTTP: http.StatusOK, unknownRetcode: 404},
			check: "transport/unknown-action", wantLevel: Required, wantReason: "HTTP 200, want 404"},
		{name: "no 406 for text/plain", quirks: quirks{anyContentType: true},
			check: "transport/unsupported-content-type", wantLevel: Required, wantReason: "want 406"},
		{name: "403 without a token (NapCat)", token: "t", quirks: quirks{missingTokenHTTP: http.StatusForbidden},
			check: "transport/no-token", wantLevel: Required, wantReason: "HTTP 403, want 401"},
		{name: "token in the query refused", token: "t", quirks: quirks{noQueryToken: true},
			check: "transport/token-in-query", wantLevel: Required, wantReason: "HTTP 401, want 200"},
		{name: "no answer to malformed JSON (Lagrange)", quirks: quirks{hangOnMalformed: true}, timeout: 300 * time.Millisecond,
			check: "transport/malformed-json", wantLevel: Required, wantReason: "request failed"},

		// Recommended: reported (WARN) under onebot11, failed under onespec.
		{name: "data absent instead of null (warned)", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStatus(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":1500,"message":"x","wording":""}`}, nil)
		}, check: actionID(gen.ActionGetStatus), wantStatus: Unsupported, wantLevel: Recommended,
			wantPath: "data", wantReason: "data is absent"},
		{name: "failure without any text", quirks: quirks{silentFailures: true},
			check: "transport/invalid-param", wantStatus: Warn, wantLevel: Recommended, wantPath: "message", wantReason: "no message, msg or wording"},

		// onespec's promises: judged only under the onespec profile.
		{name: "envelope without message and wording", profile: ProfileOnespec, expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.CanSendRecord(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","retcode":0,"data":{"yes":true}}`}, nil)
		}, check: actionID(gen.ActionCanSendRecord), wantLevel: Onespec, wantPath: "message", wantReason: "lacks message"},
		{name: "retcode not among the operation's", profile: ProfileOnespec, expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetCsrfToken(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":102,"data":null,"message":"no","wording":""}`}, nil)
		}, check: actionID(gen.ActionGetCsrfToken), wantLevel: Onespec,
			wantPath: "retcode", wantReason: "retcode 102 is not one of get_csrf_token's x-onebot-retcodes"},
		{name: "an action not served (onespec)", profile: ProfileOnespec, expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStrangerInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":100,"data":null,"message":"不支持","msg":"UNSUPPORTED","wording":"不支持"}`}, nil)
		}, check: actionID(gen.ActionGetStrangerInfo), wantLevel: Onespec, wantPath: "retcode", wantReason: `does not serve get_stranger_info: answered failed/100 "不支持 / UNSUPPORTED / 不支持"`},
		// A documented failure to a valid request built from the target's own ids proves nothing:
		// reported (WARN) under onebot11, failed under onespec, never a PASS.
		{name: "a documented failure about the target's own friend (warned)", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStrangerInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":102,"data":null,"message":"no such user","wording":""}`}, nil)
		}, check: actionID(gen.ActionGetStrangerInfo), wantStatus: Warn, wantLevel: Unexercised, wantPath: "retcode",
			wantReason: `get_stranger_info refused a valid request built from the target's own ids: answered failed/102 "no such user"`},
		{name: "a documented failure about the target's own friend (onespec)", profile: ProfileOnespec, expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStrangerInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":102,"data":null,"message":"no such user","wording":""}`}, nil)
		}, check: actionID(gen.ActionGetStrangerInfo), wantLevel: Unexercised, wantPath: "retcode", wantReason: "the action was not shown to work"},
		{name: "a discovery action not served (onespec)", profile: ProfileOnespec, expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetFriendList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":1404,"data":null,"message":"unknown action","wording":""}`}, nil)
		}, check: discoveryID(gen.ActionGetFriendList), wantLevel: Onespec, wantPath: "retcode", wantReason: "does not serve get_friend_list"},
		{name: "no echo over HTTP", profile: ProfileOnespec, quirks: quirks{noEcho: true},
			check: "transport/echo", wantLevel: Onespec, wantPath: "echo", wantReason: "no echo"},
		{name: "unknown action with retcode 404 (LLOneBot)", profile: ProfileOnespec, quirks: quirks{unknownRetcode: 404},
			check: "transport/unknown-action", wantLevel: Onespec, wantPath: "retcode"},

		// A family profile expects the family's documented behaviour.
		{name: "a failure retcode go-cqhttp does not use", profile: "gocq", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStrangerInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":1400,"data":null,"message":"bad","wording":""}`}, nil)
		}, check: actionID(gen.ActionGetStrangerInfo), wantLevel: Deviation, wantPath: "retcode", wantReason: "not one go-cqhttp documents"},
		{name: "an action the family serves, not served", profile: "napcat", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetStrangerInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":1404,"data":null,"message":"unknown action"}`}, nil)
		}, check: actionID(gen.ActionGetStrangerInfo), wantLevel: Deviation, wantReason: "lists NapCat as serving get_stranger_info"},
		{name: "another family's variant is reported", profile: "lagrange", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetForwardMsg(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","retcode":0,"data":{"messages":[]}}`}, nil)
		}, check: actionID(gen.ActionGetForwardMsg), wantLevel: Recommended, wantStatus: Warn, wantReason: "variant of go-cqhttp, LLOneBot, NapCat"},
	}
}

// Every planted fault is flagged on its check at its level, and the count says so: a fault the
// suite misses would make it vouch for a broken server.
func TestPlantedFaultsFlagged(t *testing.T) {
	faults := plantedFaults()
	flagged := 0
	for _, tt := range faults {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, serverOptions{token: tt.token, quirks: tt.quirks, expect: tt.expect})
			cfg := Config{BaseURL: srv.URL, AccessToken: tt.token, Profile: tt.profile}
			if tt.timeout > 0 {
				cfg.HTTPClient = &http.Client{Timeout: tt.timeout}
			}
			report := run(t, cfg)
			res := find(t, report, tt.check)
			want := tt.wantStatus
			if want == "" {
				want = Fail
			}
			ok := assert.Equalf(t, want, res.Status, "reason: %s", res.Reason)
			ok = assert.Truef(t, slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Level == tt.wantLevel }),
				"no %s finding in %+v", tt.wantLevel, res.Findings) && ok
			ok = assert.Equal(t, tt.wantPath, res.Path) && ok
			for _, f := range res.Findings {
				if f.Level == Required {
					ok = assert.Truef(t, strings.HasPrefix(f.Ref, standardDoc), "required finding without a link to the standard: %+v", f) && ok
				}
			}
			ok = assert.Contains(t, res.Reason, tt.wantReason) && ok
			if want == Fail {
				ok = assert.True(t, report.Failed()) && ok
				ok = assert.NotEmpty(t, res.Request, "a failure carries its request") && ok
			}
			if ok {
				flagged++
			}
		})
	}
	t.Logf("planted faults flagged: %d/%d", flagged, len(faults))
	assert.Equal(t, len(faults), flagged, "every planted fault is flagged")
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
		// Refused with a documented retcode on the target's own group: not exercised, which is
		// a finding (WARN under onebot11), never a PASS or a silent SKIP.
		{name: "no permission to rename", world: func(w *world) { w.denyName = true },
			check: "scenario/group-name", wantStatus: Warn, wantPath: "retcode", wantReason: "refused a valid request built from the target's own ids"},
		{name: "round trip works", world: func(*world) {},
			check: "scenario/message-roundtrip", wantStatus: Pass, wantReason: "recalled"},
		{name: "a text read back unescaped in the string form", world: func(w *world) { w.noEscape = true },
			check: "scenario/cq-escape", wantStatus: Fail, wantPath: "data.message", wantReason: "&amp; &#91; &#93;"},
		{name: "auto_escape ignored", world: func(w *world) { w.ignoreAutoEscape = true },
			check: "scenario/cq-escape", wantStatus: Fail, wantPath: "data.message", wantReason: "onespec [CQ:face,id=14]"},
		{name: "one segment object refused", world: func(w *world) { w.refuseSegmentObject = true },
			check: "scenario/message-forms", wantStatus: Fail, wantPath: "message", wantReason: "refused message as one segment object"},
		{name: "every message form served", world: func(*world) {},
			check: "scenario/message-forms", wantStatus: Pass, wantReason: "send_group_msg took a CQ string"},
		{name: "escaping round trip works", world: func(*world) {},
			check: "scenario/cq-escape", wantStatus: Pass, wantReason: "read back in string form"},
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
		// noConnection: the run could not connect, its own outcome: nothing failed, the
		// verdict says so.
		noConnection bool
	}{
		{
			name:         "unreachable",
			cfg:          func(*testing.T) Config { return Config{BaseURL: down.URL} },
			wantFirst:    "could not connect: ",
			wantReason:   "unreachable",
			noConnection: true,
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
			assert.Equal(t, discoveryID(gen.ActionGetLoginInfo), first.Check)
			assert.Contains(t, first.Reason, tt.wantFirst)
			assert.Equal(t, !tt.noConnection, report.Connected())
			if tt.noConnection {
				assert.Equal(t, Skip, first.Status)
				assert.False(t, report.Failed())
				assert.Contains(t, report.Unreachable, "connection refused")
				assert.Contains(t, report.Verdict(), "could not connect: ")
			} else {
				assert.Equal(t, Fail, first.Status)
				assert.NotContains(t, report.Verdict(), "could not connect")
			}
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
		{"no URL", Config{}, "BaseURL and WSURL are empty"},
		{"two transports", Config{BaseURL: "http://x", WSURL: "ws://x"}, "one transport"},
		{"WebSocket not ws", Config{WSURL: "http://x"}, "scheme must be ws or wss"},
		{"WebSocket query", Config{WSURL: "ws://x/?access_token=t"}, "query"},
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

// A documented value variant (Lagrange's member sex "" and card null) is reported under
// onebot11, expected under the lagrange profile, and still a failure under onespec.
func TestValueVariants(t *testing.T) {
	answer := `{"status":"ok","retcode":0,"data":{"group_id":20001,"user_id":10002,"nickname":"小明","card":null,"sex":"","age":0,` +
		`"area":"","join_time":1,"last_sent_time":1,"level":"1","role":"member","unfriendly":false,"title":"","title_expire_time":0,"card_changeable":true}}`
	expect := func(e *mocks.StrictServerInterface_Expecter) {
		e.GetGroupMemberInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: answer}, nil)
	}
	srv := newTestServer(t, serverOptions{expect: expect})
	check := actionID(gen.ActionGetGroupMemberInfo)
	for profile, want := range map[string]Status{ProfileOneBot11: Warn, "lagrange": Pass, ProfileOnespec: Fail} {
		t.Run(profile, func(t *testing.T) {
			res := find(t, run(t, Config{BaseURL: srv.URL, Profile: profile}), check)
			assert.Equalf(t, want, res.Status, "reason: %s", res.Reason)
			if want != Pass {
				assert.Contains(t, res.Reason, `data.sex "" for "unknown"`)
			}
		})
	}
}

// A --group the target does not list is a loud warning, in the result and in the report.
func TestUnknownConfiguredTarget(t *testing.T) {
	srv := newTestServer(t, serverOptions{expect: newWorld().expect})
	report := run(t, Config{BaseURL: srv.URL, AllowMutations: true, GroupID: 99999, Only: regexp.MustCompile(`^$`)})
	res := find(t, report, discoveryID(gen.ActionGetGroupList))
	assert.Equal(t, Warn, res.Status)
	assert.Contains(t, res.Reason, "WARNING: --group 99999 is not in the bot's group list")
	require.NotEmpty(t, report.Notes)
	assert.Contains(t, report.Notes[0], "--group 99999")
}

// An action the target lacks is UNSUPPORTED wherever the suite meets it (its action check,
// discovery, a scenario), never a required FAIL there and a mere report here; and a
// documented failure is unexercised wherever it is met.
func TestRefusalsJudgedOneWay(t *testing.T) {
	unknown := `{"status":"failed","retcode":1404,"data":null,"message":"unknown action","wording":""}`
	tests := []struct {
		name       string
		expect     func(e *mocks.StrictServerInterface_Expecter)
		checks     []string
		wantStatus Status
	}{
		{name: "get_friend_list unknown", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetFriendList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: unknown}, nil)
		}, checks: []string{discoveryID(gen.ActionGetFriendList), actionID(gen.ActionGetFriendList)}, wantStatus: Unsupported},
		{name: "set_group_card unknown", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.SetGroupCard(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: unknown}, nil)
		}, checks: []string{"scenario/group-card", actionID(gen.ActionSetGroupCard)}, wantStatus: Unsupported},
		{name: "get_group_member_list over HTTP 404", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetGroupMemberList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusNotFound, Body: unknown}, nil)
		}, checks: []string{discoveryID(gen.ActionGetGroupMemberList), actionID(gen.ActionGetGroupMemberList)}, wantStatus: Unsupported},
		{name: "get_group_list refused with a documented retcode", expect: func(e *mocks.StrictServerInterface_Expecter) {
			e.GetGroupList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"failed","retcode":1400,"data":null,"message":"no","wording":""}`}, nil)
		}, checks: []string{discoveryID(gen.ActionGetGroupList), actionID(gen.ActionGetGroupList)}, wantStatus: Warn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			srv := newTestServer(t, serverOptions{expect: func(e *mocks.StrictServerInterface_Expecter) {
				tt.expect(e) // first: it wins over the world's
				w.expect(e)
			}})
			report := run(t, Config{BaseURL: srv.URL, AllowMutations: true})
			for _, id := range tt.checks {
				res := find(t, report, id)
				assert.Equalf(t, tt.wantStatus, res.Status, "%s: %s", id, res.Reason)
			}
			assert.False(t, report.Failed(), "failed: %v", failures(report))
		})
	}
}

// A request refused with a documented failure because the target's state does not fit it (the
// bot owns the group it is asked to leave) is re-planned with the operation's next example; a
// target that refuses every example is unexercised, and under onespec that fails.
func TestRefusedExampleReplanned(t *testing.T) {
	ownerOnly := func(refuseAll bool) func(e *mocks.StrictServerInterface_Expecter) {
		return func(e *mocks.StrictServerInterface_Expecter) {
			e.SetGroupLeave(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.SetGroupLeaveRequestObject) (gen.SetGroupLeaveResponseObject, error) {
				if refuseAll || req.Body.IsDismiss == nil || !*req.Body.IsDismiss {
					return gen.SetGroupLeave200JSONResponse{Status: string(gen.StatusFailed), Retcode: int(gen.RetcodeOperationFailed), Message: "the owner can only dismiss"}, nil
				}
				return gen.SetGroupLeave200JSONResponse{Status: string(gen.StatusOk)}, nil
			}).Maybe()
		}
	}
	for _, tt := range []struct {
		name       string
		refuseAll  bool
		wantStatus Status
		wantReason string
	}{
		{name: "the dismiss example fits", wantStatus: Pass, wantReason: `sent example "dismiss" after the target refused default`},
		{name: "every example refused", refuseAll: true, wantStatus: Fail, wantReason: "the action was not shown to work"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, serverOptions{expect: ownerOnly(tt.refuseAll)})
			report := run(t, Config{BaseURL: srv.URL, AllowMutations: true, AllowDisruptive: true, Profile: ProfileOnespec,
				Only: regexp.MustCompile(`^action/set_group_leave$`)})
			res := find(t, report, actionID(gen.ActionSetGroupLeave))
			assert.Equalf(t, tt.wantStatus, res.Status, "reason: %s", res.Reason)
			assert.Contains(t, res.Reason, tt.wantReason)
		})
	}
}

// On a target other than onespec's reference server, a mutation acts only on the ids the user
// named (--group, --user): on discovered ones it SKIPs saying why, and the target never sees
// the kick. Named, the same checks run.
func TestMutationsOnlyOnNamedTargets(t *testing.T) {
	for _, tt := range []struct {
		name       string
		group      int64
		user       int64
		wantStatus Status // of the checks on a member
		wantLeave  Status // of set_group_leave, which names only the group
		wantKicks  int
	}{
		{name: "discovered ids", wantStatus: Skip, wantLeave: Skip},
		{name: "only the group named", group: 20001, wantStatus: Skip, wantLeave: Pass},
		{name: "group and user named", group: 20001, user: 10002, wantStatus: Pass, wantLeave: Pass, wantKicks: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			kicks := 0
			w := newWorld()
			srv := newTestServer(t, serverOptions{expect: func(e *mocks.StrictServerInterface_Expecter) {
				e.GetVersionInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK,
					Body: `{"status":"ok","retcode":0,"message":"","wording":"","data":{"app_name":"NapCat.Onebot","app_version":"4.0.0","protocol_version":"v11"}}`}, nil)
				e.SetGroupKick(mock.Anything, mock.Anything).RunAndReturn(func(context.Context, gen.SetGroupKickRequestObject) (gen.SetGroupKickResponseObject, error) {
					mu.Lock()
					defer mu.Unlock()
					kicks++
					return gen.SetGroupKick200JSONResponse{Status: string(gen.StatusOk)}, nil
				}).Maybe()
				w.expect(e)
			}})
			report := run(t, Config{BaseURL: srv.URL, AllowMutations: true, AllowDisruptive: true, GroupID: tt.group, UserID: tt.user})
			for id, want := range map[string]Status{actionID(gen.ActionSetGroupKick): tt.wantStatus, "scenario/group-card": tt.wantStatus, actionID(gen.ActionSetGroupLeave): tt.wantLeave} {
				res := find(t, report, id)
				assert.Equalf(t, want, res.Status, "%s: %s", id, res.Reason)
				if want == Skip {
					assert.Contains(t, res.Reason, "name ones you control with --group and --user")
				}
			}
			assert.Equal(t, tt.wantKicks, kicks, "kicks the target saw")
			assert.Equal(t, Pass, find(t, report, actionID(gen.ActionCleanCache)).Status, "a write that names no group or user runs")
		})
	}
}
