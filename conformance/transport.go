package conformance

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/openapi/names"
)

const (
	mediaForm  = "application/x-www-form-urlencoded"
	mediaPlain = "text/plain"
)

// transportChecks judge the HTTP transport rules (standard communication/http.md and
// authorization.md, plus onespec's own): where parameters may travel, how values are written,
// and the HTTP status of each kind of rejection. Each picks from the spec the read action that
// suits it, so that none of them has to name an action. What the standard requires is judged at
// Required; what it leaves open (JSON bodies on errors, 405, echo over HTTP) at Onespec.
// What a transport check needs of the spec, said when it has none.
const (
	lackGroup = "read action whose only required parameter is an integer group id (x-onebot-ref: group)"
	lackBare  = "read action without required parameters"
)

// transportCheck builds a check of the transport kind around the op it calls; without a
// suitable op it is a SKIP that says what the spec lacks.
func transportCheck(name string, o *op, lack string, run func(ctx context.Context, o *op) outcome) check {
	c := check{id: transportKind + "/" + name}
	if o == nil {
		c.run = func(context.Context) outcome { return skipf("the spec has no %s", lack) }
		return c
	}
	c.action, c.nameZh = o.name, o.nameZh
	c.run = func(ctx context.Context) outcome { return run(ctx, o) }
	return c
}

// needGroup runs a check that asks about a group only when the target has one.
func (s *suite) needGroup(run func(ctx context.Context, o *op) outcome) func(ctx context.Context, o *op) outcome {
	return func(ctx context.Context, o *op) outcome {
		if s.targets.group == 0 {
			return skipf("no group found on the target to ask about; give one with --group")
		}
		return run(ctx, o)
	}
}

func (s *suite) transportChecks() []check {
	bare := s.cat.bareOp()
	group, param := s.cat.groupOp()
	unknown := s.unknownActionName()

	tc := transportCheck
	// asStrings is the group action's parameters as a query or form carries them: every value
	// a string, the group id and every boolean parameter (at its default) included, so that the
	// server has to convert both kinds.
	asStrings := func(o *op) url.Values {
		q := url.Values{param: {strconv.FormatInt(s.targets.group, 10)}}
		for name, b := range booleanParams(o) {
			q.Set(name, strconv.FormatBool(b))
		}
		return q
	}
	needGroup := s.needGroup
	return []check{
		tc("get-query", group, lackGroup, needGroup(func(ctx context.Context, o *op) outcome {
			return s.expectServed(o, s.send(ctx, request{method: http.MethodGet, action: s.nameOf(o), query: asStrings(o)}), refHTTPRequest)
		})),
		tc("form-urlencoded", group, lackGroup, needGroup(func(ctx context.Context, o *op) outcome {
			return s.expectServed(o, s.send(ctx, request{action: s.nameOf(o), contentType: mediaForm, body: []byte(asStrings(o).Encode())}), refHTTPRequest)
		})),
		tc("json-strings", group, lackGroup, needGroup(func(ctx context.Context, o *op) outcome {
			// "在 JSON 中使用字符串作为参数值时，OneBot 实现需要从字符串解析出对应类型的数据"
			params := map[string]any{}
			for k, v := range asStrings(o) {
				params[k] = v[0]
			}
			return s.expectServed(o, s.postJSON(ctx, s.nameOf(o), params), refHTTPRequest)
		})),
		tc("trailing-slash", bare, lackBare, func(ctx context.Context, o *op) outcome {
			return s.expectServed(o, s.send(ctx, request{action: s.nameOf(o) + "/", contentType: mediaJSON, body: []byte("{}")}), refHTTPRequest)
		}),
		tc("json-charset", bare, lackBare, func(ctx context.Context, o *op) outcome {
			// http.md: the Content-Type must be application/json; a media type with its charset
			// parameter is still that type, and it is what many HTTP clients send.
			return s.expectServed(o, s.send(ctx, request{action: s.nameOf(o), contentType: mediaJSON + "; charset=utf-8", body: []byte("{}")}), refHTTPRequest)
		}),
		tc("null-body", bare, lackBare, func(ctx context.Context, o *op) outcome {
			// No Content-Type means JSON, and a JSON null means no parameters: not the
			// standard's words, but what bot frameworks send and implementations accept.
			out := s.expectServed(o, s.send(ctx, request{action: s.nameOf(o), body: []byte("null")}), "")
			return atMost(Recommended, out)
		}),
		tc("echo", bare, lackBare, func(ctx context.Context, o *op) outcome {
			// The standard defines echo for WebSocket; onespec echoes it over HTTP too.
			return atMost(Onespec, s.checkEcho(ctx, o))
		}),
		tc("async-suffix", bare, lackBare, s.checkAsyncSuffix),
		tc("rate-limited-suffix", bare, lackBare, s.checkRateLimitedSuffix),
		tc("invalid-param", group, lackGroup, func(ctx context.Context, o *op) outcome {
			return s.checkInvalidParam(ctx, o, param)
		}),
		{
			id:     transportKind + "/unknown-action",
			action: unknown,
			run: func(ctx context.Context) outcome {
				ex := s.send(ctx, request{action: unknown, contentType: mediaJSON, body: []byte("{}")})
				rc := unknownActionRetcode
				return expectRejection(ex, Required, http.StatusNotFound, s.cat.unknownAction, &rc)
			},
		},
		tc("malformed-json", bare, lackBare, func(ctx context.Context, o *op) outcome {
			ex := s.send(ctx, request{action: s.nameOf(o), contentType: mediaJSON, body: []byte(`{"echo": `)})
			rc := badRequestRetcode
			return expectRejection(ex, Required, http.StatusBadRequest, o.responses[http.StatusBadRequest], &rc)
		}),
		tc("unsupported-content-type", bare, lackBare, func(ctx context.Context, o *op) outcome {
			ex := s.send(ctx, request{action: s.nameOf(o), contentType: mediaPlain, body: []byte("{}")})
			return expectRejection(ex, Required, http.StatusNotAcceptable, o.responses[http.StatusNotAcceptable], nil)
		}),
		tc("method-not-allowed", bare, lackBare, func(ctx context.Context, o *op) outcome {
			// The standard names GET and POST and says nothing of other methods: 405 is onespec's.
			ex := s.send(ctx, request{method: http.MethodPut, action: s.nameOf(o), contentType: mediaJSON, body: []byte("{}")})
			return expectRejection(ex, Onespec, http.StatusMethodNotAllowed, o.responses[http.StatusMethodNotAllowed], nil)
		}),
		tc("no-token", bare, lackBare, func(ctx context.Context, o *op) outcome {
			if s.cfg.AccessToken == "" {
				return skipf("no access token configured; run with --token (Config.AccessToken) to check that a request without one gets 401")
			}
			ex := s.send(ctx, request{action: s.nameOf(o), contentType: mediaJSON, body: []byte("{}"), auth: authNone})
			return expectRejection(ex, Required, http.StatusUnauthorized, o.responses[http.StatusUnauthorized], nil)
		}),
		tc("wrong-token", bare, lackBare, func(ctx context.Context, o *op) outcome {
			if s.cfg.AccessToken == "" {
				return skipf("no access token configured; run with --token (Config.AccessToken) to check that a wrong one gets 403")
			}
			ex := s.send(ctx, request{action: s.nameOf(o), contentType: mediaJSON, body: []byte("{}"), auth: authWrong})
			return expectRejection(ex, Required, http.StatusForbidden, o.responses[http.StatusForbidden], nil)
		}),
		tc("token-in-query", bare, lackBare, func(ctx context.Context, o *op) outcome {
			if s.cfg.AccessToken == "" {
				return skipf("no access token configured; run with --token (Config.AccessToken) to check ?access_token=")
			}
			q := url.Values{accessTokenParam: {s.cfg.AccessToken}}
			return s.expectServed(o, s.send(ctx, request{action: s.nameOf(o), query: q, contentType: mediaJSON, body: []byte("{}"), auth: authNone}), refAuth)
		}),
	}
}

// accessTokenParam is the query parameter of the standard's authorization.md.
const accessTokenParam = "access_token"

// badRequestRetcode is the retcode of the spec's BadRequest response (onespec's choice).
const badRequestRetcode = 1400

// booleanParams lists an op's optional boolean parameters with their defaults: sending the
// default as a string exercises the conversion without changing what the call does.
func booleanParams(o *op) map[string]bool {
	out := map[string]bool{}
	if o.params == nil {
		return out
	}
	for name, p := range o.params.Properties {
		if p.Value == nil || !p.Value.Type.Is(openapi3.TypeBoolean) || slices.Contains(o.params.Required, name) {
			continue
		}
		b, _ := p.Value.Default.(bool)
		out[name] = b
	}
	return out
}

// atMost lowers the Required problems of an outcome to level: the check's rule is weaker than
// the standard's.
func atMost(level Level, o outcome) outcome {
	for i := range o.ps {
		if o.ps[i].level == Required {
			o.ps[i].level = level
			o.ps[i].ref = ""
		}
	}
	return o
}

// unknownActionName makes up an action name the spec does not have.
func (s *suite) unknownActionName() string {
	for {
		name := "onespec_no_such_action_" + randomHex(4)
		if _, _, known := s.cat.names.Resolve(name); !known {
			return name
		}
	}
}

// expectServed judges a request that must work: HTTP 200, an ok/0 envelope, and data that
// matches the operation's schema (judgeAnswer), at the rule's link.
func (s *suite) expectServed(o *op, ex exchange, ref string) outcome {
	a, out, done := s.judgeAnswer(o, ex)
	if done {
		for i := range out.ps {
			out.ps[i].ref = ref
		}
		return out
	}
	if a.e.status != statusOK || !a.e.hasRetcode || a.e.retcode != retcodeOK {
		p := a.ps.addAt(Required, ref, fieldStatus, "", "answered %s, want %s/%d", describe(a.v), statusOK, retcodeOK)
		if t := a.e.failureText(); t != "" {
			p.reason += fmt.Sprintf(" (%q)", truncate(t, 120))
		}
	}
	return outcome{ps: a.ps}
}

// expectRejection judges a request the transport must refuse with an HTTP status (at level)
// and, as onespec does, a JSON body that matches that response's schema and carries retcode.
func expectRejection(ex exchange, level Level, status int, schema *openapi3.Schema, retcode *int) outcome {
	if out, done := expectStatus(ex, status); done {
		return atMost(level, out)
	}
	var ps problems
	v, err := decodeJSON(ex)
	if err != nil {
		// The standard asks for a JSON body only with HTTP 200.
		ps.addAt(Onespec, "", "", "HTTP error without a JSON envelope", "%v", err)
		return outcome{ps: ps}
	}
	if schema != nil {
		validateAt(Onespec, "", schema, v, &ps)
	}
	if e := readEnvelope(v); retcode != nil && (!e.hasRetcode || e.retcode != *retcode) {
		ps.addAt(Onespec, "", fieldRetcode, "", "answered %s, want retcode %d", describe(v), *retcode)
	}
	return outcome{ps: ps}
}

// checkEcho sends a numeric echo and expects the same number back in the envelope.
func (s *suite) checkEcho(ctx context.Context, o *op) outcome {
	// Within 2^53, so that implementations that hold numbers as doubles (JavaScript) can keep it.
	sent := 1_000_000_000 + mrand.Int64N(1_000_000_000)
	body := fmt.Sprintf(`{%q: %d}`, fieldEcho, sent)
	ex := s.send(ctx, request{action: s.nameOf(o), contentType: mediaJSON, body: []byte(body)})
	if out, done := expectStatus(ex, http.StatusOK); done {
		return out
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(ex.body, &m); err != nil {
		return failf("", "the body is not a JSON object (%v): %s", err, snippet(ex.body))
	}
	raw, ok := m[fieldEcho]
	if !ok {
		return failf(fieldEcho, "no echo in the answer; sent %d", sent)
	}
	if !sameNumber(raw, sent) {
		return failf(fieldEcho, "echo came back as %s; sent %d", truncate(string(raw), 60), sent)
	}
	return pass("")
}

// sameNumber reports whether raw is a JSON number equal to n (in any spelling, 1e3 or 1000).
func sameNumber(raw json.RawMessage, n int64) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return false
	}
	num, ok := v.(json.Number)
	if !ok {
		return false
	}
	f, ok := new(big.Float).SetString(string(num))
	return ok && f.Cmp(new(big.Float).SetInt64(n)) == 0
}

// checkInvalidParam sends text where an integer is required. The standard: the action was
// found, so HTTP 200, and it cannot succeed, so status failed with a retcode other than 0 and 1.
// A failure text is the convention; 1400 is onespec's choice (judgeAnswer holds a family to its
// own failure retcodes).
func (s *suite) checkInvalidParam(ctx context.Context, o *op, param string) outcome {
	a, out, done := s.judgeAnswer(o, s.postJSON(ctx, s.nameOf(o), map[string]any{param: "not-a-number"}))
	if done {
		return out
	}
	return judgeInvalidParam(a, param, refHTTPResponse)
}

// judgeInvalidParam judges the answer to text sent for integer param, over any transport:
// the call is found and fails (status failed with a retcode other than 0 and 1, ref),
// preferably with a text saying why; 1400 is onespec's choice.
func judgeInvalidParam(a answer, param, ref string) outcome {
	e, ps := a.e, a.ps
	if e.status != statusFailed || !e.hasRetcode || e.retcode == retcodeOK || e.retcode == retcodeAsync {
		ps.addAt(Required, ref, fieldStatus, "", "%s %q answered %s, want status failed", param, "not-a-number", describe(a.v))
	} else if e.retcode != badRequestRetcode {
		ps.addAt(Onespec, "", fieldRetcode, "invalid parameters not answered with 1400", "answered retcode %d; onespec answers invalid parameters with %d", e.retcode, badRequestRetcode)
	}
	text := e.failureText()
	if text == "" && e.status == statusFailed {
		ps.addAt(Recommended, "", fieldMessage, "a failure without message, msg or wording", "no message, msg or wording says what is wrong with %s", param)
	}
	return outcome{ps: ps, reason: fmt.Sprintf("failure text %q", truncate(text, 80))}
}

// The standard's suffixes for calling any action asynchronously or rate-limited (api/README.md),
// as the name resolver reads them.
const (
	asyncSuffix       = string(names.Async)
	rateLimitedSuffix = string(names.RateLimited)
)

// checkAsyncSuffix calls an action with the _async suffix: the standard answers at once with
// status async, retcode 1 and null data, valid against the action's envelope.
func (s *suite) checkAsyncSuffix(ctx context.Context, o *op) outcome {
	ex := s.send(ctx, request{action: s.nameOf(o) + asyncSuffix, contentType: mediaJSON, body: []byte("{}")})
	a, out, done := s.judgeAnswer(o, ex)
	if done {
		return out
	}
	v, e, ps := a.v, a.e, a.ps
	if e.status != statusAsync || !e.hasRetcode || e.retcode != retcodeAsync {
		ps.addAt(Required, refAsync, fieldStatus, "", "%s%s answered %s, want %s/%d", s.nameOf(o), asyncSuffix, describe(v), statusAsync, retcodeAsync)
	}
	if e.data != nil {
		ps.addAt(Required, refAsync, fieldData, "", "an async answer carries null data")
	}
	return outcome{ps: ps}
}

// checkRateLimitedSuffix calls an action with the _rate_limited suffix. The standard queues
// such calls; it says nothing of the answer, so any valid envelope that is ok/0 (run in turn)
// or async/1 (queued) will do.
func (s *suite) checkRateLimitedSuffix(ctx context.Context, o *op) outcome {
	ex := s.send(ctx, request{action: s.nameOf(o) + rateLimitedSuffix, contentType: mediaJSON, body: []byte("{}")})
	if ex.err == nil && ex.status == http.StatusNotFound {
		return failAt(Required, refRateLimited, "", "%s%s: HTTP 404; every action may be called with the suffix", s.nameOf(o), rateLimitedSuffix)
	}
	a, out, done := s.judgeAnswer(o, ex)
	if done {
		return out
	}
	v, e, ps := a.v, a.e, a.ps
	if !(e.status == statusOK && e.retcode == retcodeOK) && !(e.status == statusAsync && e.retcode == retcodeAsync) {
		ps.addAt(Required, refRateLimited, fieldStatus, "", "%s%s answered %s, want %s/%d or %s/%d", s.nameOf(o), rateLimitedSuffix, describe(v), statusOK, retcodeOK, statusAsync, retcodeAsync)
	}
	return outcome{ps: ps}
}

// describe renders an envelope's status/retcode for a report, whatever their JSON types.
func describe(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Sprintf("a JSON %T, not an envelope", v)
	}
	st, _ := json.Marshal(m[fieldStatus])
	rc, _ := json.Marshal(m[fieldRetcode])
	return fmt.Sprintf("status %s retcode %s", st, rc)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
