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
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/getkin/kin-openapi/openapi3"
)

// A validating proxy stands between a bot and any OneBot implementation and judges the real
// traffic by the same spec, levels and profiles as the suite, passing every byte through
// unchanged:
//
//   - the bot side (Proxy.ServeHTTP): the bot calls the proxy's HTTP API or forward WebSocket
//     instead of the implementation's; calls go to Upstream, answers and events come back;
//   - the reverse side (Proxy.Reverse): the implementation's reverse WebSocket connects to the
//     proxy instead of the bot, and is relayed to ReverseTo;
//   - the post side (Proxy.Post): the implementation posts its events to the proxy instead of
//     the bot, and they are relayed to PostTo, the bot's answer (a quick operation) back.
//
// Each observed exchange is judged as the suite judges its own: an answer by its action's
// schema, envelope rules and documented retcodes (judgeAnswer); an event by the schema of its
// kind; a bot's call by the action's request schema (recommended only: the bot's own
// business, but worth knowing when the implementation is blamed for it). Findings accumulate
// per check (answer/<action>, event/<kind>, call/<action>), grouped by root cause, with the
// first offending exchange kept beside them.

// ProxyConfig configures a validating proxy.
type ProxyConfig struct {
	// Upstream is the implementation's HTTP API and forward WebSocket base URL
	// (http://127.0.0.1:3000): where the bot side relays.
	Upstream string
	// ReverseTo is the bot's reverse WebSocket URL base (ws://127.0.0.1:8080): where the
	// reverse side relays the implementation's connections, path and query kept.
	ReverseTo string
	// PostTo is the bot's HTTP POST URL: where the post side relays the implementation's events.
	PostTo string
	// Profile is what the traffic is judged by (Profiles()); "" is the standard's.
	Profile string
	// MaxBody bounds a body or frame the proxy reads to judge and relay (default 64 MiB).
	MaxBody int64
	// HTTPClient relays HTTP calls and posts (default: a client with a 60 s timeout).
	HTTPClient *http.Client
	// OnResult, when set, is called with a check's result whenever an exchange makes it
	// fail or warn for the first time.
	OnResult func(Result)
	// Log receives relay errors (default: discarded).
	Log *slog.Logger
}

// Proxy is a validating proxy (see the package comment above ProxyConfig).
type Proxy struct {
	cfg      ProxyConfig
	s        *suite // judges only: its catalogue and profile
	upstream *url.URL
	started  time.Time
	kinds    []proxyEventKind

	mu      sync.Mutex
	results map[string]*observed
}

// observed is one check's verdict over every exchange it has seen.
type observed struct {
	res      Result
	seen     int
	bad      int
	findings map[string]bool // level, path and cause already listed
}

// NewProxy checks cfg and loads the spec.
func NewProxy(cfg ProxyConfig) (*Proxy, error) {
	u, err := url.Parse(cfg.Upstream)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("proxy: --upstream must be an http(s) URL of the implementation, got %q", cfg.Upstream)
	}
	for _, c := range []struct{ flag, v string }{{"--reverse-to", cfg.ReverseTo}, {"--post-to", cfg.PostTo}} {
		if c.v == "" {
			continue
		}
		if _, err := url.Parse(c.v); err != nil {
			return nil, fmt.Errorf("proxy: %s: %w", c.flag, err)
		}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 64 << 20
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: time.Minute}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cat, err := loadCatalogue()
	if err != nil {
		return nil, fmt.Errorf("proxy: loading the spec: %w", err)
	}
	profile, err := cat.profile(cfg.Profile)
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	s, err := newSuite(Config{BaseURL: cfg.Upstream, Profile: cfg.Profile}, cat)
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	s.profile = profile
	return &Proxy{cfg: cfg, s: s, upstream: u, started: time.Now().UTC().Round(0),
		kinds: proxyEventKinds(cat), results: map[string]*observed{}}, nil
}

// ProxyPath is where the bot side serves the live report (HTML; ?format=json for JSON).
const ProxyPath = "/_proxy"

// ServeHTTP is the bot side: the live report at ProxyPath, forward WebSocket upgrades relayed
// to Upstream's same path, and every other request relayed to Upstream as an HTTP call.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == ProxyPath:
		p.serveReport(w, r)
	case isWebSocketUpgrade(r):
		target := *p.upstream
		target.Scheme = strings.Replace(target.Scheme, "http", "ws", 1)
		target.Path = strings.TrimRight(target.Path, "/") + r.URL.Path
		target.RawQuery = r.URL.RawQuery
		p.relayWS(w, r, target.String(), false)
	default:
		p.relayHTTP(w, r)
	}
}

// Reverse is the reverse side: the implementation's reverse WebSocket connects here and is
// relayed to ReverseTo, path and query kept.
func (p *Proxy) Reverse() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.cfg.ReverseTo == "" || !isWebSocketUpgrade(r) {
			http.Error(w, "this address relays reverse WebSocket connections (configure --reverse-to)", http.StatusBadRequest)
			return
		}
		target, _ := url.Parse(p.cfg.ReverseTo)
		target.Path = strings.TrimRight(target.Path, "/") + r.URL.Path
		if r.URL.RawQuery != "" {
			target.RawQuery = r.URL.RawQuery
		}
		p.relayWS(w, r, target.String(), true)
	})
}

// Post is the post side: the implementation's event posts are judged and relayed to PostTo,
// the bot's answer (a quick operation) relayed back unchanged.
func (p *Proxy) Post() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.cfg.PostTo == "" || r.Method != http.MethodPost {
			http.Error(w, "this address relays HTTP POST events (configure --post-to)", http.StatusBadRequest)
			return
		}
		body, err := readBounded(r.Body, p.cfg.MaxBody)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, p.cfg.PostTo, bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		copyHeaders(req.Header, r.Header)
		resp, err := p.cfg.HTTPClient.Do(req)
		if err != nil {
			p.cfg.Log.Warn("proxy: relaying an event post", "to", p.cfg.PostTo, "err", err)
			http.Error(w, "the bot did not answer: "+err.Error(), http.StatusBadGateway)
			p.judgeEvent(body, "POST "+p.cfg.PostTo, r.Header)
			return
		}
		answer, _ := readBounded(resp.Body, p.cfg.MaxBody)
		resp.Body.Close()
		copyHeaders(w.Header(), resp.Header)
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(answer)
		p.judgeEvent(body, "POST "+p.cfg.PostTo, r.Header)
	})
}

// relayHTTP relays one HTTP call to Upstream and judges its answer.
func (p *Proxy) relayHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := readBounded(r.Body, p.cfg.MaxBody)
	if err != nil {
		http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	target := *p.upstream
	target.Path = strings.TrimRight(target.Path, "/") + r.URL.Path
	target.RawQuery = r.URL.RawQuery
	req, err := http.NewRequestWithContext(r.Context(), r.Method, target.String(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	copyHeaders(req.Header, r.Header)
	resp, err := p.cfg.HTTPClient.Do(req)
	if err != nil {
		p.cfg.Log.Warn("proxy: relaying a call", "to", target.String(), "err", err)
		http.Error(w, "the implementation did not answer: "+err.Error(), http.StatusBadGateway)
		return
	}
	answer, err := readBounded(resp.Body, p.cfg.MaxBody)
	resp.Body.Close()
	copyHeaders(w.Header(), resp.Header)
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
	if err != nil {
		return
	}
	called := strings.TrimPrefix(r.URL.Path, "/")
	// Only a JSON body's parameters are typed: query and form values are strings by the
	// standard's own rule (a server reads "123" where it expects an integer).
	var params []byte
	if len(bytes.TrimSpace(body)) > 0 && (r.Header.Get("Content-Type") == "" || strings.Contains(r.Header.Get("Content-Type"), "json")) {
		params = body
	}
	p.judgeExchange(called, params, exchange{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: answer},
		curlCommand(r.Method, target.String(), request{contentType: r.Header.Get("Content-Type"), body: body}, ""))
}

// relayWS relays a WebSocket connection both ways, judging the frames. implDials says which
// end is the implementation: the accepted one (reverse side) or the dialled one (bot side).
func (p *Proxy) relayWS(w http.ResponseWriter, r *http.Request, target string, implDials bool) {
	header := http.Header{}
	for _, k := range []string{"Authorization", "X-Self-ID", "X-Client-Role", "User-Agent"} {
		if v := r.Header.Get(k); v != "" {
			header.Set(k, v)
		}
	}
	ctx := r.Context()
	far, resp, err := websocket.Dial(ctx, target, &websocket.DialOptions{HTTPHeader: header})
	if err != nil {
		status := http.StatusBadGateway
		if resp != nil && resp.StatusCode >= 400 {
			status = resp.StatusCode // the far end's refusal (401, 403...) as the near end sees it
		}
		http.Error(w, "the far end refused the WebSocket: "+err.Error(), status)
		return
	}
	near, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		far.CloseNow()
		return
	}
	near.SetReadLimit(p.cfg.MaxBody)
	far.SetReadLimit(p.cfg.MaxBody)
	impl, bot := far, near
	if implDials {
		impl, bot = near, far
	}
	pending := newEchoes()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{}, 2)
	// A call is remembered before it is relayed (its answer may come back before the relay's
	// write returns); answers and events are judged after, so that judging never delays them.
	pump := func(from, to *websocket.Conn, before, after func([]byte)) {
		defer func() { done <- struct{}{} }()
		for {
			typ, data, err := from.Read(ctx)
			if err != nil {
				var ce websocket.CloseError
				if errors.As(err, &ce) {
					to.Close(ce.Code, ce.Reason)
				} else {
					to.CloseNow()
				}
				return
			}
			text := typ == websocket.MessageText
			if text && before != nil {
				before(data)
			}
			if err := to.Write(ctx, typ, data); err != nil {
				from.CloseNow()
				return
			}
			if text && after != nil {
				after(data)
			}
		}
	}
	go pump(bot, impl, pending.called, nil)
	go pump(impl, bot, nil, func(frame []byte) {
		var m map[string]any
		if json.Unmarshal(frame, &m) != nil {
			p.record("transport/ws-frame", "", "", "", frame, problems{{level: Required, ref: refWSAPI,
				reason: "a frame from the implementation is not a JSON object", cause: "a frame is not a JSON object"}})
			return
		}
		if _, isEvent := m[fieldPostType]; isEvent {
			p.judgeEvent(frame, "WebSocket "+target, nil)
			return
		}
		call, ok := pending.answered(m)
		if !ok {
			return // an answer to nothing the bot sent through here
		}
		p.judgeExchange(call.action, call.params, exchange{status: http.StatusOK, contentType: mediaJSON, body: frame, wsEcho: call.echo}, string(call.frame))
	})
	<-done
	cancel()
	impl.CloseNow()
	bot.CloseNow()
	<-done
}

// wsCall is a call frame waiting for its answer.
type wsCall struct {
	action string
	params []byte
	echo   json.RawMessage
	frame  []byte
}

// echoes pairs answers with calls by echo (a call without one is paired in order).
type echoes struct {
	mu     sync.Mutex
	byEcho map[string]wsCall
	plain  []wsCall
}

func newEchoes() *echoes { return &echoes{byEcho: map[string]wsCall{}} }

// maxPending bounds the calls remembered per connection (a bot that never reads its answers
// cannot grow the proxy's memory).
const maxPending = 4096

func (e *echoes) called(frame []byte) {
	var c struct {
		Action string          `json:"action"`
		Params json.RawMessage `json:"params"`
		Echo   json.RawMessage `json:"echo"`
	}
	if json.Unmarshal(frame, &c) != nil || c.Action == "" {
		return
	}
	call := wsCall{action: c.Action, params: c.Params, echo: c.Echo, frame: truncateBytes(frame, 4096)}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(c.Echo) == 0 {
		if len(e.plain) < maxPending {
			e.plain = append(e.plain, call)
		}
		return
	}
	if len(e.byEcho) < maxPending {
		e.byEcho[string(c.Echo)] = call
	}
}

func (e *echoes) answered(m map[string]any) (wsCall, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if echo, ok := m[fieldEcho]; ok {
		key, _ := json.Marshal(echo)
		if c, ok := e.byEcho[string(key)]; ok {
			delete(e.byEcho, string(key))
			return c, true
		}
		// An echo changed on the way back still answers some call: the first one left.
		for k, c := range e.byEcho {
			delete(e.byEcho, k)
			return c, true
		}
	}
	if len(e.plain) > 0 {
		c := e.plain[0]
		e.plain = e.plain[1:]
		return c, true
	}
	return wsCall{}, false
}

// judgeExchange judges a call (the bot's params) and its answer (the implementation's).
func (p *Proxy) judgeExchange(called string, params []byte, ex exchange, reproduce string) {
	action, _, ok := p.s.cat.names.Resolve(called)
	if !ok {
		// An action the spec does not know: nothing to judge it by, but worth listing.
		p.record("unknown/"+called, called, "", reproduce, ex.body, problems{{level: Recommended,
			reason: fmt.Sprintf("%s is no action of the spec (any family's names included)", called),
			cause:  "an action the spec does not know"}})
		return
	}
	o := p.s.cat.byName[action]
	if o == nil {
		return
	}
	if o.params != nil && len(bytes.TrimSpace(params)) > 0 && string(bytes.TrimSpace(params)) != "null" {
		var v any
		var ps problems
		if err := json.Unmarshal(params, &v); err != nil {
			ps.addAt(Recommended, o.ref, "params", "the bot's parameters are not JSON", "the bot's parameters are not JSON: %v", err)
		} else {
			validateParams(o.params, v, &ps)
		}
		p.record("call/"+action, action, o.nameZh, reproduce, params, ps)
	}
	a, out, done := p.s.judgeAnswer(o, ex)
	ps := a.ps
	if done {
		ps = append(ps, out.ps...)
		if len(out.ps) == 0 && out.reason != "" {
			ps.addAt(Required, refHTTPResponse, "", out.reason, "%s", out.reason)
		}
	}
	p.record("answer/"+action, action, o.nameZh, reproduce, ex.body, ps)
}

// validateParams holds a bot's call to the request schema, at the recommended level: real
// implementations coerce what the standard leaves loose (numbers as strings), so a finding
// here is the bot's to read, never the implementation's fault.
func validateParams(schema *openapi3.Schema, v any, ps *problems) {
	var raw problems
	validateAt(Recommended, "", schema, v, &raw)
	for _, pr := range raw {
		pr.reason = "the bot's call: " + strings.Replace(pr.reason, "the answer", "the parameters", 1)
		pr.cause = "the bot's call: " + pr.cause
		*ps = append(*ps, pr)
	}
}

// proxyEventKind is one event schema of the spec with the values that select it.
type proxyEventKind struct {
	name   string
	schema *openapi3.Schema
	// selects maps a discriminating field (post_type, notice_type...) to the values the
	// schema allows for it.
	selects map[string][]string
}

// selectorFields tell events apart, in the order the standard nests them.
var selectorFields = []string{fieldPostType, "message_type", "notice_type", "request_type", "meta_event_type", "sub_type"}

// proxyEventKinds reads the event schemas of the Event union and what selects each.
func proxyEventKinds(cat *catalogue) []proxyEventKind {
	union := cat.schema("Event")
	if union == nil {
		return nil
	}
	var kinds []proxyEventKind
	for _, ref := range slices.Concat(union.AnyOf, union.OneOf) {
		if ref.Value == nil {
			continue
		}
		k := proxyEventKind{name: strings.TrimPrefix(ref.Ref, "#/components/schemas/"), schema: ref.Value, selects: map[string][]string{}}
		for _, f := range selectorFields {
			prop := property(ref.Value, f)
			if prop == nil {
				continue
			}
			for _, e := range prop.Enum {
				if s, ok := e.(string); ok {
					k.selects[f] = append(k.selects[f], s)
				}
			}
		}
		kinds = append(kinds, k)
	}
	return kinds
}

// kindOf picks the event schema whose selecting values the event has, the most specific first.
func (p *Proxy) kindOf(m map[string]any) *proxyEventKind {
	var best *proxyEventKind
	bestScore := 0
	for i := range p.kinds {
		k := &p.kinds[i]
		score := 0
		fits := true
		for _, f := range selectorFields {
			allowed, constrained := k.selects[f]
			if !constrained {
				continue
			}
			v, _ := m[f].(string)
			if !slices.Contains(allowed, v) {
				fits = false
				break
			}
			score++
		}
		if fits && score > bestScore {
			best, bestScore = k, score
		}
	}
	return best
}

// eventLabel names an event's kind by its selecting fields (notice.group_upload).
func eventLabel(m map[string]any) string {
	var parts []string
	for _, f := range selectorFields[:5] {
		if v, ok := m[f].(string); ok && v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return "unknown"
	}
	return strings.Join(parts, ".")
}

// judgeEvent judges one event frame or post body; header is the post's (nil over WebSocket).
func (p *Proxy) judgeEvent(frame []byte, where string, header http.Header) {
	var v any
	if err := json.Unmarshal(frame, &v); err != nil {
		p.record("event/not-json", "", "", where, frame, problems{{level: Required, ref: refHTTPResponse,
			reason: "an event is not JSON: " + err.Error(), cause: "an event is not JSON"}})
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.record("event/not-object", "", "", where, frame, problems{{level: Required,
			reason: "an event is not a JSON object", cause: "an event is not a JSON object"}})
		return
	}
	label := eventLabel(m)
	var ps problems
	if header != nil && header.Get("X-Self-ID") == "" {
		ps.addAt(Required, refHTTPPost, "X-Self-ID", "an event post lacks X-Self-ID", "the post has no X-Self-ID header (communication/http-post.md)")
	}
	k := p.kindOf(m)
	if k == nil {
		// Implementations add their own events (NapCat's group_msg_emoji_like...) and a bot
		// ignores what it does not know: listed, never a violation.
		ps.addAt(Recommended, "", fieldPostType, "an event kind the spec does not describe",
			"%s is no event kind of the spec; a bot ignores it", label)
		p.record("event/"+label, "", "", where, frame, ps)
		return
	}
	var raw problems
	validateAt(Required, "", k.schema, m, &raw)
	for _, pr := range raw {
		pr.reason = k.name + ": " + strings.Replace(pr.reason, "the answer", "the event", 1)
		pr.cause = k.name + ": " + pr.cause
		ps = append(ps, pr)
	}
	p.record("event/"+label, "", "", where, frame, ps)
}

// record judges ps under the profile and folds the verdict into the check's result.
func (p *Proxy) record(check, action, nameZh, reproduce string, body []byte, ps problems) {
	status, findings, _ := p.s.profile.judge(ps, p.s.cat.familyName)
	p.mu.Lock()
	o := p.results[check]
	if o == nil {
		o = &observed{res: Result{Check: check, Action: action, NameZh: nameZh, Status: Pass}, findings: map[string]bool{}}
		p.results[check] = o
	}
	o.seen++
	worse := false
	if status == Fail || status == Warn {
		o.bad++
		if statusRank(status) > statusRank(o.res.Status) {
			o.res.Status, worse = status, true
		}
		for _, f := range findings {
			key := string(f.Level) + "\x00" + f.Path + "\x00" + f.Cause
			if o.findings[key] {
				continue
			}
			o.findings[key] = true
			o.res.Findings = append(o.res.Findings, f)
			if levelRank(f.Level) > levelRank(o.res.Level) {
				o.res.Level = f.Level
			}
		}
		if o.res.Request == "" {
			o.res.Request, o.res.Response = truncate(reproduce, 4096), truncate(string(body), 8<<10)
		}
	}
	if o.bad == 0 {
		o.res.Reason = fmt.Sprintf("%d observed, none broke a rule", o.seen)
	} else {
		o.res.Reason = fmt.Sprintf("%d of %d observed broke a rule", o.bad, o.seen)
		if len(o.res.Findings) > 0 {
			o.res.Reason += "; first: " + o.res.Findings[0].Message
		}
	}
	res := o.res
	p.mu.Unlock()
	if worse && p.cfg.OnResult != nil {
		p.cfg.OnResult(res)
	}
}

func statusRank(s Status) int {
	switch s {
	case Fail:
		return 2
	case Warn:
		return 1
	}
	return 0
}

// Report is what the proxy has judged so far, one result per check, in check order.
func (p *Proxy) Report() *Report {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := &Report{Target: p.cfg.Upstream, Started: p.started, Profile: p.s.profile, SpecVersion: p.s.cat.version,
		Levels: map[Level]LevelCount{}, Flags: []string{"proxy"}}
	for _, o := range p.results {
		res := o.res
		res.Findings = slices.Clone(res.Findings)
		r.Results = append(r.Results, res)
		if res.Level != "" && (res.Status == Fail || res.Status == Warn) {
			lc := r.Levels[res.Level]
			if res.Status == Fail {
				lc.Fail++
			} else {
				lc.Warn++
			}
			r.Levels[res.Level] = lc
		}
	}
	slices.SortFunc(r.Results, func(a, b Result) int { return strings.Compare(a.Check, b.Check) })
	if len(r.Results) == 0 {
		r.Notes = append(r.Notes, "no traffic observed yet")
	}
	return r
}

// serveReport serves the live report: HTML (reloading itself every 5 seconds) or JSON.
func (p *Proxy) serveReport(w http.ResponseWriter, r *http.Request) {
	rep := p.Report()
	if r.URL.Query().Get("format") == "json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(rep)
		return
	}
	var buf bytes.Buffer
	if err := rep.WriteHTML(&buf); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page := bytes.Replace(buf.Bytes(), []byte("<head>"), []byte(`<head><meta http-equiv="refresh" content="5">`), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page)
}

// hopHeaders are a single connection's own (RFC 9110 §7.6.1): never relayed.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length"}

func copyHeaders(dst, src http.Header) {
	for k, vs := range src {
		if slices.Contains(hopHeaders, http.CanonicalHeaderKey(k)) {
			continue
		}
		dst[k] = slices.Clone(vs)
	}
}

func isWebSocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// readBounded reads at most limit bytes, failing beyond.
func readBounded(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return data, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("a body over %d bytes", limit)
	}
	return data, nil
}

func truncateBytes(b []byte, n int) []byte {
	if len(b) <= n {
		return slices.Clone(b)
	}
	return slices.Clone(b[:n])
}
