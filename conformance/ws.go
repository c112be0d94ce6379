package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
)

// Links to the sections of the standard the WebSocket rules come from.
const (
	refWS          = standardDoc + "communication/ws.md"
	refWSAPI       = standardDoc + "communication/ws.md#api-接口"
	refWSAuth      = standardDoc + "communication/authorization.md#http-和正向-websocket"
	refWSUniversal = standardDoc + "communication/ws.md#-接口"
	refLifecycle   = standardDoc + "event/meta.md#生命周期"
	refHeartbeat   = standardDoc + "event/meta.md#心跳"
)

// Waits of the WebSocket checks. Frames the target sends at once (the connect event, a reply)
// get wsPromptWait; a check that proves an absence (no reply on /event, no event on /api)
// watches for wsQuietWait.
const (
	wsPromptWait = 3 * time.Second
	wsQuietWait  = time.Second
	// DefaultHeartbeatWait is how long the heartbeat check waits for a first heartbeat after
	// connecting to /event, unless Config.HeartbeatWait says otherwise: NapCat's default
	// interval is 30 s, go-cqhttp's and Lagrange's 5 s.
	DefaultHeartbeatWait = 35 * time.Second
	// maxHeartbeatMeasure bounds the interval the check measures by waiting for a second
	// heartbeat; a longer one is judged by its shape only.
	maxHeartbeatMeasure = 60 * time.Second
)

// wsHeartbeatCheck is the name of the heartbeat check, which runs last: it waits for
// heartbeats on the /event connection opened at the start, so the whole run counts towards
// its wait.
const wsHeartbeatCheck = "ws-heartbeat"

// wsChecks judge the forward WebSocket transport of the standard (communication/ws.md,
// authorization.md, event/meta.md): echo returned as sent, retcodes in place of HTTP statuses,
// the lifecycle connect event, heartbeats, the split of /api and /event, the access token on
// the handshake. Each picks from the spec the read action that suits it, like the HTTP ones.
func (s *suite) wsChecks() []check {
	bare := s.cat.bareOp()
	group, param := s.cat.groupOp()
	unknown := s.unknownActionName()
	tc := transportCheck
	needToken := func(what string, run func(ctx context.Context, o *op) outcome) func(ctx context.Context, o *op) outcome {
		return func(ctx context.Context, o *op) outcome {
			if s.cfg.AccessToken == "" {
				return skipf("no access token configured; run with --token (Config.AccessToken) to check %s", what)
			}
			return run(ctx, o)
		}
	}
	return []check{
		{id: transportKind + "/ws-connect-event", run: s.checkConnectEvent},
		tc("ws-echo", bare, lackBare, s.checkWSEcho),
		{id: transportKind + "/ws-echo-on-failure", action: unknown, run: func(ctx context.Context) outcome {
			return s.checkWSEchoOnFailure(ctx, unknown, group, param)
		}},
		{id: transportKind + "/ws-unknown-action", action: unknown, run: func(ctx context.Context) outcome {
			return s.checkWSUnknownAction(ctx, unknown)
		}},
		tc("ws-invalid-param", group, lackGroup, s.needGroup(func(ctx context.Context, o *op) outcome {
			return s.checkWSInvalidParam(ctx, o, param)
		})),
		tc("ws-malformed-frame", bare, lackBare, s.checkMalformedFrame),
		tc("ws-universal-calls", bare, lackBare, s.checkUniversalCalls),
		tc("ws-trailing-slash", bare, lackBare, s.checkWSTrailingSlash),
		tc("ws-api-no-events", bare, lackBare, s.checkAPINoEvents),
		tc("ws-event-no-calls", bare, lackBare, s.checkEventNoCalls),
		tc("ws-no-token", bare, lackBare, needToken("that a handshake without one gets 401", func(ctx context.Context, o *op) outcome {
			return s.checkWSRefused(ctx, o, wsAuthNone, http.StatusUnauthorized)
		})),
		tc("ws-wrong-token", bare, lackBare, needToken("that a handshake with a wrong one gets 403", func(ctx context.Context, o *op) outcome {
			return s.checkWSRefused(ctx, o, wsAuthWrong, http.StatusForbidden)
		})),
		tc("ws-token-in-query", bare, lackBare, needToken("?access_token= on the handshake", s.checkWSTokenInQuery)),
		{id: transportKind + "/" + wsHeartbeatCheck, run: s.checkHeartbeat},
	}
}

// wsCall sends a call frame with the given echo on a connection and waits for its reply.
func (s *suite) wsCall(ctx context.Context, w *wsConn, action string, params any, echo json.RawMessage, wait time.Duration) (wsExchange, error) {
	var body []byte
	if params != nil {
		var err error
		if body, err = json.Marshal(params); err != nil {
			return wsExchange{}, fmt.Errorf("conformance suite bug: encoding the parameters: %w", err)
		}
	}
	return s.wsRoundTrip(ctx, w, wsCallFrame(action, body, echo), echo, wait), nil
}

// openWS opens a connection for a check; the outcome reports a target that refuses it.
func (s *suite) openWS(ctx context.Context, path string) (*wsConn, *outcome) {
	w, status, err := s.dialWS(ctx, path, wsAuthToken)
	if err == nil {
		return w, nil
	}
	s.last = &record{curl: "websocat " + shellQuote(s.wsBase+path), response: "no connection: " + err.Error()}
	var out outcome
	if status != 0 {
		out = failAt(Required, refWS, "", "the WebSocket handshake on %s was refused with HTTP %d", path, status)
	} else {
		out = failAt(Required, refWS, "", "cannot open %s: %v", path, err)
	}
	return nil, &out
}

// judgeReply judges a reply to a call of o like any answer (judgeAnswer) and checks that it
// carried echo back exactly. A missing reply is a problem at the rule's link.
func (s *suite) judgeReply(o *op, x wsExchange, sent json.RawMessage, what string) (answer, outcome, bool) {
	if x.err != nil {
		return answer{}, failAt(Required, refWSAPI, "", "%s: no reply (%v)", what, x.err), true
	}
	ex := exchange{status: http.StatusOK, contentType: mediaJSON, body: x.reply, wsEcho: sent}
	if o == nil {
		o = &op{name: what, responses: map[int]*openapi3.Schema{}}
	}
	return s.judgeAnswer(o, ex)
}

// checkWSEcho: the echo "可以是任何类型的数据，OneBot 将会在调用结果中原样返回" (ws.md): a
// string, a number and an object come back exactly as sent, with the call's answer.
func (s *suite) checkWSEcho(ctx context.Context, o *op) outcome {
	w, out := s.openWS(ctx, wsPathAPI)
	if out != nil {
		return *out
	}
	echoes := []struct{ kind, raw string }{
		{"a string", fmt.Sprintf(`"onespec-echo-%s"`, randomHex(4))},
		// Within 2^53, so that implementations that hold numbers as doubles can keep it.
		{"a number", fmt.Sprint(1_000_000_000 + int64(randomUint32()))},
		{"an object", fmt.Sprintf(`{"id":%d,"tag":"onespec","nested":{"list":[1,"二",true,null]}}`, randomUint32())},
	}
	var ps problems
	for _, e := range echoes {
		x, err := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, json.RawMessage(e.raw), s.doer.timeout)
		if err != nil {
			return failf("", "%v", err)
		}
		a, out, done := s.judgeReply(o, x, json.RawMessage(e.raw), "echo as "+e.kind)
		if done {
			ps = append(ps, out.ps...)
			continue
		}
		for _, p := range a.ps {
			if p.path == fieldEcho {
				p.reason = "echo as " + e.kind + ": " + p.reason
				p.ref = refWSAPI
			}
			ps = append(ps, p)
		}
		if a.e.status != statusOK || a.e.retcode != retcodeOK {
			ps.addAt(Required, refWSAPI, fieldStatus, "", "with echo as %s, %s answered %s, want %s/%d", e.kind, o.name, describe(a.v), statusOK, retcodeOK)
		}
	}
	return outcome{ps: ps}
}

// checkWSUnknownAction: "通过 HTTP 调用 API 时，HTTP 状态码反应的错误情况被移动到响应 JSON 的
// retcode 字段" (ws.md): an unknown action is failed/1404 with null data. (Its echo is
// ws-echo-on-failure's: a family documented to answer 404 is not excused from the echo.)
func (s *suite) checkWSUnknownAction(ctx context.Context, unknown string) outcome {
	w, out := s.openWS(ctx, wsPathAPI)
	if out != nil {
		return *out
	}
	echo := json.RawMessage(fmt.Sprintf(`{"call":%q,"n":%d}`, unknown, randomUint32()))
	x, err := s.wsCall(ctx, w, unknown, map[string]any{}, echo, s.doer.timeout)
	if err != nil {
		return failf("", "%v", err)
	}
	if x.err != nil {
		return failAt(Required, refWSAPI, "", "no reply to an unknown action (%v); the standard answers it with retcode 1404", x.err)
	}
	var ps problems
	v, err := decodeNumbers(x.reply)
	m, isObject := v.(map[string]any)
	if err != nil || !isObject {
		ps.addAt(Required, refWSAPI, "", "", "the reply is not a JSON object: %s", snippet(x.reply))
		return outcome{ps: ps}
	}
	plain, _ := decodeJSON(exchange{body: x.reply})
	e := readEnvelope(plain)
	if e.status != statusFailed || !e.hasRetcode || e.retcode != unknownActionRetcode {
		ps.addAt(Required, refWSAPI, fieldRetcode, "unknown action not answered with retcode 1404 over WebSocket", "answered %s, want status %q retcode %d (HTTP 404 over WebSocket)", describe(plain), statusFailed, unknownActionRetcode)
	}
	if d, ok := m[fieldData]; ok && d != nil {
		ps.addAt(Required, refWSAPI, fieldData, "", "a failure carries data: null, got %s", describeValue(plain.(map[string]any)[fieldData]))
	}
	if s.cat.unknownAction != nil {
		validateAt(Onespec, "", s.cat.unknownAction, plain, &ps)
	}
	return outcome{ps: ps}
}

// checkWSInvalidParam: text where an integer is required. As over HTTP the call is found and
// fails (status failed); 1400 is onespec's choice. (Its echo is ws-echo-on-failure's.)
func (s *suite) checkWSInvalidParam(ctx context.Context, o *op, param string) outcome {
	w, out := s.openWS(ctx, wsPathAPI)
	if out != nil {
		return *out
	}
	echo := json.RawMessage(fmt.Sprint(2_000_000_000 + int64(randomUint32())))
	x, err := s.wsCall(ctx, w, s.nameOf(o), map[string]any{param: "not-a-number"}, echo, s.doer.timeout)
	if err != nil {
		return failf("", "%v", err)
	}
	a, out2, done := s.judgeReply(o, x, nil, "invalid parameters")
	if done {
		return out2
	}
	return judgeInvalidParam(a, param, refWSAPI)
}

// checkWSEchoOnFailure: the echo comes back as sent on failures too (ws.md: "OneBot 将会在调用结果
// 中原样返回"; a failure is a call result): an object echo on an unknown action, a number on
// invalid parameters. Clients that match replies by echo hang when it is lost exactly then.
func (s *suite) checkWSEchoOnFailure(ctx context.Context, unknown string, group *op, param string) outcome {
	w, out := s.openWS(ctx, wsPathAPI)
	if out != nil {
		return *out
	}
	type failing struct {
		what, action string
		params       map[string]any
		echo         json.RawMessage
	}
	calls := []failing{{"an unknown action", unknown, map[string]any{},
		json.RawMessage(fmt.Sprintf(`{"call":%q,"n":%d}`, unknown, randomUint32()))}}
	note := ""
	if group != nil && s.targets.group != 0 {
		calls = append(calls, failing{"invalid parameters", s.nameOf(group), map[string]any{param: "not-a-number"},
			json.RawMessage(fmt.Sprint(2_000_000_000 + int64(randomUint32())))})
	} else {
		note = "invalid parameters not tried: no group found on the target"
	}
	var ps problems
	for _, c := range calls {
		x, err := s.wsCall(ctx, w, c.action, c.params, c.echo, s.doer.timeout)
		if err != nil {
			return failf("", "%v", err)
		}
		if x.err != nil {
			ps.addAt(Required, refWSAPI, "", "", "%s: no reply (%v)", c.what, x.err)
			continue
		}
		if msg := echoProblem(c.echo, x.reply); msg != "" {
			ps.addAt(Required, refWSAPI, fieldEcho, "echo not returned as sent on a failure", "on %s: %s", c.what, msg)
		}
	}
	return outcome{ps: ps, reason: note}
}

// checkMalformedFrame: a frame that is no JSON is HTTP 400's case, retcode 1400 over WebSocket
// (ws.md's table), and the connection stays up ("连接建立后，将一直保持连接"): a call after it is
// still answered.
func (s *suite) checkMalformedFrame(ctx context.Context, o *op) outcome {
	w, out := s.openWS(ctx, wsPathAPI)
	if out != nil {
		return *out
	}
	var ps problems
	x := s.wsRoundTrip(ctx, w, []byte(`{"action": `), nil, wsPromptWait)
	switch {
	case x.err != nil && w.isClosed():
		ps.addAt(Required, refWS, "", "a malformed frame closes the connection",
			"the target ended the connection on a malformed frame (%v); the standard keeps it open and answers retcode 1400", x.err)
		return outcome{ps: ps}
	case x.err != nil:
		ps.addAt(Required, refWSAPI, "", "a malformed frame is not answered",
			"no reply to a malformed frame within %s; the standard answers it with retcode %d (HTTP 400 over WebSocket)", wsPromptWait, badRequestRetcode)
	default:
		plain, err := decodeJSON(exchange{body: x.reply})
		e := readEnvelope(plain)
		if err != nil || e.status != statusFailed || !e.hasRetcode || e.retcode != badRequestRetcode {
			got := snippet(x.reply)
			if err == nil {
				got = describe(plain)
			}
			ps.addAt(Required, refWSAPI, fieldRetcode, "a malformed frame not answered with retcode 1400",
				"a malformed frame answered %s, want status %q retcode %d (HTTP 400 over WebSocket)", got, statusFailed, badRequestRetcode)
		}
	}
	// Still up: a valid call on the same connection is answered.
	echo := s.nextEcho()
	after, err := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, echo, s.doer.timeout)
	if err != nil {
		return failf("", "%v", err)
	}
	switch {
	case after.err != nil && w.isClosed():
		ps.addAt(Required, refWS, "", "a malformed frame closes the connection",
			"after a malformed frame the connection ended (%v); the standard keeps it open", after.err)
	case after.err != nil:
		ps.addAt(Required, refWS, "", "", "after a malformed frame, a valid call of %s got no reply (%v)", o.name, after.err)
	}
	return outcome{ps: ps}
}

// checkUniversalCalls: / serves calls and events "在一条连接上" (ws.md): a call there is answered,
// whatever events come between (the action checks travel on /api, so this is where / is
// called).
func (s *suite) checkUniversalCalls(ctx context.Context, o *op) outcome {
	w, out := s.openWS(ctx, wsPathUniversal)
	if out != nil {
		return *out
	}
	echo := s.nextEcho()
	x, err := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, echo, s.doer.timeout)
	if err != nil {
		return failf("", "%v", err)
	}
	a, out2, done := s.judgeReply(o, x, echo, "a call on /")
	if done {
		return atRef(refWSUniversal, out2)
	}
	if a.e.status != statusOK || a.e.retcode != retcodeOK {
		a.ps.addAt(Required, refWSUniversal, fieldStatus, "", "on %s, %s answered %s, want %s/%d", wsPathUniversal, o.name, describe(a.v), statusOK, retcodeOK)
	}
	reason := ""
	if len(x.events) > 0 {
		reason = fmt.Sprintf("answered after %d event(s): %s", len(x.events), strings.Join(x.events, ", "))
	}
	return outcome{ps: a.ps, reason: reason}
}

// checkWSTrailingSlash: the server accepts "/api（或 /api/）、/event（或 /event/）" (ws.md): a
// call on /api/ is answered, and /event/ takes the handshake.
func (s *suite) checkWSTrailingSlash(ctx context.Context, o *op) outcome {
	w, out := s.openWS(ctx, wsPathAPI+"/")
	if out != nil {
		return *out
	}
	defer w.close()
	echo := s.nextEcho()
	x, err := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, echo, s.doer.timeout)
	if err != nil {
		return failf("", "%v", err)
	}
	a, out2, done := s.judgeReply(o, x, echo, "a call on "+wsPathAPI+"/")
	if done {
		return atRef(refWS, out2)
	}
	if a.e.status != statusOK || a.e.retcode != retcodeOK {
		a.ps.addAt(Required, refWS, fieldStatus, "", "on %s/, %s answered %s, want %s/%d", wsPathAPI, o.name, describe(a.v), statusOK, retcodeOK)
	}
	ev, out := s.openWS(ctx, wsPathEvent+"/")
	if out != nil {
		out.ps = append(a.ps, out.ps...)
		return *out
	}
	ev.close()
	return outcome{ps: a.ps}
}

// checkAPINoEvents: /api serves calls and /event pushes events (ws.md; "/" does both "在一条连接
// 上"): a target that pushes events on /api makes a client of the split receive them twice. The
// standard draws the split without a "must not", so this is recommended.
func (s *suite) checkAPINoEvents(ctx context.Context, o *op) outcome {
	w, out := s.openWS(ctx, wsPathAPI)
	if out != nil {
		return *out
	}
	x, err := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, s.nextEcho(), s.doer.timeout)
	if err != nil {
		return failf("", "%v", err)
	}
	if x.err != nil {
		return failAt(Required, refWSAPI, "", "no reply on %s (%v)", wsPathAPI, x.err)
	}
	kinds := x.events
	deadline := time.Now().Add(wsQuietWait)
	for {
		f, err := w.next(ctx, deadline)
		if err != nil {
			break
		}
		if k := eventKind(f.data); k != "" {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) > 0 {
		return failCause(Recommended, "", "", "events pushed on /api",
			"%d event(s) pushed on %s (%s); the standard serves calls on /api and events on /event (only / does both)", len(kinds), wsPathAPI, strings.Join(kinds, ", "))
	}
	return pass(fmt.Sprintf("no event on %s within %s of a call", wsPathAPI, wsQuietWait))
}

// eventKind names an event frame ("meta_event/lifecycle"), "" when the frame is no event.
func eventKind(data []byte) string {
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	pt, ok := m[fieldPostType].(string)
	if !ok {
		return ""
	}
	for _, sub := range []string{fieldMetaEventType, "message_type", "notice_type", "request_type"} {
		if v, ok := m[sub].(string); ok {
			return pt + "/" + v
		}
	}
	return pt
}

// checkEventNoCalls: /event pushes events and takes no calls (ws.md: 如果对事件进行处理的时候需要
// 调用接口，请使用 /api 接口); a reply there is a universal connection under another name. The
// standard draws the split without a "must not", so this is recommended.
func (s *suite) checkEventNoCalls(ctx context.Context, o *op) outcome {
	w, out := s.openWS(ctx, wsPathEvent)
	if out != nil {
		return *out
	}
	echo := s.nextEcho()
	x, err := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, echo, wsQuietWait)
	if err != nil {
		return failf("", "%v", err)
	}
	if x.err == nil {
		return failCause(Recommended, "", "", "/event answers calls",
			"a call of %s on %s was answered; the standard takes calls on /api and / only", o.name, wsPathEvent)
	}
	if w.isClosed() {
		return pass(fmt.Sprintf("the call on %s was not answered; the target ended the connection (%v)", wsPathEvent, x.err))
	}
	return pass(fmt.Sprintf("the call on %s was not answered within %s", wsPathEvent, wsQuietWait))
}

// checkWSRefused: a handshake without the token (or with a wrong one) is refused. The standard
// refuses it at the connection ("如果建立连接时鉴权失败，连接会直接断开", ws.md): a connection that
// serves calls anyway is a failure. Refusing with HTTP 401 (none) or 403 (wrong) before the
// upgrade, as authorization.md's HTTP statuses say, is recommended: a client learns why.
func (s *suite) checkWSRefused(ctx context.Context, o *op, auth wsAuth, want int) outcome {
	w, status, err := s.dialWS(ctx, wsPathAPI, auth)
	s.last = &record{curl: "websocat " + shellQuote(s.wsBase+wsPathAPI), response: fmt.Sprintf("HTTP %d", status)}
	what := "without a token"
	if auth == wsAuthWrong {
		what = "with a wrong token"
		s.last.curl = `websocat -H "Authorization: Bearer $ONEBOT_ACCESS_TOKEN-not-the-token" ` + shellQuote(s.wsBase+wsPathAPI)
	}
	if err != nil {
		switch {
		case status == want:
			return pass(fmt.Sprintf("HTTP %d before the upgrade", status))
		case status != 0:
			return failCause(Recommended, "", "", "the handshake refused with another HTTP status",
				"the handshake %s was refused with HTTP %d, want %d", what, status, want)
		}
		return failCause(Required, refWS, "", "", "the handshake %s failed without an HTTP answer: %v", what, err)
	}
	// Upgraded: does it serve calls?
	x, cerr := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, s.nextEcho(), wsPromptWait)
	if cerr != nil {
		return failf("", "%v", cerr)
	}
	if x.err == nil {
		if e := readEnvelope(x.fields); e.status == statusOK {
			return failCause(Required, refWSAPI, "", "a WebSocket without the right token serves calls",
				"the handshake %s was upgraded and %s answered ok: the token is not checked", what, o.name)
		}
	}
	return failCause(Recommended, "", "", "the token refused after the upgrade, not with HTTP 401/403",
		"the handshake %s was upgraded (then the call was refused: %s); the standard's HTTP status %d before the upgrade tells the client why", what, refusal(x), want)
}

// refusal words how an upgraded connection turned a call down.
func refusal(x wsExchange) string {
	if x.err != nil {
		return "no reply: " + x.err.Error()
	}
	if x.fields != nil {
		return "answered " + describe(x.fields)
	}
	return "answered " + snippet(x.reply)
}

// checkWSTokenInQuery: authorization.md lets a client that cannot set headers pass the token as
// ?access_token=, for HTTP and forward WebSocket alike.
func (s *suite) checkWSTokenInQuery(ctx context.Context, o *op) outcome {
	w, status, err := s.dialWS(ctx, wsPathAPI, wsAuthQuery)
	if err != nil {
		s.last = &record{curl: "websocat " + shellQuote(s.wsBase+wsPathAPI+"?access_token=$ONEBOT_ACCESS_TOKEN"), response: fmt.Sprintf("HTTP %d: %v", status, err)}
		if status != 0 {
			return failCause(Required, refWSAuth, "", "", "the handshake with ?access_token= was refused with HTTP %d", status)
		}
		return failCause(Required, refWSAuth, "", "", "the handshake with ?access_token= failed: %v", err)
	}
	echo := s.nextEcho()
	x, cerr := s.wsCall(ctx, w, s.nameOf(o), map[string]any{}, echo, s.doer.timeout)
	if cerr != nil {
		return failf("", "%v", cerr)
	}
	a, out, done := s.judgeReply(o, x, echo, "?access_token=")
	if done {
		return atRef(refWSAuth, out)
	}
	if a.e.status != statusOK || a.e.retcode != retcodeOK {
		a.ps.addAt(Required, refWSAuth, fieldStatus, "", "with ?access_token=, %s answered %s, want %s/%d", o.name, describe(a.v), statusOK, retcodeOK)
	}
	return outcome{ps: a.ps}
}

// atRef points an outcome's Required problems at ref.
func atRef(ref string, o outcome) outcome {
	for i := range o.ps {
		if o.ps[i].level == Required {
			o.ps[i].ref = ref
		}
	}
	return o
}

// checkConnectEvent: the lifecycle event "connect" ("WebSocket 连接成功"; "只有正向 WebSocket 和
// 反向 WebSocket 可以收到 connect", event/meta.md) arrives on / and /event, carrying the bot's
// self_id. The standard names the event but not its place; it being the first frame is
// recommended (ZeroBot reads the first frame's self_id and waits for it). The /event
// connection stays open for the heartbeat check.
func (s *suite) checkConnectEvent(ctx context.Context) outcome {
	var ps problems
	var notes []string
	for _, path := range []string{wsPathUniversal, wsPathEvent} {
		w, out := s.openWS(ctx, path)
		if out != nil {
			ps = append(ps, out.ps...)
			continue
		}
		if path == wsPathEvent && s.monitor == nil {
			s.monitor = w
		}
		s.last = &record{curl: "websocat " + shellQuote(s.wsBase+path)}
		deadline := time.Now().Add(wsPromptWait)
		var before []string
		found := false
		for !found {
			f, err := w.next(ctx, deadline)
			if err != nil {
				s.last.response = "no connect event: " + err.Error()
				ps.addAt(Required, refLifecycle, "", "no lifecycle connect event on connecting",
					"%s: no lifecycle connect event within %s of connecting (%v)", path, wsPromptWait, err)
				break
			}
			var m map[string]any
			if json.Unmarshal(f.data, &m) != nil || m[fieldMetaEventType] != metaLifecycle {
				before = append(before, frameKind(f.data))
				continue
			}
			found = true
			s.last.response = "frame " + truncate(string(f.data), 2<<10)
			s.judgeMetaEvent(path, m, metaLifecycle, &ps)
			if m[fieldSubType] != lifecycleConnect {
				ps.addAt(Required, refLifecycle, fieldSubType, "", "%s: the lifecycle event's sub_type is %s, want %q", path, describeValue(m[fieldSubType]), lifecycleConnect)
			}
			notes = append(notes, fmt.Sprintf("%s: connect after %s", path, roundDuration(f.at.Sub(w.opened))))
		}
		if found && len(before) > 0 {
			ps.addAt(Recommended, "", "", "the connect event is not the first frame",
				"%s: the connect event came after %s; clients (ZeroBot) read the first frame's self_id", path, strings.Join(before, ", "))
		}
		if path != wsPathEvent || s.monitor != w {
			w.close()
		}
	}
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}

// frameKind names a frame for a report: its event kind, "a reply", or "a non-JSON frame".
func frameKind(data []byte) string {
	if k := eventKind(data); k != "" {
		return "an event " + k
	}
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return "a non-JSON frame"
	}
	return "a reply " + describe(m)
}

// judgeMetaEvent judges a meta event by the spec's schema for its kind (LifecycleMetaEvent,
// HeartbeatMetaEvent: time, self_id, post_type, meta_event_type and the kind's own fields), and
// its self_id against the bot's own when discovery found it; path prefixes the findings.
func (s *suite) judgeMetaEvent(path string, m map[string]any, kind string, ps *problems) {
	name, ref := schemaLifecycle, refLifecycle
	if kind == metaHeartbeat {
		name, ref = schemaHeartbeat, refHeartbeat
	}
	schema := s.cat.schema(name)
	if schema == nil {
		ps.addAt(Required, ref, "", "", "conformance suite bug: the spec has no schema %s", name)
		return
	}
	var raw problems
	validateAt(Required, ref, schema, m, &raw)
	for _, p := range raw {
		p.cause = name + ": " + p.cause
		p.reason = path + ": " + name + ": " + p.reason
		*ps = append(*ps, p)
	}
	s.judgeSelfID(path+": ", ref, m, ps)
}

func isInteger(v any) bool {
	n, ok := v.(float64)
	return ok && n == math.Trunc(n) && !math.IsInf(n, 0)
}

// checkHeartbeat: heartbeats are optional (heartbeat.enable defaults to false), so none within
// the wait is a SKIP. When they come: the meta event fields, status an object with get_status's
// content, interval an integer in milliseconds ("到下次心跳的间隔，单位毫秒"), and the next one
// that far away (within a quarter of it, or 300 ms).
func (s *suite) checkHeartbeat(ctx context.Context) outcome {
	waitFor := s.cfg.HeartbeatWait
	if waitFor == 0 {
		waitFor = DefaultHeartbeatWait
	}
	if waitFor < 0 {
		return skipf("not waited for (Config.HeartbeatWait is negative)")
	}
	if s.monitor == nil || s.monitor.isClosed() {
		w, out := s.openWS(ctx, wsPathEvent)
		if out != nil {
			return *out
		}
		s.monitor = w
	}
	w := s.monitor
	s.last = &record{curl: "websocat " + shellQuote(s.wsBase+wsPathEvent)}
	first, err := s.nextHeartbeat(ctx, w, w.opened.Add(waitFor))
	if err != nil {
		if errors.Is(err, errNoFrame) {
			return skipf("no heartbeat on %s within %s of connecting; heartbeats are optional (the standard's heartbeat.enable defaults to false); --heartbeat-wait waits longer", wsPathEvent, waitFor)
		}
		return failCause(Required, refWS, "", "", "%s ended before any heartbeat: %v", wsPathEvent, err)
	}
	var ps problems
	interval := s.judgeHeartbeat(first.m, &ps)
	if interval <= 0 {
		return outcome{ps: ps}
	}
	if interval > maxHeartbeatMeasure {
		return outcome{ps: ps, reason: fmt.Sprintf("interval %s not measured (longer than %s)", interval, maxHeartbeatMeasure)}
	}
	tolerance := max(interval/4, 300*time.Millisecond)
	second, err := s.nextHeartbeat(ctx, w, first.at.Add(interval+tolerance))
	if err != nil {
		ps.addAt(Required, refHeartbeat, fieldInterval, "heartbeats not as far apart as their interval says",
			"interval says %d ms, but no next heartbeat came within %s (%v)%s", interval.Milliseconds(), interval+tolerance, err, secondsHint(interval, 0))
		return outcome{ps: ps}
	}
	s.judgeHeartbeat(second.m, &ps)
	gap := second.at.Sub(first.at)
	if d := gap - interval; d > tolerance || d < -tolerance {
		ps.addAt(Required, refHeartbeat, fieldInterval, "heartbeats not as far apart as their interval says",
			"interval says %d ms, but heartbeats came %d ms apart%s", interval.Milliseconds(), gap.Milliseconds(), secondsHint(interval, gap))
	}
	s.last.response = fmt.Sprintf("heartbeats %s apart, interval %d ms", roundDuration(gap), interval.Milliseconds())
	return outcome{ps: ps, reason: fmt.Sprintf("heartbeats %s apart; interval %d ms", roundDuration(gap), interval.Milliseconds())}
}

// secondsHint points at the usual mistake: the interval written in seconds.
func secondsHint(interval, gap time.Duration) string {
	if interval < time.Second && (gap == 0 || gap >= 10*interval) {
		return " (is the interval written in seconds? the standard's unit is the millisecond)"
	}
	return ""
}

type heartbeatFrame struct {
	m  map[string]any
	at time.Time
}

// nextHeartbeat reads frames until a heartbeat (meta_event_type heartbeat) arrives.
func (s *suite) nextHeartbeat(ctx context.Context, w *wsConn, deadline time.Time) (heartbeatFrame, error) {
	for {
		f, err := w.next(ctx, deadline)
		if err != nil {
			return heartbeatFrame{}, err
		}
		var m map[string]any
		if json.Unmarshal(f.data, &m) == nil && m[fieldMetaEventType] == metaHeartbeat {
			s.last.response = "frame " + truncate(string(f.data), 2<<10)
			return heartbeatFrame{m: m, at: f.at}, nil
		}
	}
}

// judgeHeartbeat checks one heartbeat and returns its interval (0 when it has none to time).
func (s *suite) judgeHeartbeat(m map[string]any, ps *problems) time.Duration {
	s.judgeMetaEvent(wsPathEvent, m, metaHeartbeat, ps)
	// The schema said it when status is no object or interval no integer.
	if status, ok := m[fieldStatus].(map[string]any); ok {
		if o := s.cat.byName[gen.ActionGetStatus]; o != nil {
			// Judged as get_status's answer would be: the envelope around it is the suite's own.
			var raw problems
			validateAt(Required, refHeartbeat, o.result(), map[string]any{fieldStatus: statusOK, fieldRetcode: float64(retcodeOK), fieldData: status}, &raw)
			for _, p := range raw {
				if p.path != fieldData && !strings.HasPrefix(p.path, fieldData+".") {
					continue
				}
				p.path = fieldStatus + strings.TrimPrefix(p.path, fieldData)
				p.reason = "status (get_status's data): " + strings.Replace(p.reason, fieldData, fieldStatus, 1)
				p.cause = "heartbeat status is not get_status's data"
				*ps = append(*ps, p)
			}
		}
	}
	n, ok := m[fieldInterval].(float64)
	if !ok || !isInteger(n) {
		return 0
	}
	if n <= 0 {
		ps.addAt(Required, refHeartbeat, fieldInterval, "heartbeat interval is not a positive integer", "interval must be a positive integer of milliseconds, got %s", describeValue(m[fieldInterval]))
		return 0
	}
	return time.Duration(n) * time.Millisecond
}

// randomUint32 is a random number for echoes, so that no two runs send the same.
func randomUint32() uint32 { return mrand.Uint32() }

// failCause is failAt with the cause the finding shares with the same problem elsewhere.
func failCause(level Level, ref, path, cause, format string, args ...any) outcome {
	var o outcome
	o.ps.addAt(level, ref, path, cause, format, args...)
	return o
}
