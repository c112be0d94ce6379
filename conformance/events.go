package conformance

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// The event checks drive events through the reference server's world control API (its own
// document, openapi/world.yaml): a simulated user messages the bot, privately and in a group,
// and asks to be its friend, and the world makes the notices and requests of notices.go
// happen; each event must then arrive over forward WebSocket (/event), over server-sent events
// (GET /_events) and, when the suite listens for them (Config.PostListen), over HTTP POST,
// valid against the spec's schema for its kind, carrying the bot's self_id and naming what was
// driven (its group, user, operator, message). Whether an event is delivered at all is
// onespec's promise (the control API is onespec's own); an event that arrives must satisfy the
// standard (Required). Each check is a driver (eventDriver): what it asks of the world, and
// which event must follow.

// eventCheckKind prefixes the IDs of the event checks.
const eventCheckKind = "event"

// The event schemas of the spec's components.schemas (openapi/src/components/events.yaml).
const (
	schemaPrivateMessage = "PrivateMessageEvent"
	schemaGroupMessage   = "GroupMessageEvent"
	schemaFriendRequest  = "FriendRequestEvent"
	schemaLifecycle      = "LifecycleMetaEvent"
	schemaHeartbeat      = "HeartbeatMetaEvent"
)

// Links to the standard's event and HTTP POST sections.
const (
	refEventMessage = standardDoc + "event/message.md"
	refEventRequest = standardDoc + "event/request.md"
	refHTTPPost     = standardDoc + "communication/http-post.md"
	refPostSign     = standardDoc + "communication/http-post.md#签名"
	refQuickOp      = standardDoc + "communication/http-post.md#快速操作"
)

// Event fields the event checks match on (event/message.md, event/request.md).
const (
	fieldMessageType = "message_type"
	fieldRequestType = "request_type"
	fieldMessageID   = "message_id"
	fieldUserID      = "user_id"
	fieldGroupID     = "group_id"
	fieldRawMessage  = "raw_message"
	fieldFlag        = "flag"
	fieldComment     = "comment"
	postTypeMessage  = "message"
	postTypeRequest  = "request"
)

// Where the events travel, as the findings name them.
const (
	sourceWS   = "forward WebSocket"
	sourceSSE  = "event stream"
	sourcePost = "HTTP POST"
)

// The reference server's paths for the world control API and the event stream (README).
const (
	worldPath  = "/_world"
	eventsPath = "/_events"
	// headerSelfID and headerSignature are the headers an HTTP POST report carries
	// (communication/http-post.md): the bot, and with a secret the body's HMAC-SHA1.
	headerSelfID    = "X-Self-ID"
	headerSignature = "X-Signature"
	signaturePrefix = "sha1="
)

// eventWait bounds the wait for a driven event on each transport, and for the bot's quick
// reply to show in the world.
const eventWait = 5 * time.Second

// eventSource is one transport the events are read from.
type eventSource struct {
	name string
	at   string // where, for a report
	q    *frameQueue
}

// eventRig is what the event checks share: the control API, and the transports listened on
// from before the first event was driven. skip says why the checks cannot run.
type eventRig struct {
	skip     string
	world    string
	accounts control.WorldAccountList
	sources  []eventSource
	// fixture is the notices' ground (notices.go), made by the first notice check.
	fixture *fixture
	// undo are the steps that take back what the checks made in the world (accounts,
	// groups), run last first when the run ends.
	undo []undoStep
}

// undoStep takes back one thing an event check made in the world.
type undoStep struct {
	action string
	params any
}

// postSink is the suite's listener for the target's HTTP POST reports: every POST is a frame,
// answered with a quick operation when one is armed for it, else 204.
type postSink struct {
	addr string
	srv  *http.Server
	q    frameQueue

	mu    sync.Mutex
	armed []quickAnswer
}

type quickAnswer struct {
	match  func(map[string]any) bool
	answer []byte
}

// startPostSink listens on cfg.PostListener or cfg.PostListen.
func startPostSink(cfg Config) (*postSink, error) {
	ln := cfg.PostListener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", cfg.PostListen); err != nil {
			return nil, fmt.Errorf("listening for HTTP POST reports on %s: %w", cfg.PostListen, err)
		}
	}
	p := &postSink{addr: ln.Addr().String(), q: newFrameQueue()}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

func (p *postSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "reading the body", http.StatusBadRequest)
		return
	}
	p.q.push(wsFrame{data: body, at: time.Now(), header: r.Header.Clone()})
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		p.mu.Lock()
		for i, a := range p.armed {
			if a.match(m) {
				p.armed = append(p.armed[:i], p.armed[i+1:]...)
				p.mu.Unlock()
				w.Header().Set("Content-Type", mediaJSON)
				_, _ = w.Write(a.answer)
				return
			}
		}
		p.mu.Unlock()
	}
	w.WriteHeader(http.StatusNoContent)
}

// arm answers the first report that matches with answer.
func (p *postSink) arm(match func(map[string]any) bool, answer []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.armed = append(p.armed, quickAnswer{match: match, answer: answer})
}

func (p *postSink) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = p.srv.Shutdown(ctx)
	p.q.end(errors.New("the run ended"))
}

// httpBase is the target's HTTP root: BaseURL, or the WebSocket root turned http(s)://.
func (s *suite) httpBase() string {
	if s.base != "" {
		return s.base
	}
	return "http" + strings.TrimPrefix(s.wsBase, "ws")
}

// eventWSBase is the forward WebSocket root the events are read from: WSURL, or the HTTP root
// turned ws(s)://.
func (s *suite) eventWSBase() string {
	if s.wsBase != "" {
		return s.wsBase
	}
	return "ws" + strings.TrimPrefix(s.base, "http")
}

// worldURL is the control API's root: Config.WorldURL, else <target>/_world when mutations are
// allowed.
func (s *suite) worldURL() string {
	if s.cfg.WorldURL != "" {
		return strings.TrimRight(s.cfg.WorldURL, "/")
	}
	if s.cfg.AllowMutations {
		return s.httpBase() + worldPath
	}
	return ""
}

// eventChecks drive events through the world control API and judge them on every transport:
// the messages and the friend request here, the notices and group requests of noticeDrivers,
// the quick reply and the POST signature.
func (s *suite) eventChecks() []check {
	checks := []check{
		s.drivenCheck("private-message", s.drivePrivateMessage),
		s.drivenCheck("group-message", s.driveGroupMessage),
		s.drivenCheck("friend-request", s.driveFriendRequest),
	}
	for _, d := range s.noticeDrivers() {
		checks = append(checks, s.drivenCheck(d.name, d.drive))
	}
	return append(checks,
		s.aiCharactersCheck(),
		s.albumCheck(),
		s.customFaceCheck(),
		s.essenceCheck(),
		s.eventFilterCheck(),
		s.flashCheck(),
		s.flashShareCheck(),
		s.forwardCheck(),
		s.friendCategoryCheck(),
		s.friendRemarkCheck(),
		s.groupFileCheck(),
		s.guildCheck(),
		s.ocrCheck(),
		s.historyCheck(),
		s.likeCountCheck(),
		s.modelShowCheck(),
		s.noticeCheck(),
		s.onlineFileCheck(),
		s.optionsCheck(),
		s.pokeCheck(),
		s.profileCheck(),
		s.reactionCheck(),
		s.readMarkCheck(),
		s.signCheck(),
		s.streamUploadCheck(),
		s.systemMsgCheck(),
		s.translationCheck(),
		s.wordSlicesCheck(),
		s.eventCheck("quick-reply", s.checkQuickReply),
		s.eventCheck("post-signature", s.checkPostSignature),
	)
}

// eventCheck is an event check: it runs once the rig is set up, and SKIPs when it cannot be.
func (s *suite) eventCheck(name string, run func(ctx context.Context, rig *eventRig) outcome) check {
	return check{id: eventCheckKind + "/" + name, run: func(ctx context.Context) outcome {
		rig := s.eventSetup(ctx)
		if rig.skip != "" {
			return skipf("%s", rig.skip)
		}
		return run(ctx, rig)
	}}
}

// roundTripCheck is the stateful event check of one feature, whose steps are the actions it
// calls, in order: it is named by the first step, its Chinese name is the steps' joined by
// " → " (as the target's catalogue names them), and run gets the steps' operations in the same
// order. Like every event check it runs only with --allow-mutations (eventSetup skips it).
func (s *suite) roundTripCheck(name string, steps []string, run func(ctx context.Context, rig *eventRig, ops []*op) outcome) check {
	c := s.eventCheck(name, func(ctx context.Context, rig *eventRig) outcome {
		ops := make([]*op, len(steps))
		for i, step := range steps {
			ops[i] = s.opOf(step)
		}
		return run(ctx, rig, ops)
	})
	c.action = steps[0]
	if s.cat != nil {
		names := make([]string, len(steps))
		for i, step := range steps {
			names[i] = s.opOf(step).nameZh
		}
		c.action, c.nameZh = s.opOf(steps[0]).name, strings.Join(names, " → ")
	}
	return c
}

// eventDriver makes the world act and returns the event that must follow. It fails with a
// *worldCallError when the control API fails, and with a *skipError when it has nothing to
// act on.
type eventDriver func(ctx context.Context, rig *eventRig) (expectedEvent, error)

// drivenCheck is the event check of a driver: drive, then wait for the event on every source.
func (s *suite) drivenCheck(name string, drive eventDriver) check {
	return s.eventCheck(name, func(ctx context.Context, rig *eventRig) outcome {
		return s.driveAndAwait(ctx, rig, rig.sources, drive)
	})
}

// driveAndAwait runs drive and judges its event on sources.
func (s *suite) driveAndAwait(ctx context.Context, rig *eventRig, sources []eventSource, drive eventDriver) outcome {
	driven := time.Now()
	want, err := drive(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	if want.driven.IsZero() {
		want.driven = driven
	}
	var ps problems
	notes, _ := s.awaitEvent(ctx, sources, want, &ps)
	if want.undo != nil {
		if err := want.undo(ctx); err != nil {
			notes = append(notes, fmt.Sprintf("could not take back what the check did: %v", err))
		}
	}
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}

// skipError is a driver with nothing to act on: the check SKIPs, saying why.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

// worldCallError is a control API operation that failed.
type worldCallError struct {
	action string
	err    error
}

func (e *worldCallError) Error() string { return e.action + ": " + e.err.Error() }

func (e *worldCallError) Unwrap() error { return e.err }

// stopOutcome is the outcome of a driver that could not drive.
func stopOutcome(err error) outcome {
	var skip *skipError
	if errors.As(err, &skip) {
		return skipf("%s", skip.reason)
	}
	var werr *worldCallError
	if errors.As(err, &werr) {
		return worldFailed(werr.action, werr.err)
	}
	return failCause(Onespec, "", "", "the world control API failed", "driving the event failed: %v", err)
}

// act calls a control API operation like worldCall, naming the operation in its error.
func (s *suite) act(ctx context.Context, rig *eventRig, action string, params, into any) error {
	if err := s.worldCall(ctx, rig, action, params, into); err != nil {
		return &worldCallError{action: action, err: err}
	}
	return nil
}

// eventSetup probes the control API and opens the event transports, once per run.
func (s *suite) eventSetup(ctx context.Context) *eventRig {
	if s.rig != nil {
		return s.rig
	}
	rig := &eventRig{}
	s.rig = rig
	if !s.cfg.AllowMutations {
		rig.skip = "the event checks make simulated users message the bot through the world control API; run with --allow-mutations (Config.AllowMutations)"
		return rig
	}
	if s.self == 0 {
		rig.skip = "discovery did not find the bot's own id (get_login_info), which every event must carry as self_id"
		return rig
	}
	rig.world = s.worldURL()
	if err := s.worldCall(ctx, rig, control.ActionListAccounts, control.ListAccountsParams{}, &rig.accounts); err != nil {
		hint := "give its root with --world-url (Config.WorldURL)"
		var werr *worldError
		if errors.As(err, &werr) && (werr.status == http.StatusUnauthorized || werr.status == http.StatusForbidden) {
			hint = "give its token with --world-token (Config.WorldToken), or its root with --world-url (Config.WorldURL)"
		}
		rig.skip = fmt.Sprintf("no world control API at %s (%s: %v): the event checks drive events through onespec's control API; %s (on another implementation, --peer judges its events through a second account)", rig.world, control.ActionListAccounts, err, hint)
		return rig
	}
	// Listen on every transport before the first event is driven.
	rig.sources = s.eventSources(ctx, true)
	return rig
}

// eventSources opens the transports the target's events are read from: its forward WebSocket
// /event (waiting for the connect event, which says the target now sends this connection its
// events: the handshake may finish before it subscribes), onespec's event stream when stream is
// set, and the suite's HTTP POST listener when there is one.
func (s *suite) eventSources(ctx context.Context, stream bool) []eventSource {
	var sources []eventSource
	at := s.eventWSBase() + wsPathEvent
	if w, _, err := s.dialWSAt(ctx, s.eventWSBase(), wsPathEvent, wsAuthToken); err != nil {
		sources = append(sources, eventSource{name: sourceWS, at: at, q: failedQueue(fmt.Errorf("cannot open %s: %w", wsPathEvent, err))})
	} else {
		deadline := time.Now().Add(wsPromptWait)
		for {
			f, err := w.next(ctx, deadline)
			var m map[string]any
			if err != nil || json.Unmarshal(f.data, &m) == nil && m[fieldMetaEventType] == metaLifecycle {
				break
			}
		}
		sources = append(sources, eventSource{name: sourceWS, at: at, q: &w.frameQueue})
	}
	if stream {
		sources = append(sources, eventSource{name: sourceSSE, at: s.httpBase() + eventsPath, q: s.openEventStream(ctx)})
	}
	if s.post != nil {
		sources = append(sources, eventSource{name: sourcePost, at: "http://" + s.post.addr, q: &s.post.q})
	}
	return sources
}

// failedQueue is a source that could not be opened: reading it says why.
func failedQueue(err error) *frameQueue {
	q := newFrameQueue()
	q.end(err)
	return &q
}

// openEventStream reads GET /_events, one frame per event (its data lines).
func (s *suite) openEventStream(ctx context.Context) *frameQueue {
	u := s.httpBase() + eventsPath
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.closers = append(s.closers, cancel)
	req, err := http.NewRequestWithContext(sctx, http.MethodGet, u, nil)
	if err != nil {
		return failedQueue(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	s.authorize(req, authToken)
	hc := *s.doer.client
	hc.Timeout = 0 // a stream lives until the run ends
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := hc.Do(req)
		done <- result{resp, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(s.doer.timeout):
		cancel()
		return failedQueue(fmt.Errorf("GET %s: no answer within %s", eventsPath, s.doer.timeout))
	}
	if res.err != nil {
		return failedQueue(fmt.Errorf("GET %s: %w", eventsPath, res.err))
	}
	if res.resp.StatusCode != http.StatusOK {
		_ = res.resp.Body.Close()
		return failedQueue(fmt.Errorf("GET %s answered HTTP %d", eventsPath, res.resp.StatusCode))
	}
	q := newFrameQueue()
	s.closers = append(s.closers, func() { _ = res.resp.Body.Close() })
	go func() {
		r := bufio.NewReaderSize(res.resp.Body, 64<<10)
		var data []byte
		for {
			line, err := r.ReadBytes('\n')
			if err != nil {
				q.end(err)
				return
			}
			line = bytes.TrimRight(line, "\r\n")
			switch {
			case len(line) == 0:
				if len(data) > 0 {
					q.push(wsFrame{data: data, at: time.Now()})
					data = nil
				}
			case bytes.HasPrefix(line, []byte("data:")):
				v := bytes.TrimPrefix(bytes.TrimPrefix(line, []byte("data:")), []byte(" "))
				if len(data) > 0 {
					data = append(data, '\n')
				}
				data = append(data, v...)
			}
		}
	}()
	return &q
}

// worldError is a control API call that did not answer ok.
type worldError struct {
	status int
	msg    string
}

func (e *worldError) Error() string { return e.msg }

// worldCall calls a control API operation and reads its data into into.
func (s *suite) worldCall(ctx context.Context, rig *eventRig, action string, params, into any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("conformance suite bug: encoding the parameters: %w", err)
	}
	u := rig.world + "/" + action
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mediaJSON)
	cmd := "curl -X POST " + shellQuote(u) + " -H 'Content-Type: application/json'"
	if s.cfg.WorldToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.cfg.WorldToken)
		cmd += ` -H "Authorization: Bearer $ONESPEC_WORLD_TOKEN"`
	} else if s.cfg.AccessToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.cfg.AccessToken)
		cmd += ` -H "Authorization: Bearer $ONESPEC_ACCESS_TOKEN"`
	}
	s.last = &record{curl: cmd + " --data-raw " + shellQuote(truncate(string(body), 4<<10))}
	ex := s.roundTrip(ctx, req, body)
	if ex.err != nil {
		s.last.response = "no answer: " + ex.err.Error()
		return ex.err
	}
	s.last.response = fmt.Sprintf("HTTP %d\n%s", ex.status, truncate(strings.ToValidUTF8(string(ex.body), "\uFFFD"), 8<<10))
	if ex.status != http.StatusOK {
		return &worldError{status: ex.status, msg: fmt.Sprintf("HTTP %d: %s", ex.status, snippet(ex.body))}
	}
	var env struct {
		Status  string          `json:"status"`
		Retcode int             `json:"retcode"`
		Data    json.RawMessage `json:"data"`
		Message string          `json:"message"`
	}
	if err := json.Unmarshal(ex.body, &env); err != nil {
		return &worldError{status: ex.status, msg: fmt.Sprintf("the answer is no envelope: %s", snippet(ex.body))}
	}
	if env.Status != statusOK {
		return &worldError{status: ex.status, msg: fmt.Sprintf("answered %s retcode %d (%q)", env.Status, env.Retcode, truncate(env.Message, 120))}
	}
	if into != nil {
		if err := json.Unmarshal(env.Data, into); err != nil {
			return &worldError{status: ex.status, msg: fmt.Sprintf("data could not be read: %s", snippet(env.Data))}
		}
	}
	return nil
}

// worldFailed is a control API call that failed: onespec's own promise broken.
func worldFailed(action string, err error) outcome {
	return failCause(Onespec, "", "", "the world control API failed", "the world control API's %s failed: %v", action, err)
}

// expectedEvent says which event a check waits for and how it is judged.
type expectedEvent struct {
	what   string    // for a report: "the private message 1003"
	driven time.Time // when the control API was asked to make it happen (zero: when drive began)
	schema string    // the components.schemas entry it must match
	ref    string
	// key picks the event out of the stream: every field of it must have its value (match, when
	// set, instead).
	key   eventFields
	match func(map[string]any) bool
	// want are further fields that must say what was driven (Required, at ref): present with
	// another value is a problem, and so is absent even where the schema lets the field be
	// absent for another kind of the same event (a poke's group_id, absent from a private poke,
	// names the group a group poke was driven in).
	want eventFields
	// world are fields whose value is the world's own choice (a request's flag, a file's id):
	// another value breaks onespec's promise, not the standard.
	world eventFields
	// also judges the event beyond its schema and fields, adding problems.
	also func(src string, m map[string]any, ps *problems)
	// undo, when set, takes back what the driving did once the event was judged.
	undo func(ctx context.Context) error
}

// eventFields are event fields and the values they must have: an int64 (an id, a duration) or
// a string. A dotted name reaches into an object ("file.name").
type eventFields map[string]any

// lookup reads a dotted field of an event.
func lookup(m map[string]any, name string) (any, bool) {
	var v any = m
	for _, part := range strings.Split(name, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[part]; !ok {
			return nil, false
		}
	}
	return v, true
}

// sameValue reports whether a decoded JSON value is want (an int64 or a string).
func sameValue(got, want any) bool {
	switch w := want.(type) {
	case int64:
		return sameID(got, w)
	case string:
		return got == w
	}
	return false
}

// matches reports whether every field of f has its value in m. An id written as a string
// ("20001") still picks the event out: it was delivered, and judge (with the schema) says it is
// malformed, instead of the suite calling it never delivered.
func (f eventFields) matches(m map[string]any) bool {
	for name, want := range f {
		if got, ok := lookup(m, name); !ok || !looseValue(got, want) {
			return false
		}
	}
	return true
}

// judge adds a problem at level for every field of f present in m with another value, and,
// given the event's schema, for every top-level field absent from m that the schema does not
// already require (the schema reports those).
func (f eventFields) judge(prefix string, level Level, ref, cause, what string, m map[string]any, schema *openapi3.Schema, ps *problems) {
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		want := fmt.Sprint(f[name])
		if str, ok := f[name].(string); ok {
			want = strconv.Quote(str)
		}
		got, ok := lookup(m, name)
		switch {
		case !ok && schema != nil && !strings.Contains(name, ".") && !slices.Contains(schema.Required, name):
			ps.addAt(level, ref, name, "an event leaves out a field its kind has",
				"%s%s is absent, but the standard's section gives this kind of event one, and %s gives %s", prefix, name, what, want)
		case ok && !sameValue(got, f[name]):
			ps.addAt(level, ref, name, cause, "%s%s is %s, but %s gives %s", prefix, name, describeValue(got), what, want)
		}
	}
}

// awaitEvent waits on every source for the event and judges each arrival: an event that never
// arrives is onespec's promise broken; one that arrives is held to the standard's schema, must
// carry the bot's self_id and name what was driven, and over HTTP POST must carry X-Self-ID
// (and, when the suite knows the secret, X-Signature).
func (s *suite) awaitEvent(ctx context.Context, sources []eventSource, want expectedEvent, ps *problems) (notes []string, got map[string]map[string]any) {
	schema := s.cat.schema(want.schema)
	match := want.match
	if match == nil {
		match = want.key.matches
	}
	got = map[string]map[string]any{}
	deadline := time.Now().Add(eventWait)
	for _, src := range sources {
		f, m, err := nextMatching(ctx, src.q, deadline, match)
		if err != nil {
			ps.addAt(Onespec, "", "", "a driven event not delivered on "+src.name,
				"%s never arrived on the %s (%s): %v", want.what, src.name, src.at, err)
			continue
		}
		got[src.name] = m
		before := len(*ps)
		notes = append(notes, fmt.Sprintf("%s after %s", src.name, roundDuration(f.at.Sub(want.driven))))
		prefix := src.name + ": "
		if schema == nil {
			ps.addAt(Required, want.ref, "", "", "conformance suite bug: the spec has no schema %s", want.schema)
		} else {
			var raw problems
			validateAt(Required, want.ref, schema, m, &raw)
			for _, p := range raw {
				// The cause stays the rule's own (self_id is missing): one root cause across
				// every kind of event that breaks it.
				p.reason = prefix + want.schema + ": " + p.reason
				*ps = append(*ps, p)
			}
		}
		s.judgeSelfID(prefix, want.ref, m, ps)
		judgeTime(prefix, m, ps)
		want.want.judge(prefix, Required, want.ref, "an event does not name what was driven", want.what, m, schema, ps)
		want.world.judge(prefix, Onespec, "", "an event's value is not the world's", "the world", m, nil, ps)
		if src.name == sourcePost {
			s.judgePostHeaders(prefix, f, ps)
		}
		if want.also != nil {
			want.also(prefix, m, ps)
		}
		showEvent((*ps)[before:], src.name, f.data)
	}
	return notes, got
}

// judgePostHeaders judges an HTTP POST report's headers (communication/http-post.md): X-Self-ID
// is the bot, and, when the suite knows the secret (Config.PostSecret), X-Signature is
// "sha1=" and the hex HMAC-SHA1 of the body keyed by it.
func (s *suite) judgePostHeaders(prefix string, f wsFrame, ps *problems) {
	if h := f.header.Get(headerSelfID); h != strconv.FormatInt(s.self, 10) {
		ps.addAt(Required, refHTTPPost, "", "HTTP POST without the bot's X-Self-ID",
			"%sthe POST's %s header is %q, want %d (the bot's own id)", prefix, headerSelfID, h, s.self)
	}
	if s.cfg.PostSecret == "" {
		return
	}
	got, want := f.header.Get(headerSignature), postSignature(s.cfg.PostSecret, f.data)
	switch {
	case got == "":
		ps.addAt(Required, refPostSign, "", "HTTP POST without X-Signature though a secret is set",
			"%sthe POST carries no %s header, but the target was given a secret (--post-secret): every report must be signed", prefix, headerSignature)
	case !hmac.Equal([]byte(strings.ToLower(got)), []byte(want)):
		ps.addAt(Required, refPostSign, "", "HTTP POST with a wrong X-Signature",
			"%sthe POST's %s is %q, but the HMAC-SHA1 of its %d-byte body keyed by the secret is %s", prefix, headerSignature, truncate(got, 80), len(f.data), want)
	}
}

// postSignature is the X-Signature of body under secret: "sha1=" and the hex HMAC-SHA1.
func postSignature(secret string, body []byte) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// judgeSelfID: every event's self_id is the bot that receives it (event/README.md).
func (s *suite) judgeSelfID(prefix, ref string, m map[string]any, ps *problems) {
	if id, ok := m[fieldSelfID].(float64); ok && isInteger(id) && s.self != 0 && int64(id) != s.self {
		ps.addAt(Required, ref, fieldSelfID, "an event's self_id is not the bot's",
			"%sself_id %d, but the target is logged in as %d", prefix, int64(id), s.self)
	}
}

// nextMatching reads q until a JSON object frame matches, or deadline.
func nextMatching(ctx context.Context, q *frameQueue, deadline time.Time, match func(map[string]any) bool) (wsFrame, map[string]any, error) {
	for {
		f, err := q.next(ctx, deadline)
		if err != nil {
			if errors.Is(err, errNoFrame) {
				err = fmt.Errorf("nothing within %s", eventWait)
			}
			return wsFrame{}, nil, err
		}
		var m map[string]any
		if json.Unmarshal(f.data, &m) == nil && match(m) {
			return f, m, nil
		}
	}
}

// sameID reports whether a decoded JSON value is the integer id.
func sameID(v any, id int64) bool {
	n, ok := v.(float64)
	return ok && isInteger(n) && int64(n) == id
}

// looseID is sameID that also takes the id written as a JSON string, for finding an event, not
// for judging it.
func looseID(v any, id int64) bool {
	if str, ok := v.(string); ok {
		return str == strconv.FormatInt(id, 10)
	}
	return sameID(v, id)
}

// looseValue is sameValue with looseID for ids.
func looseValue(got, want any) bool {
	if w, ok := want.(int64); ok {
		return looseID(got, w)
	}
	return sameValue(got, want)
}

// messageEvent matches the message event of message id, or, when an implementation left the id
// out (judged by the schema), the message of that type from user whose text has marker.
func messageEvent(messageType string, id *int64, user int64, marker string) func(map[string]any) bool {
	return func(m map[string]any) bool {
		if m[fieldPostType] != postTypeMessage || m[fieldMessageType] != messageType {
			return false
		}
		if *id != 0 && looseID(m[fieldMessageID], *id) {
			return true
		}
		raw, _ := m[fieldRawMessage].(string)
		return looseID(m[fieldUserID], user) && (strings.Contains(raw, marker) || strings.Contains(fmt.Sprint(m[fieldMessage]), marker))
	}
}

// marker is a text no earlier message of the world has, so that the driven event is told apart.
func (s *suite) marker(what string) string {
	return fmt.Sprintf("onespec %s %s-%s", what, s.runID, randomHex(3))
}

// drivePrivateMessage: a friend of the bot sends it a private message (send_message); the
// private message event arrives on every transport.
func (s *suite) drivePrivateMessage(ctx context.Context, rig *eventRig) (expectedEvent, error) {
	user := s.targets.user
	if user == 0 {
		return expectedEvent{}, &skipError{"no friend of the bot found (get_friend_list) to send it a message; give one with --user"}
	}
	return s.sendAndExpect(ctx, rig, user, 0, "private")
}

// driveGroupMessage: a member of the group speaks there; the group message event arrives on
// every transport with the group's id.
func (s *suite) driveGroupMessage(ctx context.Context, rig *eventRig) (expectedEvent, error) {
	user, group := s.targets.member, s.targets.group
	if group == 0 || user == 0 {
		return expectedEvent{}, &skipError{"no group with a member other than the bot found; give them with --group and --user"}
	}
	return s.sendAndExpect(ctx, rig, user, group, "group")
}

// sendAndExpect makes user send a marked text to the bot (group 0) or in group, and returns
// the message event that must follow: found by its message id, or, when an implementation
// left the id out (judged by the schema), by the sender and the marker.
func (s *suite) sendAndExpect(ctx context.Context, rig *eventRig, user, group int64, what string) (expectedEvent, error) {
	text := s.marker(what)
	params := map[string]any{"user_id": user, "message": text}
	want := expectedEvent{schema: schemaPrivateMessage, ref: refEventMessage, want: eventFields{fieldUserID: user}}
	messageType := string(gen.PrivateMessageEventMessageTypePrivate)
	if group != 0 {
		params["group_id"] = group
		messageType = string(gen.GroupMessageEventMessageTypeGroup)
		want.schema, want.want[fieldGroupID] = schemaGroupMessage, group
	} else {
		params["target_id"] = s.self
	}
	var id int64
	want.match = messageEvent(messageType, &id, user, text)
	var sent control.WorldMessageID
	want.driven = time.Now()
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &sent); err != nil {
		return want, err
	}
	id = int64(sent.MessageID)
	want.what = fmt.Sprintf("the %s message %d from %d", what, id, user)
	if group != 0 {
		want.what += fmt.Sprintf(" in %d", group)
	}
	return want, nil
}

// driveFriendRequest: a new simulated user asks to be the bot's friend; the friend request
// event arrives with the flag the world gave the request. The account is deleted when the
// run ends.
func (s *suite) driveFriendRequest(ctx context.Context, rig *eventRig) (expectedEvent, error) {
	user, err := s.newAccount(ctx, rig, "friend request")
	if err != nil {
		return expectedEvent{}, err
	}
	comment := s.marker("friend request")
	var flag control.WorldFlag
	if err := s.act(ctx, rig, control.ActionSendFriendRequest, control.SendFriendRequestParams{UserID: user, TargetID: s.self, Comment: &comment}, &flag); err != nil {
		return expectedEvent{}, err
	}
	return expectedEvent{what: fmt.Sprintf("the friend request of %d", user), schema: schemaFriendRequest, ref: refEventRequest,
		key:   eventFields{fieldPostType: postTypeRequest, fieldRequestType: string(gen.FriendRequestEventRequestTypeFriend), fieldUserID: user},
		want:  eventFields{fieldComment: comment},
		world: eventFields{fieldFlag: flag.Flag}}, nil
}

// checkQuickReply: the suite answers the HTTP POST of a private message with a quick operation
// {reply} (communication/http-post.md); the reply must land in the world, read back with the
// control API's wait_sent. Only when the suite listens for the reports (Config.PostListen).
func (s *suite) checkQuickReply(ctx context.Context, rig *eventRig) outcome {
	if s.post == nil {
		return skipf("the suite is not listening for HTTP POST reports; run with --post-listen ADDR (Config.PostListen) against a target started with --post-url http://ADDR/")
	}
	user := s.targets.user
	if user == 0 {
		return skipf("no friend of the bot found (get_friend_list) to send it a message; give one with --user")
	}
	text := s.marker("quick")
	reply := s.marker("quick reply")
	var id int64
	match := messageEvent("private", &id, user, text)
	answer, _ := json.Marshal(map[string]any{"reply": reply, "auto_escape": true})
	s.post.arm(func(m map[string]any) bool {
		raw, _ := m[fieldRawMessage].(string)
		return m[fieldPostType] == postTypeMessage && strings.Contains(raw+fmt.Sprint(m[fieldMessage]), text)
	}, answer)
	var sent control.WorldMessageID
	if err := s.worldCall(ctx, rig, control.ActionSendMessage, map[string]any{"user_id": user, "target_id": s.self, "message": text}, &sent); err != nil {
		return worldFailed(control.ActionSendMessage, err)
	}
	id = int64(sent.MessageID)
	if _, _, err := nextMatching(ctx, &s.post.q, time.Now().Add(eventWait), match); err != nil {
		return failCause(Onespec, "", "", "a driven event not delivered on "+sourcePost,
			"the private message %d was never POSTed to %s, so no quick operation could answer it: %v", id, s.post.addr, err)
	}
	timeout := int32(eventWait / time.Millisecond)
	var list control.SentMessageList
	if err := s.worldCall(ctx, rig, control.ActionWaitSent, control.WaitSentParams{SelfID: s.self, AfterID: sent.MessageID, UserID: &user, Timeout: &timeout}, &list); err != nil {
		return worldFailed(control.ActionWaitSent, err)
	}
	for _, m := range list {
		if strings.Contains(m.RawMessage, reply) {
			return pass(fmt.Sprintf("the quick reply to message %d landed as message %d", id, m.MessageID))
		}
	}
	return failCause(Onespec, refQuickOp, "", "a quick operation reply not applied",
		"the HTTP POST of message %d was answered %s, but the bot sent no such reply to %d within %s (%s: %d other messages)",
		id, string(answer), user, eventWait, control.ActionWaitSent, len(list))
}

// checkPostSignature: with the secret the target signs its HTTP POST reports with
// (Config.PostSecret), a friend's private message is POSTed with X-Signature the HMAC-SHA1 of
// its body (communication/http-post.md «签名»); every event check judges its POST's signature
// the same way. Without the secret the signature cannot be checked: SKIP, naming the flag.
func (s *suite) checkPostSignature(ctx context.Context, rig *eventRig) outcome {
	if s.post == nil {
		return skipf("the suite is not listening for HTTP POST reports, so X-Signature was not checked; run with --post-listen ADDR (Config.PostListen) and --post-secret SECRET (Config.PostSecret) against a target started with --post-url http://ADDR/ --post-secret SECRET")
	}
	if s.cfg.PostSecret == "" {
		return skipf("X-Signature was not checked: the suite does not know the target's secret; give it with --post-secret (Config.PostSecret)")
	}
	var post []eventSource
	for _, src := range rig.sources {
		if src.name == sourcePost {
			post = append(post, src)
		}
	}
	o := s.driveAndAwait(ctx, rig, post, func(ctx context.Context, rig *eventRig) (expectedEvent, error) {
		fx, err := s.noticeFixture(ctx, rig)
		if err != nil {
			return expectedEvent{}, err
		}
		return s.sendAndExpect(ctx, rig, fx.owner, 0, "signed")
	})
	if o.status == "" && len(o.ps) == 0 {
		o.reason = "the POST carried the right " + headerSignature + " (" + o.reason + ")"
	}
	return o
}
