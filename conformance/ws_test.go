package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
)

// The WebSocket test servers are a small forward WebSocket transport (communication/ws.md) in
// front of an HTTP test server (the mock of harness_test.go or a family-shaped one): each frame
// becomes a POST of its params to the action, and the answer, with the echo put back, becomes
// the reply; HTTP 404 and 400 become retcodes 1404 and 1400. wsQuirks switch parts of it to
// the wrong (or merely different) behaviours real implementations show.
type wsQuirks struct {
	noEchoOnFailure   bool          // failed replies lose the echo
	echoAsString      bool          // the echo comes back as a string, whatever it was
	noConnect         bool          // no lifecycle connect event
	heartbeatFirst    bool          // a heartbeat before the connect event
	connectSelfID     int64         // self_id of the connect event (0: the bot's)
	metaOmits         string        // this field is left out of the connect event and heartbeats
	heartbeat         time.Duration // heartbeat period (0: none)
	heartbeatClaim    any           // the interval field (nil: the period in ms)
	heartbeatStatus   any           // the status field (nil: {online, good})
	closeOnMalformed  bool          // a malformed frame ends the connection
	silentOnMalformed bool          // a malformed frame gets no reply (Lagrange)
	malformedRetcode  int           // retcode of the malformed frame's reply (0: 1400; go-cqhttp 404)
	unknownRetcode    int           // retcode of an unknown action (0: 1404; go-cqhttp and Lagrange 404)
	eventsOnAPI       bool          // /api gets the connect event too
	callsOnEvent      bool          // /event answers calls (NapCat)
	upgradeThenRefuse bool          // a bad token is upgraded, answered 1403 and closed (NapCat)
	missingTokenHTTP  int           // HTTP status without a token (0: 401; Lagrange 403)
	tokenIgnored      bool          // the handshake's token is not checked at all
	noQueryToken      bool          // ?access_token= is not read
	silentCalls       bool          // no call is ever answered
	universalNoCalls  bool          // / pushes events but answers no calls
	noTrailingSlash   bool          // /api/ and /event/ are unknown paths
	flood             int           // events pushed on /event right after the connect event
	// retcodes maps the backend's failure retcodes to the WebSocket ones (NapCat: 400 → 1400).
	retcodes map[int]int
	// failure builds a failed reply of the transport itself (nil: onespec's envelope).
	failure func(retcode int, text string) map[string]any
}

// newWSServer serves forward WebSocket on /, /api and /event in front of backend.
func newWSServer(t *testing.T, backend *httptest.Server, token string, q wsQuirks) string {
	t.Helper()
	self := backendSelf(t, backend, token)
	if q.connectSelfID == 0 {
		q.connectSelfID = self
	}
	fail := q.failure
	if fail == nil {
		fail = func(retcode int, text string) map[string]any {
			return map[string]any{"status": "failed", "retcode": retcode, "data": nil, "message": text, "wording": text}
		}
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimSuffix(r.URL.Path, "/")
		if q.noTrailingSlash && r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
			path = r.URL.Path
		}
		if path != "" && path != wsPathAPI && path != wsPathEvent {
			http.NotFound(w, r)
			return
		}
		refuse := 0
		if token != "" && !q.tokenIgnored {
			auth := r.Header.Get("Authorization")
			if qt := r.URL.Query().Get(accessTokenParam); auth == "" && qt != "" && !q.noQueryToken {
				auth = "Bearer " + qt
			}
			switch auth {
			case "Bearer " + token:
			case "":
				refuse = or(q.missingTokenHTTP, http.StatusUnauthorized)
			default:
				refuse = http.StatusForbidden
			}
		}
		if refuse != 0 && !q.upgradeThenRefuse {
			http.Error(w, "access token", refuse)
			return
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		write := func(v any) {
			b, _ := json.Marshal(v)
			_ = c.Write(ctx, websocket.MessageText, b)
		}
		if refuse != 0 {
			write(fail(1403, "token验证失败"))
			_ = c.Close(websocket.StatusPolicyViolation, "token")
			return
		}
		meta := func(kind string) map[string]any {
			return map[string]any{"time": time.Now().Unix(), "self_id": q.connectSelfID, "post_type": postTypeMeta, "meta_event_type": kind}
		}
		heartbeat := func() map[string]any {
			m := meta(metaHeartbeat)
			m["self_id"] = self
			m["status"], m["interval"] = q.heartbeatStatus, q.heartbeatClaim
			if m["status"] == nil {
				m["status"] = map[string]any{"online": true, "good": true}
			}
			if m["interval"] == nil {
				m["interval"] = q.heartbeat.Milliseconds()
			}
			delete(m, q.metaOmits)
			return m
		}
		events := path != wsPathAPI || q.eventsOnAPI
		if events {
			if q.heartbeatFirst {
				write(heartbeat())
			}
			if !q.noConnect {
				connect := meta(metaLifecycle)
				connect["sub_type"] = lifecycleConnect
				delete(connect, q.metaOmits)
				write(connect)
			}
		}
		if path == wsPathEvent {
			for range q.flood {
				write(map[string]any{"time": time.Now().Unix(), "self_id": self, "post_type": "notice", "notice_type": "flood"})
			}
		}
		if q.heartbeat > 0 && path != wsPathAPI {
			go func() {
				tick := time.NewTicker(q.heartbeat)
				defer tick.Stop()
				for {
					select {
					case <-ctx.Done():
						return
					case <-tick.C:
						write(heartbeat())
					}
				}
			}()
		}
		for {
			_, frame, err := c.Read(ctx)
			if err != nil {
				return
			}
			if (path == wsPathEvent && !q.callsOnEvent) || q.silentCalls || (path == "" && q.universalNoCalls) {
				continue
			}
			var call struct {
				Action string          `json:"action"`
				Params json.RawMessage `json:"params"`
				Echo   json.RawMessage `json:"echo"`
			}
			if json.Unmarshal(frame, &call) != nil {
				switch {
				case q.closeOnMalformed:
					_ = c.Close(websocket.StatusUnsupportedData, "bad frame")
					return
				case q.silentOnMalformed:
					continue
				}
				write(fail(or(q.malformedRetcode, int(gen.RetcodeBadRequest)), "malformed frame"))
				continue
			}
			reply := forward(t, backend, token, call.Action, call.Params, q, fail)
			if call.Echo != nil && !(q.noEchoOnFailure && reply["status"] == "failed") {
				var echo any = call.Echo
				if q.echoAsString {
					echo = string(call.Echo)
				}
				reply[fieldEcho] = echo
			}
			write(reply)
		}
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// forward answers one call from the backend's HTTP answer.
func forward(t *testing.T, backend *httptest.Server, token, action string, params json.RawMessage, q wsQuirks, fail func(int, string) map[string]any) map[string]any {
	if len(bytes.TrimSpace(params)) == 0 {
		params = json.RawMessage("{}")
	}
	req, err := http.NewRequest(http.MethodPost, backend.URL+"/"+action, bytes.NewReader(params))
	require.NoError(t, err)
	req.Header.Set("Content-Type", mediaJSON)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fail(1500, err.Error())
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	switch resp.StatusCode {
	case http.StatusNotFound:
		return fail(or(q.unknownRetcode, int(gen.RetcodeUnsupportedAction)), "unknown action")
	case http.StatusBadRequest:
		return fail(int(gen.RetcodeBadRequest), "bad request")
	}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return fail(1500, "backend: "+string(body))
	}
	if rc, ok := m[fieldRetcode].(float64); ok && q.retcodes != nil {
		if to, ok := q.retcodes[int(rc)]; ok {
			m[fieldRetcode] = to
		}
	}
	delete(m, fieldEcho)
	return m
}

// backendSelf is the bot's id as the backend's get_login_info says.
func backendSelf(t *testing.T, backend *httptest.Server, token string) int64 {
	t.Helper()
	m := forward(t, backend, token, gen.ActionGetLoginInfo, nil, wsQuirks{}, nil)
	data, _ := m[fieldData].(map[string]any)
	id, _ := data["user_id"].(float64)
	require.NotZero(t, id, "the backend's get_login_info has a user_id")
	return int64(id)
}

// wsOnly keeps the WebSocket checks.
var wsOnly = regexp.MustCompile(`^transport/ws-`)

// The conforming WebSocket server passes every check, heartbeats included, under onespec.
func TestWSConformingServerPasses(t *testing.T) {
	const token = "s3cret"
	backend := newTestServer(t, serverOptions{token: token, expect: newWorld().expect})
	url := newWSServer(t, backend, token, wsQuirks{heartbeat: 150 * time.Millisecond})
	var streamed []Result
	report := run(t, Config{WSURL: url, AccessToken: token, Profile: ProfileOnespec, AllowMutations: true, AllowDisruptive: true,
		HeartbeatWait: 2 * time.Second, OnResult: func(r Result) { streamed = append(streamed, r) }})
	assert.Empty(t, failures(report))
	assert.Equal(t, report.Results, streamed)
	assert.Equal(t, url, report.Target)
	ws := 0
	for _, res := range report.Results {
		if strings.HasPrefix(res.Check, eventCheckKind+"/") {
			// This server has no world control API to drive events with.
			assert.Equalf(t, Skip, res.Status, "%s: %s", res.Check, res.Reason)
			assert.Contains(t, res.Reason, "--world-url")
			continue
		}
		assert.Equalf(t, Pass, res.Status, "%s: %s", res.Check, res.Reason)
		if wsOnly.MatchString(res.Check) {
			ws++
		}
		assert.Falsef(t, strings.HasPrefix(res.Check, "transport/") && !wsOnly.MatchString(res.Check), "HTTP check %s over WebSocket", res.Check)
	}
	assert.Len(t, (&suite{cat: mustCatalogue(t)}).wsChecks(), ws, "every WebSocket check ran")
	assert.Equal(t, "transport/"+wsHeartbeatCheck, report.Results[len(report.Results)-1].Check, "the heartbeat check runs last")
	assert.Contains(t, find(t, report, "transport/ws-heartbeat").Reason, "interval 150 ms")
}

type wsFault struct {
	name       string
	quirks     wsQuirks
	profile    string
	check      string
	wantStatus Status // default FAIL
	wantLevel  Level
	wantReason string
	// spreads: the fault shows in other checks too (an echo every reply loses).
	spreads bool
}

func wsFaults() []wsFault {
	return []wsFault{
		{name: "/api/ and /event/ with a trailing slash unknown", quirks: wsQuirks{noTrailingSlash: true}, check: "transport/ws-trailing-slash",
			wantLevel: Required, wantReason: "the WebSocket handshake on /api/ was refused with HTTP 404"},
		{name: "echo lost on failures", quirks: wsQuirks{noEchoOnFailure: true}, check: "transport/ws-echo-on-failure",
			wantLevel: Required, wantReason: "on an unknown action: the reply has no echo; sent {"},
		{name: "echo lost on failures names invalid parameters too", quirks: wsQuirks{noEchoOnFailure: true}, check: "transport/ws-echo-on-failure",
			wantLevel: Required, wantReason: "on invalid parameters: the reply has no echo"},
		{name: "echo lost on failures under go-cqhttp's profile", quirks: wsQuirks{noEchoOnFailure: true, unknownRetcode: 404}, profile: "gocq",
			check: "transport/ws-echo-on-failure", wantLevel: Required, wantReason: "on an unknown action: the reply has no echo"},
		{name: "echo turned into a string", quirks: wsQuirks{echoAsString: true}, check: "transport/ws-echo", spreads: true,
			wantLevel: Required, wantReason: "echo as a number: echo came back as"},
		{name: "echo turned into a string on every action", quirks: wsQuirks{echoAsString: true}, check: actionID(gen.ActionGetLoginInfo), spreads: true,
			wantLevel: Required, wantReason: "echo came back as"},
		{name: "unknown action is retcode 404", quirks: wsQuirks{unknownRetcode: 404}, check: "transport/ws-unknown-action",
			wantLevel: Required, wantReason: "want status \"failed\" retcode 1404"},
		{name: "connect event without time", quirks: wsQuirks{metaOmits: fieldTime}, check: "transport/ws-connect-event",
			wantLevel: Required, wantReason: "/event: LifecycleMetaEvent: time is missing"},
		{name: "heartbeat without time", quirks: wsQuirks{metaOmits: fieldTime, heartbeat: 150 * time.Millisecond}, check: "transport/" + wsHeartbeatCheck,
			wantLevel: Required, wantReason: "HeartbeatMetaEvent: time is missing"},
		{name: "no connect event", quirks: wsQuirks{noConnect: true}, check: "transport/ws-connect-event",
			wantLevel: Required, wantReason: "no lifecycle connect event"},
		{name: "connect event with another self_id", quirks: wsQuirks{connectSelfID: 42}, check: "transport/ws-connect-event",
			wantLevel: Required, wantReason: "self_id 42, but the target is logged in as"},
		{name: "connect event after a heartbeat", quirks: wsQuirks{heartbeatFirst: true, heartbeat: time.Hour}, check: "transport/ws-connect-event",
			wantStatus: Warn, wantLevel: Recommended, wantReason: "came after an event meta_event/heartbeat"},
		{name: "connect event after a heartbeat under onespec", quirks: wsQuirks{heartbeatFirst: true, heartbeat: time.Hour}, profile: ProfileOnespec,
			check: "transport/ws-connect-event", wantLevel: Recommended, wantReason: "came after"},
		// Heartbeats 800 ms apart claiming 1 ms: the suite waits 301 ms for the second, so even a
		// first heartbeat delayed by a loaded machine leaves the gap well beyond the tolerance (at
		// 400 ms apart, a first one 150 ms late made the gap fit and the fault pass).
		{name: "heartbeat interval in seconds", quirks: wsQuirks{heartbeat: 800 * time.Millisecond, heartbeatClaim: 1}, check: "transport/ws-heartbeat",
			wantLevel: Required, wantReason: "written in seconds"},
		{name: "heartbeats not as far apart as their interval", quirks: wsQuirks{heartbeat: 100 * time.Millisecond, heartbeatClaim: 1000}, check: "transport/ws-heartbeat",
			wantLevel: Required, wantReason: "interval says 1000 ms, but heartbeats came"},
		{name: "heartbeat status not an object", quirks: wsQuirks{heartbeat: 100 * time.Millisecond, heartbeatStatus: "ok"}, check: "transport/ws-heartbeat",
			wantLevel: Required, wantReason: "status must be an object"},
		{name: "heartbeat status without get_status's fields", quirks: wsQuirks{heartbeat: 100 * time.Millisecond, heartbeatStatus: map[string]any{"good": "yes"}}, check: "transport/ws-heartbeat",
			wantLevel: Required, wantReason: "status (get_status's data)"},
		{name: "no heartbeats", check: "transport/ws-heartbeat", wantStatus: Skip, wantReason: "heartbeats are optional"},
		{name: "a malformed frame closes the connection", quirks: wsQuirks{closeOnMalformed: true}, check: "transport/ws-malformed-frame",
			wantLevel: Required, wantReason: "ended the connection on a malformed frame"},
		{name: "a malformed frame is not answered", quirks: wsQuirks{silentOnMalformed: true}, check: "transport/ws-malformed-frame",
			wantLevel: Required, wantReason: "no reply to a malformed frame"},
		{name: "a malformed frame answered 404", quirks: wsQuirks{malformedRetcode: 404}, check: "transport/ws-malformed-frame",
			wantLevel: Required, wantReason: "want status \"failed\" retcode 1400"},
		{name: "/ answers no calls", quirks: wsQuirks{universalNoCalls: true}, check: "transport/ws-universal-calls",
			wantLevel: Required, wantReason: "a call on /: no reply"},
		{name: "events on /api", quirks: wsQuirks{eventsOnAPI: true}, check: "transport/ws-api-no-events",
			wantStatus: Warn, wantLevel: Recommended, wantReason: "meta_event/lifecycle"},
		{name: "calls on /event", quirks: wsQuirks{callsOnEvent: true}, check: "transport/ws-event-no-calls",
			wantStatus: Warn, wantLevel: Recommended, wantReason: "was answered"},
		{name: "token refused after the upgrade", quirks: wsQuirks{upgradeThenRefuse: true}, check: "transport/ws-no-token",
			wantStatus: Warn, wantLevel: Recommended, wantReason: "was upgraded"},
		{name: "wrong token refused after the upgrade", quirks: wsQuirks{upgradeThenRefuse: true}, profile: ProfileOnespec, check: "transport/ws-wrong-token", spreads: true,
			wantLevel: Recommended, wantReason: "HTTP status 403 before the upgrade"},
		{name: "missing token is 403", quirks: wsQuirks{missingTokenHTTP: http.StatusForbidden}, check: "transport/ws-no-token",
			wantStatus: Warn, wantLevel: Recommended, wantReason: "HTTP 403, want 401"},
		{name: "the token is not checked", quirks: wsQuirks{tokenIgnored: true}, check: "transport/ws-no-token", spreads: true,
			wantLevel: Required, wantReason: "the token is not checked"},
		{name: "no ?access_token=", quirks: wsQuirks{noQueryToken: true}, check: "transport/ws-token-in-query",
			wantLevel: Required, wantReason: "refused with HTTP 401"},
	}
}

// Every planted WebSocket fault is flagged on its check at its level.
func TestWSPlantedFaultsFlagged(t *testing.T) {
	const token = "s3cret"
	faults := wsFaults()
	var flagged atomic.Int32
	t.Run("faults", func(t *testing.T) {
		for _, tt := range faults {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel() // mostly waiting: quiet windows and heartbeats
				backend := newTestServer(t, serverOptions{token: token})
				url := newWSServer(t, backend, token, tt.quirks)
				// The check under test alone (discovery always runs), so that each waits only
				// for its own quiet windows and heartbeats.
				only := regexp.MustCompile("^" + regexp.QuoteMeta(tt.check) + "$")
				report := run(t, Config{WSURL: url, AccessToken: token, Profile: tt.profile, Only: only, HeartbeatWait: time.Second})
				res := find(t, report, tt.check)
				want := tt.wantStatus
				if want == "" {
					want = Fail
				}
				ok := assert.Equalf(t, want, res.Status, "reason: %s", res.Reason)
				if tt.wantLevel != "" {
					ok = assert.Truef(t, slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Level == tt.wantLevel }),
						"no %s finding in %+v", tt.wantLevel, res.Findings) && ok
				}
				for _, f := range res.Findings {
					if f.Level == Required {
						ok = assert.Truef(t, strings.HasPrefix(f.Ref, standardDoc), "required finding without a link to the standard: %+v", f) && ok
					}
				}
				ok = assert.Contains(t, res.Reason, tt.wantReason) && ok
				if want == Fail {
					ok = assert.NotEmpty(t, res.Request, "a failure carries its request") && ok
				}
				// Nothing else is blamed for it.
				for _, other := range report.Results {
					if other.Check != tt.check && other.Status == Fail && !tt.spreads {
						ok = assert.Failf(t, "collateral failure", "%s: %s", other.Check, other.Reason) && ok
					}
				}
				if ok {
					flagged.Add(1)
				}
			})
		}
	})
	t.Logf("planted WebSocket faults flagged: %d/%d", flagged.Load(), len(faults))
	assert.Equal(t, len(faults), int(flagged.Load()))
}

// A target that cannot be reached over WebSocket halts the run after the first check, like
// over HTTP; one that refuses the handshake's token too.
func TestWSHaltedRun(t *testing.T) {
	backend := newTestServer(t, serverOptions{token: "right"})
	url := newWSServer(t, backend, "right", wsQuirks{})
	silent := newWSServer(t, backend, "right", wsQuirks{silentCalls: true})
	for name, cfg := range map[string]Config{
		"unreachable": {WSURL: "ws://127.0.0.1:1"},
		"wrong token": {WSURL: url, AccessToken: "wrong"},
		"no replies":  {WSURL: silent, AccessToken: "right", HTTPClient: &http.Client{Timeout: 300 * time.Millisecond}},
	} {
		t.Run(name, func(t *testing.T) {
			report := run(t, cfg)
			want := Fail
			if name == "unreachable" {
				want = Skip // could not connect: no verdict at all
				assert.Contains(t, report.Verdict(), "could not connect")
			}
			assert.Equal(t, want, report.Results[0].Status, report.Results[0].Reason)
			for _, res := range report.Results[1:] {
				assert.Equalf(t, Skip, res.Status, "%s: %s", res.Check, res.Reason)
			}
		})
	}
}

// gocqWS is go-cqhttp's forward WebSocket as server/websocket.go has it (written from its
// source, not from the spec's x-onebot-families): every frame names an action through gjson,
// so an unknown action and a frame that is no JSON are both API_NOT_FOUND, retcode 404.
var gocqWS = wsQuirks{
	unknownRetcode: 404, malformedRetcode: 404, heartbeat: 100 * time.Millisecond,
	failure: func(retcode int, text string) map[string]any {
		return map[string]any{"data": nil, "retcode": retcode, "msg": "API_NOT_FOUND", "wording": text, "message": text, "status": "failed"}
	},
}

// napcatWS is NapCat's (network/websocket-server.ts, action/OneBotAction.ts): schema errors
// 1400, unknown actions 1404, its envelope with stream and echo; a bad token upgraded, answered
// 1403 and closed; /event answers calls like /.
var napcatWS = wsQuirks{
	retcodes: map[int]int{400: 1400}, callsOnEvent: true, upgradeThenRefuse: true, heartbeat: 100 * time.Millisecond,
	failure: func(retcode int, text string) map[string]any {
		return map[string]any{"status": "failed", "retcode": retcode, "data": nil, "message": text, "wording": text, "echo": nil, "stream": "normal-action"}
	},
}

// llonebotWS is LLOneBot's (src/onebot11/connect/ws.ts): NapCat's retcodes and token
// handling, but /event takes no calls. Its HTTP envelope is NapCat's (the spec's llonebot
// family says so), so the NapCat-shaped server stands behind it.
var llonebotWS = func() wsQuirks {
	q := napcatWS
	q.callsOnEvent = false
	return q
}()

// The families' forward WebSocket servers as they really are. NapCat's differences are within
// the standard (its retcodes and envelope) or recommended (the token refused after the upgrade,
// calls on /event): the onebot11 profile passes it. go-cqhttp's retcode 404 for an unknown
// action and a malformed frame breaks ws.md's table: onebot11 fails exactly those, at required.
// Each family's own profile expects what x-onebot-families documents and passes.
func TestRealFamilyWSTransports(t *testing.T) {
	const token = "s3cret"
	llonebotShape := napcatShape
	llonebotShape.profile = "llonebot"
	every := regexp.MustCompile(`^(transport|action)/`)
	for _, tt := range []struct {
		shape     familyShape
		ws        wsQuirks
		wantFails []string
		wantWarns []string
	}{
		{gocqShape, gocqWS, []string{"transport/ws-unknown-action", "transport/ws-malformed-frame"}, nil},
		{napcatShape, napcatWS, nil, []string{"transport/ws-no-token", "transport/ws-wrong-token", "transport/ws-event-no-calls"}},
		{llonebotShape, llonebotWS, nil, []string{"transport/ws-no-token", "transport/ws-wrong-token"}},
	} {
		backend := newFamilyServer(t, tt.shape)
		url := newWSServer(t, backend, "", tt.ws)
		tokenURL := newWSServer(t, newTokenFront(t, backend, token), token, tt.ws)
		for _, profile := range []string{ProfileOneBot11, tt.shape.profile} {
			t.Run(tt.shape.profile+"/"+profile, func(t *testing.T) {
				t.Parallel()
				tokenChecks := regexp.MustCompile(`^transport/ws-.*token`)
				report := run(t, Config{WSURL: url, Profile: profile, Only: every, AllowMutations: true, AllowDisruptive: true, HeartbeatWait: 2 * time.Second})
				tokens := run(t, Config{WSURL: tokenURL, AccessToken: token, Profile: profile, Only: tokenChecks, HeartbeatWait: -1})
				both := &Report{Results: slices.DeleteFunc(slices.Clone(report.Results), func(r Result) bool { return tokenChecks.MatchString(r.Check) })}
				both.Results = append(both.Results, tokens.Results...)
				var failed, warned []string
				for _, res := range both.Results {
					switch {
					case res.Status == Fail:
						failed = append(failed, res.Check)
						assert.Equal(t, Required, res.Level, res.Check)
					case res.Status == Warn && wsOnly.MatchString(res.Check):
						warned = append(warned, res.Check)
					}
				}
				assert.Equal(t, Pass, find(t, report, "transport/ws-heartbeat").Status, "heartbeats with status {online, good}")
				if profile == ProfileOneBot11 {
					assert.ElementsMatch(t, tt.wantFails, failed)
					assert.ElementsMatch(t, tt.wantWarns, warned)
					return
				}
				assert.Empty(t, failed, "the family's own profile expects what it documents")
				assert.Empty(t, warned)
				for _, id := range append(tt.wantFails, tt.wantWarns...) {
					res := find(t, both, id)
					assert.Equal(t, Pass, res.Status, res.Reason)
					assert.Contains(t, res.Reason, "expected of", "a documented difference is said, not hidden")
				}
			})
		}
	}
}

// newTokenFront puts an access token in front of an HTTP test server that has none: the
// family-shaped servers do not check one, and the WebSocket front sends it.
func newTokenFront(t *testing.T, backend *httptest.Server, token string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			http.Error(w, "token", http.StatusUnauthorized)
			return
		}
		req, err := http.NewRequest(r.Method, backend.URL+r.URL.Path, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The reports show the WebSocket checks like the others: the text lines, the JSON results with
// their findings and the frame sent, a JUnit failure in the transport suite, and the HTML page.
func TestWSReports(t *testing.T) {
	const token = "s3cret"
	backend := newTestServer(t, serverOptions{token: token})
	url := newWSServer(t, backend, token, wsQuirks{noEchoOnFailure: true})
	report := run(t, Config{WSURL: url, AccessToken: token, Only: regexp.MustCompile(`^transport/ws-echo-on-failure$`)})
	res := find(t, report, "transport/ws-echo-on-failure")
	require.Equal(t, Fail, res.Status, res.Reason)
	assert.Contains(t, res.Request, "websocat")
	assert.Contains(t, res.Request, `"echo":`)
	assert.NotContains(t, res.Request, token, "the token is never written out")
	assert.Contains(t, res.Response, `"retcode":1400`, "the last frame of the check")

	var text, js, junit, page bytes.Buffer
	require.NoError(t, report.WriteText(&text))
	require.NoError(t, report.WriteJSON(&js))
	require.NoError(t, report.WriteJUnit(&junit))
	require.NoError(t, report.WriteHTML(&page))
	assert.Contains(t, text.String(), "FAIL  transport/ws-echo-on-failure  [required]")
	assert.Contains(t, text.String(), "request: websocat")
	assert.Contains(t, text.String(), url+" is NOT conformant")
	var back Report
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, url, back.Target)
	assert.Equal(t, res.Findings, find(t, &back, res.Check).Findings)
	assert.Contains(t, junit.String(), `<testcase name="transport/ws-echo-on-failure" classname="onespec.conformance.transport"`)
	assert.Contains(t, junit.String(), "<failure message=")
	assert.Contains(t, page.String(), "transport/ws-echo-on-failure")
	assert.Contains(t, page.String(), "websocat")
	require.NotEmpty(t, res.Findings)
	assert.Equal(t, refWSAPI, res.Findings[0].Ref, "the finding links to the standard")
	assert.Empty(t, res.Findings[0].DocumentedFor, "no family is documented to lose the echo")
}

// A target that floods a connection the suite does not read loses it frames, and the report
// says so instead of the suite holding them all.
func TestWSDroppedFramesNoted(t *testing.T) {
	backend := newTestServer(t, serverOptions{})
	url := newWSServer(t, backend, "", wsQuirks{flood: wsFrameCap + 100})
	// The /event connection of the connect check stays open, unread, while the next check
	// watches /api for a second.
	report := run(t, Config{WSURL: url, Only: regexp.MustCompile(`^transport/ws-(connect-event|api-no-events)$`)})
	assert.Equal(t, Pass, find(t, report, "transport/ws-connect-event").Status)
	require.Len(t, report.Notes, 1)
	assert.Contains(t, report.Notes[0], "100 of the oldest were dropped")
}
