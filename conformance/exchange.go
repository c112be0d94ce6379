package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/client"
)

// maxBody bounds how much of an answer the suite reads; OneBot answers are small, base64
// images aside.
const maxBody = 16 << 20

// suite is one run's state: configuration, spec, clients and what discovery found.
type suite struct {
	cfg    Config
	cat    *catalogue
	doer   timeoutDoer
	client *client.ClientWithResponses
	base   string // BaseURL without a trailing slash

	self    int64
	targets targets
	// halt is set when the very first request shows that no check can be judged: the target
	// cannot be reached, or it refuses the credentials. The remaining checks are then skipped
	// instead of each failing (or waiting for its own timeout) for the same reason.
	halt error
}

func newSuite(cfg Config, cat *catalogue) (*suite, error) {
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: defaultTimeout}
	}
	timeout := hc.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	s := &suite{
		cfg:  cfg,
		cat:  cat,
		doer: timeoutDoer{client: hc, timeout: timeout},
		base: strings.TrimRight(cfg.BaseURL, "/"),
	}
	if cfg.AllowMutations {
		// Explicit targets win; discovery fills only what is still zero.
		s.targets = targets{group: cfg.GroupID, member: cfg.UserID, user: cfg.UserID}
	}
	client, err := client.NewClientWithResponses(s.base,
		client.WithHTTPClient(s.doer),
		client.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			s.authorize(req, authToken)
			return nil
		}))
	if err != nil {
		return nil, fmt.Errorf("creating the API client: %w", err)
	}
	s.client = client
	return s, nil
}

// timeoutDoer bounds every request, and the reading of its answer, by a timeout of its own,
// whatever client the caller passed: a target that never answers (Lagrange does not answer a
// malformed JSON body at all) must not stall the run.
type timeoutDoer struct {
	client  *http.Client
	timeout time.Duration
}

func (d timeoutDoer) Do(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), d.timeout)
	resp, err := d.client.Do(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// authMode says which credentials a request carries.
type authMode int

const (
	authToken authMode = iota // the configured token, if any
	authNone                  // no credentials at all
	authWrong                 // a token that cannot be right
)

func (s *suite) authorize(req *http.Request, mode authMode) {
	switch mode {
	case authToken:
		if s.cfg.AccessToken != "" {
			req.Header.Set("Authorization", "Bearer "+s.cfg.AccessToken)
		}
	case authWrong:
		req.Header.Set("Authorization", "Bearer "+s.cfg.AccessToken+"-not-the-token")
	case authNone:
	}
}

// exchange is one raw request's answer.
type exchange struct {
	status      int
	contentType string
	body        []byte
	err         error // the request got no complete answer
}

// request describes one raw request.
type request struct {
	method      string // default POST
	action      string
	query       url.Values
	contentType string // "" sends no Content-Type header
	body        []byte // nil sends no body
	auth        authMode
}

// send performs a raw request: the transport checks need control over method, headers and
// body that the typed client does not give.
func (s *suite) send(ctx context.Context, r request) exchange {
	method := r.method
	if method == "" {
		method = http.MethodPost
	}
	u := s.base + "/" + r.action
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return exchange{err: fmt.Errorf("building the request: %w", err)}
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	s.authorize(req, r.auth)
	start := time.Now()
	resp, err := s.doer.Do(req)
	if err != nil {
		return exchange{err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	slog.DebugContext(ctx, "conformance request", "method", method, "url", u, "status", resp.StatusCode, "duration", time.Since(start))
	if err != nil {
		return exchange{status: resp.StatusCode, err: fmt.Errorf("reading the answer: %w", err)}
	}
	return exchange{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: data}
}

// postJSON sends params as a JSON body to an action with the configured token.
func (s *suite) postJSON(ctx context.Context, action string, params any) exchange {
	body, err := json.Marshal(params)
	if err != nil {
		return exchange{err: fmt.Errorf("encoding the parameters: %w", err)}
	}
	return s.send(ctx, request{action: action, contentType: mediaJSON, body: body})
}

// haltIfBlocked stops the run after the first request when it shows that nothing can be
// judged: the HTTP client's error (refused, unknown host, no answer within the timeout) or an
// HTTP 401/403. The caller's own cancellation is not the target's fault and is left to the
// runner.
func (s *suite) haltIfBlocked(ctx context.Context, status int, err error) {
	var uerr *url.Error
	switch {
	case ctx.Err() != nil:
	case errors.As(err, &uerr):
		s.halt = fmt.Errorf("the target is unreachable (%w)", err)
	case err == nil && (status == http.StatusUnauthorized || status == http.StatusForbidden):
		s.halt = fmt.Errorf("the target refuses the credentials (HTTP %d); set AccessToken to its access token", status)
	}
}

// problem is one way an answer breaks the spec.
type problem struct {
	path   string
	reason string
}

// problems collects everything wrong with one answer; a check reports them all, with the first
// one's path.
type problems []problem

func (ps *problems) add(path, format string, args ...any) {
	*ps = append(*ps, problem{path: path, reason: fmt.Sprintf(format, args...)})
}

func (ps problems) outcome() (outcome, bool) {
	if len(ps) == 0 {
		return outcome{}, false
	}
	reasons := make([]string, len(ps))
	path := ""
	for i, p := range ps {
		reasons[i] = p.reason
		if p.path != "" {
			reasons[i] = p.path + ": " + p.reason
			if path == "" {
				path = p.path
			}
		}
	}
	return outcome{status: Fail, path: path, reason: strings.Join(reasons, "; ")}, true
}

// decodeJSON decodes an answer body, describing the failure in a way fit for a report.
func decodeJSON(ex exchange) (any, error) {
	var v any
	if err := json.Unmarshal(ex.body, &v); err != nil {
		return nil, fmt.Errorf("the body is not JSON (%v): %s", err, snippet(ex.body))
	}
	return v, nil
}

// expectStatus reports a transport failure or an HTTP status other than want.
func expectStatus(ex exchange, want int) (outcome, bool) {
	if ex.err != nil {
		return failf("", "request failed: %v", ex.err), true
	}
	if ex.status != want {
		return failf("", "HTTP %d, want %d; body %s", ex.status, want, snippet(ex.body)), true
	}
	return outcome{}, false
}

// validate checks v against schema and reports the most specific violation.
func validate(schema *openapi3.Schema, v any, ps *problems) {
	err := schema.VisitJSON(v, openapi3.VisitAsResponse())
	if err == nil {
		return
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		ps.add("", "does not match the schema: %v", err)
		return
	}
	se = deepest(se)
	reason := se.Reason
	if reason == "" {
		reason = fmt.Sprintf("does not satisfy %q", se.SchemaField)
	}
	if shown, ok := scalar(se.Value); ok {
		reason += " (got " + shown + ")"
	}
	ps.add(strings.Join(se.JSONPointer(), "."), "%s", reason)
}

// deepest digs through allOf/oneOf wrappers to the violation that names the offending value:
// kin-openapi reports "doesn't match all schemas from allOf" at the envelope's root and keeps
// the real cause (data.user_id must be an integer) inside. Among a oneOf's alternatives the one
// that got furthest into the value is the likely intended one; when none got further than the
// oneOf itself, the oneOf error is the honest report.
func deepest(se *openapi3.SchemaError) *openapi3.SchemaError {
	var multi openapi3.MultiError
	if se.Origin == nil || !errors.As(se.Origin, &multi) {
		return se
	}
	best := se
	for _, child := range multi {
		var ce *openapi3.SchemaError
		if !errors.As(child, &ce) {
			continue
		}
		d := deepest(ce)
		if len(d.JSONPointer()) > len(best.JSONPointer()) || (best == se && se.SchemaField == "allOf") {
			best = d
		}
	}
	return best
}

// scalar renders a JSON scalar for a report; objects and arrays are left out as too long.
func scalar(v any) (string, bool) {
	switch v.(type) {
	case nil, bool, float64, string, json.Number:
		b, err := json.Marshal(v)
		if err != nil {
			return "", false
		}
		return truncate(string(b), 60), true
	}
	return "", false
}

// snippet shows the start of a body in a report, quoted so that control bytes stay harmless.
func snippet(body []byte) string {
	if len(body) == 0 {
		return "(empty)"
	}
	s := string(body)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return fmt.Sprintf("%q", truncate(strings.TrimSpace(s), 160))
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// envelope holds the envelope fields a check reads, when they have the right JSON type.
type envelope struct {
	status     string
	hasStatus  bool
	retcode    int
	hasRetcode bool
	data       any
	hasData    bool
	message    string
}

// answer is a 200 answer decoded and validated against an action's envelope schema, with the
// problems found so far; checks add their own before judging.
type answer struct {
	v  any
	e  envelope
	ps problems
}

// readAnswer expects HTTP 200 and a JSON body, validates it against schema and reads its
// envelope. done reports an outcome that ends the check early (wrong status, not JSON).
func readAnswer(ex exchange, schema *openapi3.Schema) (a answer, out outcome, done bool) {
	if out, done := expectStatus(ex, http.StatusOK); done {
		return a, out, true
	}
	v, err := decodeJSON(ex)
	if err != nil {
		return a, failf("", "%v", err), true
	}
	a.v = v
	validate(schema, v, &a.ps)
	a.e = readEnvelope(v)
	return a, outcome{}, false
}

func readEnvelope(v any) envelope {
	var e envelope
	m, ok := v.(map[string]any)
	if !ok {
		return e
	}
	e.status, e.hasStatus = m[fieldStatus].(string)
	if n, ok := m[fieldRetcode].(float64); ok && n == float64(int(n)) {
		e.retcode, e.hasRetcode = int(n), true
	}
	e.data, e.hasData = m[fieldData]
	e.message, _ = m[fieldMessage].(string)
	return e
}

// statusFor is the status the spec pairs with a retcode.
func statusFor(retcode int) gen.Status {
	switch gen.Retcode(retcode) {
	case gen.RetcodeOK:
		return gen.StatusOk
	case gen.RetcodeAsync:
		return gen.StatusAsync
	}
	return gen.StatusFailed
}

// checkPairing reports a status that does not go with the retcode (ok↔0, async↔1,
// failed↔other).
func checkPairing(e envelope, ps *problems) {
	if !e.hasStatus || !e.hasRetcode {
		return // the schema check already says what is missing
	}
	if want := statusFor(e.retcode); e.status != string(want) {
		ps.add(fieldRetcode, "status %q with retcode %d: retcode %d goes with status %q", e.status, e.retcode, e.retcode, want)
	}
}
