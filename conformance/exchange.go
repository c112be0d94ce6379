package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxBody bounds how much of an answer the suite reads; OneBot answers are small, base64
// images aside.
const maxBody = 16 << 20

// suite is one run's state: configuration, spec, clients and what discovery found.
type suite struct {
	cfg  Config
	cat  *catalogue
	doer timeoutDoer
	base string // BaseURL without a trailing slash

	self    int64
	targets targets
	// halt is set when the very first request shows that no check can be judged: the target
	// cannot be reached, or it refuses the credentials. The remaining checks are then skipped
	// instead of each failing (or waiting for its own timeout) for the same reason.
	halt error
	// noConnection is the reason the very first request could not reach the target at all:
	// the run's outcome is then "could not connect", not a verdict on the target.
	noConnection error
	// reference caches whether the target is onespec's reference server (isReference).
	reference *bool

	profile Profile
	// last is the last request sent and its answer, for the report of the running check;
	// lastStatus and lastErr are its HTTP status and transport error.
	last       *record
	lastStatus int
	lastErr    error
	// retried counts the requests answered with HTTP 429 and sent again.
	retried int
	// notes are said once in the report (Report.Notes).
	notes []string

	// wsBase is WSURL without a trailing slash; empty when the run is over HTTP.
	wsBase string
	// wsConns are every WebSocket connection the run opened, closed at its end; callConn is
	// the one action calls travel on, monitor the /event connection heartbeats are timed on.
	wsConns  []*wsConn
	callConn *wsConn
	monitor  *wsConn
	// runID and echoSeq make every echo of the run unique; abandoned holds the echoes of calls
	// that got no reply in time, so that a late reply is not taken for a later call's.
	runID     string
	echoSeq   int
	abandoned map[string]bool

	// rig is what the event checks share, set up by the first; post is the listener for the
	// target's HTTP POST reports (Config.PostListen); closers end the event streams.
	rig *eventRig
	// peer is what the peer checks share (peer.go), set up by the first.
	peer    *peerRig
	post    *postSink
	closers []func()
}

// record is a request as a curl command and its answer, for a report.
type record struct {
	curl, response string
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

		wsBase:    strings.TrimRight(cfg.WSURL, "/"),
		runID:     randomHex(3),
		abandoned: map[string]bool{},
	}
	if cfg.AllowMutations {
		// Explicit targets win; discovery fills only what is still zero.
		s.targets = targets{group: cfg.GroupID, member: cfg.UserID, user: cfg.UserID}
	}
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
	// wsEcho is the echo a WebSocket call carried (nil over HTTP): the answer must return it
	// exactly (communication/ws.md).
	wsEcho json.RawMessage
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
	if s.wsBase != "" {
		return s.sendWS(ctx, r)
	}
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
	rec := &record{curl: curlCommand(method, u, r, s.cfg.AccessToken)}
	s.last = rec
	ex := s.roundTrip(ctx, req, r.body)
	s.lastStatus, s.lastErr = ex.status, ex.err
	switch {
	case ex.err != nil:
		rec.response = "no answer: " + ex.err.Error()
	default:
		rec.response = fmt.Sprintf("HTTP %d\n%s", ex.status, truncate(strings.ToValidUTF8(string(ex.body), "\uFFFD"), 8<<10))
	}
	return ex
}

// maxRetries bounds how often one request is sent again after HTTP 429.
const maxRetries = 3

// roundTrip sends req, again after a pause when the target answers HTTP 429 (honouring its
// Retry-After, up to 5 s, else backing off from 500 ms): a rate limit says nothing about
// conformance, and a check should judge the answer the target gives once it is ready.
func (s *suite) roundTrip(ctx context.Context, req *http.Request, body []byte) exchange {
	backoff := 500 * time.Millisecond
	for attempt := 0; ; attempt++ {
		if attempt > 0 && body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		start := time.Now()
		resp, err := s.doer.Do(req)
		if err != nil {
			return exchange{err: err}
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		_ = resp.Body.Close()
		slog.DebugContext(ctx, "conformance request", "method", req.Method, "url", req.URL.String(), "status", resp.StatusCode, "duration", time.Since(start))
		if err != nil {
			return exchange{status: resp.StatusCode, err: fmt.Errorf("reading the answer: %w", err)}
		}
		if resp.StatusCode != http.StatusTooManyRequests || attempt == maxRetries {
			return exchange{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: data}
		}
		s.retried++
		wait := backoff
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs >= 0 {
			wait = min(time.Duration(secs)*time.Second, 5*time.Second)
		}
		backoff *= 2
		select {
		case <-ctx.Done():
			return exchange{err: context.Cause(ctx)}
		case <-time.After(wait):
		}
	}
}

// curlCommand writes a request as a curl command a developer can paste; the access token is
// never written out, the shell variable stands for it.
func curlCommand(method, u string, r request, token string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -X %s %s", method, shellQuote(u))
	if r.contentType != "" {
		fmt.Fprintf(&b, " -H %s", shellQuote("Content-Type: "+r.contentType))
	}
	switch {
	case r.auth == authToken && token != "":
		b.WriteString(` -H "Authorization: Bearer $ONEBOT_ACCESS_TOKEN"`)
	case r.auth == authWrong:
		b.WriteString(` -H "Authorization: Bearer $ONEBOT_ACCESS_TOKEN-not-the-token"`)
	}
	if r.body != nil {
		fmt.Fprintf(&b, " --data-raw %s", shellQuote(truncate(string(r.body), 4<<10)))
	}
	return b.String()
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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
	switch {
	case ctx.Err() != nil:
	case unreachable(err):
		s.halt = fmt.Errorf("the target is unreachable (%w)", err)
		s.noConnection = err
	case err == nil && (status == http.StatusUnauthorized || status == http.StatusForbidden):
		s.halt = fmt.Errorf("the target refuses the credentials (HTTP %d); set AccessToken to its access token", status)
	case s.wsBase != "" && errors.Is(err, errNoFrame):
		// Over WebSocket a silent target does not fail the connection: each call would wait.
		s.halt = fmt.Errorf("the target answered no call on %s within %s", wsPathAPI, s.doer.timeout)
	}
}

// unreachable reports whether a request failed because the target cannot be reached at all
// (refused, unknown host, no answer within the timeout), as opposed to one malformed answer,
// which fails only its own check.
func unreachable(err error) bool {
	if err == nil {
		return false
	}
	var op *net.OpError
	var dns *net.DNSError
	if errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial") {
		return true
	}
	var uerr *url.Error
	return errors.As(err, &uerr) && uerr.Timeout()
}

// problem is one way an answer breaks the spec, at a level.
type problem struct {
	level  Level
	path   string
	reason string
	// cause is reason without what is particular to this check, for grouping; "" means reason.
	cause string
	// documentedFor lists the families (x-onebot-families keys) that document this behaviour.
	documentedFor []string
	// variant marks a family's documented variant of a shape (renames, values): under
	// onebot11 it is only recommended. Other documented behaviour (a transport rule a family
	// breaks) stays what it is there, and is expected only under that family's profile.
	variant bool
	ref     string
	// event is the event the problem is about, as received ("forward WebSocket: {...}"), cut
	// at eventShown characters; "" for a problem of no event.
	event string
}

// problems collects everything wrong with one answer; a check reports them all.
type problems []problem

// add records a problem the standard forbids.
func (ps *problems) add(path, format string, args ...any) {
	*ps = append(*ps, problem{level: Required, path: path, reason: fmt.Sprintf(format, args...)})
}

// addAt records a problem of the given level, its rule's link, and the cause it shares with
// the same problem in other checks.
func (ps *problems) addAt(level Level, ref, path, cause, format string, args ...any) *problem {
	*ps = append(*ps, problem{level: level, path: path, reason: fmt.Sprintf(format, args...), cause: cause, ref: ref})
	return &(*ps)[len(*ps)-1]
}

func (ps problems) outcome() (outcome, bool) {
	if len(ps) == 0 {
		return outcome{}, false
	}
	return outcome{ps: ps}, true
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

// validate checks v against schema and records every violation, each in words a bot developer
// reads ("data.user_id must be an integer, got the string \"10001\""), at the given level.
func validate(schema *openapi3.Schema, v any, ps *problems) {
	validateAt(Required, refHTTPResponse, schema, v, ps)
}

func validateAt(level Level, ref string, schema *openapi3.Schema, v any, ps *problems) {
	err := schema.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors())
	if err == nil {
		return
	}
	found := leaves(err)
	if len(found) == 0 {
		ps.addAt(level, ref, "", "", "does not match the schema: %v", err)
		return
	}
	type worded struct{ path, msg string }
	words := make([]worded, 0, len(found))
	for _, se := range found {
		path, msg := explain(se)
		words = append(words, worded{path, msg})
	}
	// Path order, so that a report reads the same on every run.
	sort.SliceStable(words, func(i, j int) bool { return words[i].path < words[j].path })
	// One finding per rule: the same violation at every item of a list (data.0.user_id,
	// data.1.user_id...) is said once, at its first item, with the count of the others.
	start := len(*ps)
	seen := map[string]bool{}
	have := map[string]bool{}
	others := map[string]int{}
	var order []string
	for _, w := range words {
		path, msg := w.path, w.msg
		if seen[path+msg] {
			continue
		}
		seen[path+msg] = true
		cause := ruleOf(path, msg)
		if have[cause] {
			others[cause]++
			continue
		}
		have[cause] = true
		order = append(order, cause)
		if path == "" {
			ps.addAt(level, ref, "", cause, "the answer %s", msg)
			continue
		}
		ps.addAt(level, ref, path, cause, "%s %s", path, msg)
	}
	for _, cause := range order {
		if n := others[cause]; n > 0 {
			for i := start; i < len(*ps); i++ {
				if (*ps)[i].cause == cause {
					(*ps)[i].reason += fmt.Sprintf(" (and at %d other %s)", n, plural(n, "item", "items"))
					break
				}
			}
		}
	}
}

// ruleOf is a schema violation without what is particular to one answer: list indices become
// [] and the offending value is cut off ("data.[].user_id must be an integer"), so that the
// same rule broken by many items or many answers is one root cause.
func ruleOf(path, msg string) string {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			parts[i] = "[]"
		}
	}
	msg, _, _ = strings.Cut(msg, ", got ")
	if path == "" {
		return "the answer " + msg
	}
	return strings.Join(parts, ".") + " " + msg
}

// leaves digs through kin-openapi's nested errors to the violations that name the offending
// value. allOf (the envelope around the data) keeps every part's errors; among a oneOf's or
// anyOf's alternatives the one that got furthest into the value is the likely intended one
// (data is "the schema or null": the schema's errors are the ones worth reading); when none got
// further than the oneOf itself, the oneOf error is the honest report.
func leaves(err error) []*openapi3.SchemaError {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		if _, isSchema := err.(*openapi3.SchemaError); !isSchema {
			var out []*openapi3.SchemaError
			for _, child := range me {
				out = append(out, leaves(child)...)
			}
			return out
		}
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return nil
	}
	var multi openapi3.MultiError
	if se.Origin == nil || !errors.As(se.Origin, &multi) {
		return []*openapi3.SchemaError{se}
	}
	if se.SchemaField != "oneOf" && se.SchemaField != "anyOf" {
		var out []*openapi3.SchemaError
		for _, child := range multi {
			out = append(out, leaves(child)...)
		}
		if len(out) == 0 {
			return []*openapi3.SchemaError{se}
		}
		return out
	}
	var best []*openapi3.SchemaError
	depth := len(se.JSONPointer())
	var notNull [][]*openapi3.SchemaError // the alternatives other than "null"
	for _, child := range multi {
		l := leaves(child)
		if d := maxDepth(l); d > depth {
			best, depth = l, d
		}
		if len(l) > 0 && !nullOnly(l[0].Schema) {
			notNull = append(notNull, l)
		}
	}
	if best != nil {
		return best
	}
	// "The schema or null" (every Result's data): when the value is no null, the schema's own
	// complaint (an array expected, an object given) is the one to read.
	if len(notNull) == 1 {
		return notNull[0]
	}
	return []*openapi3.SchemaError{se}
}

// nullOnly reports whether s admits nothing but null (the NullValue schema).
func nullOnly(s *openapi3.Schema) bool {
	return s != nil && s.Nullable && len(s.Enum) == 1 && s.Enum[0] == nil
}

func maxDepth(ses []*openapi3.SchemaError) int {
	d := -1
	for _, se := range ses {
		d = max(d, len(se.JSONPointer()))
	}
	return d
}

// explain words one violation: its JSON path and what is wrong there.
func explain(se *openapi3.SchemaError) (path, msg string) {
	path = strings.Join(se.JSONPointer(), ".")
	switch se.SchemaField {
	case "required":
		// kin-openapi reports a missing property at its parent: name the property itself.
		if _, after, ok := strings.Cut(se.Reason, `property "`); ok {
			name, _, _ := strings.Cut(after, `"`)
			if ptr := se.JSONPointer(); len(ptr) == 0 || ptr[len(ptr)-1] != name {
				path = joinPath(path, name)
			}
			return path, "is missing"
		}
	case "type":
		if se.Schema != nil && se.Schema.Type != nil {
			return path, fmt.Sprintf("must be %s, got %s", typeWords(se.Schema), describeValue(se.Value))
		}
	case "enum":
		if se.Schema != nil {
			vals := make([]string, 0, len(se.Schema.Enum))
			for _, e := range se.Schema.Enum {
				b, _ := json.Marshal(e)
				vals = append(vals, string(b))
			}
			return path, fmt.Sprintf("must be one of %s, got %s", strings.Join(vals, ", "), describeValue(se.Value))
		}
	case "nullable":
		return path, fmt.Sprintf("must not be null (%s expected)", typeWords(se.Schema))
	}
	reason := se.Reason
	if reason == "" {
		reason = fmt.Sprintf("does not satisfy %q", se.SchemaField)
	}
	if shown, ok := scalar(se.Value); ok {
		reason += " (got " + shown + ")"
	}
	return path, reason
}

// typeWords names a schema's type for people: "an integer", "an array of GroupInfo".
func typeWords(s *openapi3.Schema) string {
	if s == nil || s.Type == nil {
		return "a value of another type"
	}
	var words []string
	for _, t := range s.Type.Slice() {
		switch t {
		case openapi3.TypeArray:
			w := "an array"
			if s.Items != nil && s.Items.Ref != "" {
				w += " of " + s.Items.Ref[strings.LastIndex(s.Items.Ref, "/")+1:]
			}
			words = append(words, w)
		case openapi3.TypeInteger, openapi3.TypeObject:
			words = append(words, "an "+t)
		default:
			words = append(words, "a "+t)
		}
	}
	return strings.Join(words, " or ")
}

// describeValue names a JSON value for people: the string "10001", the number 5, an object.
func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "the string " + strconv.Quote(truncate(x, 60))
	case float64, json.Number:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%v", v)
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
