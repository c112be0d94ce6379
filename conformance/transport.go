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
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
)

const (
	mediaForm  = "application/x-www-form-urlencoded"
	mediaPlain = "text/plain"
)

// transportChecks judge the HTTP transport rules of the root document (standard
// communication/http.md): where parameters may travel, and the HTTP status of each kind of
// rejection. Each picks from the spec the read action that suits it, so that none of them has
// to name an action.
func (s *suite) transportChecks() []check {
	bare := s.cat.bareOp()
	group, param := s.cat.groupOp()
	unknown := s.unknownActionName()

	// tc builds a check around the op it calls; without a suitable op it is a SKIP that says
	// what the spec lacks.
	tc := func(name string, o *op, lack string, run func(ctx context.Context, o *op) outcome) check {
		c := check{id: "transport/" + name}
		if o == nil {
			c.run = func(context.Context) outcome { return skipf("the spec has no %s", lack) }
			return c
		}
		c.action, c.nameZh = o.name, o.nameZh
		c.run = func(ctx context.Context) outcome { return run(ctx, o) }
		return c
	}
	const (
		lackGroup = "read action whose only required parameter is an integer group id (x-onebot-ref: group)"
		lackBare  = "read action without required parameters"
	)
	return []check{
		tc("get-query", group, lackGroup, func(ctx context.Context, o *op) outcome {
			if s.targets.group == 0 {
				return skipf("no group found on the target to ask about")
			}
			q := url.Values{param: {strconv.FormatInt(s.targets.group, 10)}}
			return expectOK(s.send(ctx, request{method: http.MethodGet, action: o.name, query: q}))
		}),
		tc("form-urlencoded", group, lackGroup, func(ctx context.Context, o *op) outcome {
			if s.targets.group == 0 {
				return skipf("no group found on the target to ask about")
			}
			form := url.Values{param: {strconv.FormatInt(s.targets.group, 10)}}
			return expectOK(s.send(ctx, request{action: o.name, contentType: mediaForm, body: []byte(form.Encode())}))
		}),
		tc("null-body", bare, lackBare, func(ctx context.Context, o *op) outcome {
			// No Content-Type means JSON, and a JSON null means no parameters.
			return expectOK(s.send(ctx, request{action: o.name, body: []byte("null")}))
		}),
		tc("echo", bare, lackBare, s.checkEcho),
		tc("async-suffix", bare, lackBare, s.checkAsyncSuffix),
		tc("invalid-param", group, lackGroup, func(ctx context.Context, o *op) outcome {
			return s.checkInvalidParam(ctx, o, param)
		}),
		{
			id:     "transport/unknown-action",
			action: unknown,
			run: func(ctx context.Context) outcome {
				ex := s.send(ctx, request{action: unknown, contentType: mediaJSON, body: []byte("{}")})
				rc := gen.RetcodeUnsupportedAction
				return expectRejection(ex, http.StatusNotFound, s.cat.unknownAction, &rc)
			},
		},
		tc("malformed-json", bare, lackBare, func(ctx context.Context, o *op) outcome {
			ex := s.send(ctx, request{action: o.name, contentType: mediaJSON, body: []byte(`{"echo": `)})
			rc := gen.RetcodeBadRequest
			return expectRejection(ex, http.StatusBadRequest, o.responses[http.StatusBadRequest], &rc)
		}),
		tc("unsupported-content-type", bare, lackBare, func(ctx context.Context, o *op) outcome {
			ex := s.send(ctx, request{action: o.name, contentType: mediaPlain, body: []byte("{}")})
			return expectRejection(ex, http.StatusNotAcceptable, o.responses[http.StatusNotAcceptable], nil)
		}),
		tc("method-not-allowed", bare, lackBare, func(ctx context.Context, o *op) outcome {
			ex := s.send(ctx, request{method: http.MethodPut, action: o.name, contentType: mediaJSON, body: []byte("{}")})
			return expectRejection(ex, http.StatusMethodNotAllowed, o.responses[http.StatusMethodNotAllowed], nil)
		}),
		tc("no-token", bare, lackBare, func(ctx context.Context, o *op) outcome {
			if s.cfg.AccessToken == "" {
				return skipf("no AccessToken configured; set it to check that a request without one gets 401")
			}
			ex := s.send(ctx, request{action: o.name, contentType: mediaJSON, body: []byte("{}"), auth: authNone})
			return expectRejection(ex, http.StatusUnauthorized, o.responses[http.StatusUnauthorized], nil)
		}),
		tc("wrong-token", bare, lackBare, func(ctx context.Context, o *op) outcome {
			if s.cfg.AccessToken == "" {
				return skipf("no AccessToken configured; set it to check that a wrong one gets 403")
			}
			ex := s.send(ctx, request{action: o.name, contentType: mediaJSON, body: []byte("{}"), auth: authWrong})
			return expectRejection(ex, http.StatusForbidden, o.responses[http.StatusForbidden], nil)
		}),
	}
}

// unknownActionName makes up an action name the spec does not have.
func (s *suite) unknownActionName() string {
	for {
		name := "onespec_no_such_action_" + randomHex(4)
		if s.cat.byName[name] == nil {
			return name
		}
	}
}

// expectOK judges a request that must work: HTTP 200 and an ok/0 envelope.
func expectOK(ex exchange) outcome {
	if out, done := expectStatus(ex, http.StatusOK); done {
		return out
	}
	v, err := decodeJSON(ex)
	if err != nil {
		return failf("", "%v", err)
	}
	e := readEnvelope(v)
	if e.status != string(gen.StatusOk) || !e.hasRetcode || e.retcode != int(gen.RetcodeOK) {
		return failf(fieldStatus, "answered %s, want %s/%d", describe(v), gen.StatusOk, gen.RetcodeOK)
	}
	return pass("")
}

// expectRejection judges a request the transport must refuse with an HTTP status and a body
// that matches that response's schema (and, when given, carries retcode).
func expectRejection(ex exchange, status int, schema *openapi3.Schema, retcode *gen.Retcode) outcome {
	if out, done := expectStatus(ex, status); done {
		return out
	}
	v, err := decodeJSON(ex)
	if err != nil {
		return failf("", "%v", err)
	}
	var ps problems
	if schema != nil {
		validate(schema, v, &ps)
	}
	if e := readEnvelope(v); retcode != nil && (!e.hasRetcode || e.retcode != int(*retcode)) {
		ps.add(fieldRetcode, "answered %s, want retcode %d", describe(v), *retcode)
	}
	if out, failed := ps.outcome(); failed {
		return out
	}
	if schema == nil {
		return pass(fmt.Sprintf("the spec gives no schema for HTTP %d; body not judged", status))
	}
	return pass("")
}

// checkEcho sends a numeric echo and expects the same number back in the envelope.
func (s *suite) checkEcho(ctx context.Context, o *op) outcome {
	// Within 2^53, so that implementations that hold numbers as doubles (JavaScript) can keep it.
	sent := 1_000_000_000 + mrand.Int64N(1_000_000_000)
	body := fmt.Sprintf(`{%q: %d}`, fieldEcho, sent)
	ex := s.send(ctx, request{action: o.name, contentType: mediaJSON, body: []byte(body)})
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

// checkInvalidParam sends text where an integer is required: the action was found and called,
// so HTTP 200, with a failed envelope, retcode 1400 and a message saying what was wrong.
func (s *suite) checkInvalidParam(ctx context.Context, o *op, param string) outcome {
	a, out, done := readAnswer(s.postJSON(ctx, o.name, map[string]any{param: "not-a-number"}), o.result())
	if done {
		return out
	}
	v, e, ps := a.v, a.e, a.ps
	if e.status != string(gen.StatusFailed) || !e.hasRetcode || e.retcode != int(gen.RetcodeBadRequest) {
		ps.add(fieldRetcode, "answered %s, want %s/%d", describe(v), gen.StatusFailed, gen.RetcodeBadRequest)
	}
	if e.message == "" {
		ps.add(fieldMessage, "empty; it should say what is wrong with %s", param)
	}
	if out, failed := ps.outcome(); failed {
		return out
	}
	return pass(fmt.Sprintf("message %q", truncate(e.message, 80)))
}

// asyncSuffix is the standard's suffix for calling any action asynchronously (api/README.md).
const asyncSuffix = "_async"

// checkAsyncSuffix calls an action with the _async suffix: the standard answers at once with
// status async, retcode 1 and null data, valid against the action's envelope.
func (s *suite) checkAsyncSuffix(ctx context.Context, o *op) outcome {
	a, out, done := readAnswer(s.send(ctx, request{action: o.name + asyncSuffix, contentType: mediaJSON, body: []byte("{}")}), o.result())
	if done {
		return out
	}
	v, e, ps := a.v, a.e, a.ps
	if e.status != string(gen.StatusAsync) || !e.hasRetcode || e.retcode != int(gen.RetcodeAsync) {
		ps.add(fieldStatus, "%s%s answered %s, want %s/%d", o.name, asyncSuffix, describe(v), gen.StatusAsync, gen.RetcodeAsync)
	}
	if e.data != nil {
		ps.add(fieldData, "an async answer carries null data")
	}
	if out, failed := ps.outcome(); failed {
		return out
	}
	return pass("")
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
