// Package conformance judges any OneBot v11 HTTP endpoint or forward WebSocket server by the
// onespec spec.
//
// Run calls the target the way a bot framework would and compares every answer with the
// bundled OpenAPI document (openapi.YAML, read through kin-openapi): the envelope and data
// against each operation's 200 schema (every violation, in words), status/retcode pairing, the
// HTTP transport rules of the standard, and, when allowed, stateful scenarios that check an
// action really did what it says. Everything the suite knows about actions (names, parameters,
// retcodes, effects, each implementation family's documented differences) comes from the spec,
// so a new action in the spec is checked without touching this package.
//
// Every problem has a level: Required (the standard says so; links to its section),
// Recommended (a convention nearly everyone follows), Onespec (the reference server's own
// promises: x-onespec-required, x-onebot-retcodes, JSON bodies on HTTP errors) or Deviation
// (departs from what x-onebot-families documents for the profile's family). A Profile turns
// the problems into a verdict: onebot11 fails Required only, onespec fails everything, and a
// family profile (gocq, napcat, llonebot, lagrange, icqq, the root's x-onebot-families) also
// expects that family's documented behaviour and fails deviations from it.
//
// Checks are identified by IDs of the form "<kind>/<name>":
//
//	discovery/<action>   the calls that find the ids the other checks use
//	transport/<name>     HTTP transport rules (get-query, form-urlencoded, json-strings,
//	                     json-charset, trailing-slash, null-body, echo, async-suffix, rate-limited-suffix,
//	                     invalid-param, unknown-action, malformed-json,
//	                     unsupported-content-type, method-not-allowed, no-token, wrong-token,
//	                     token-in-query); over WebSocket (Config.WSURL) instead the
//	                     WebSocket rules (ws-connect-event, ws-echo, ws-unknown-action,
//	                     ws-echo-on-failure, ws-invalid-param, ws-malformed-frame,
//	                     ws-universal-calls, ws-trailing-slash, ws-api-no-events,
//	                     ws-event-no-calls, ws-no-token, ws-wrong-token,
//	                     ws-token-in-query, ws-heartbeat)
//	action/<action>      one call of every operation with its spec example
//	scenario/<name>      stateful round trips (message-roundtrip, group-card, group-name)
//	event/<name>         events driven through onespec's world control API (Config.WorldURL)
//	                     and judged on forward WebSocket, the event stream and HTTP POST
//	                     (private-message, group-message, friend-request, group-recall,
//	                     friend-recall, group-ban, group-increase, group-decrease,
//	                     group-admin, poke, group-upload, friend-add, group-request,
//	                     group-invite, quick-reply, post-signature)
package conformance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Config says which endpoint to judge and how far the suite may go.
type Config struct {
	// BaseURL is the endpoint's root, e.g. http://127.0.0.1:5700; actions are BaseURL/<action>.
	// A run judges one transport: set BaseURL (HTTP) or WSURL (forward WebSocket), not both.
	BaseURL string
	// WSURL is a forward WebSocket server's root, e.g. ws://127.0.0.1:6700: the suite opens
	// WSURL/api, WSURL/event and WSURL/ (communication/ws.md). Every action check, discovery
	// and scenario then travels as frames {action, params, echo} on /api, and the WebSocket
	// transport checks (transport/ws-*) take the place of the HTTP ones.
	WSURL string
	// HeartbeatWait is how long the WebSocket heartbeat check waits, from connecting to /event,
	// for a first heartbeat before it SKIPs (heartbeats are optional); 0 means
	// DefaultHeartbeatWait, a negative value does not wait at all.
	HeartbeatWait time.Duration
	// AccessToken is sent as "Authorization: Bearer <token>". When set, the suite also checks
	// that a request without it gets 401 and one with a wrong token gets 403.
	AccessToken string
	// AllowMutations runs the actions whose x-onebot-effect is write (they send messages, kick,
	// mute, rename...) and the stateful scenarios. On a real account, point GroupID and UserID
	// at a group and an account you control: the write actions' examples act on them.
	AllowMutations bool
	// AllowDisruptive also runs the x-onebot-effect: disruptive actions (leave or dismiss the
	// group, restart the implementation), after everything else. It requires AllowMutations.
	AllowDisruptive bool
	// GroupID and UserID are the targets of a mutating run (used only with AllowMutations).
	// Zero means discovered: the first group of get_group_list, and a member of that group
	// other than the bot.
	GroupID, UserID int64
	// HTTPClient sends every request (and, over WebSocket, every handshake); nil means a client
	// with a 10 s timeout, which also bounds the wait for each WebSocket reply. Each request is
	// also bounded by HTTPClient.Timeout (10 s when it has none), so that a target that never
	// answers cannot stall the run.
	HTTPClient *http.Client
	// OnResult, when not nil, is called with each result as soon as it is known, from the
	// goroutine that called Run.
	OnResult func(Result)
	// Only, when not nil, keeps the checks whose ID it matches (e.g. "get_msg|transport/").
	// Discovery always runs: the other checks need its ids.
	Only *regexp.Regexp
	// Profile names what is judged (Profiles lists them): "onebot11" (the default) fails only
	// what the standard requires; "onespec" holds the target to everything the reference server
	// promises; a family ("gocq", "napcat", "llonebot", "lagrange", "icqq") expects that
	// family's documented behaviour (x-onebot-families) and fails anything else.
	Profile string
	// WorldURL is the root of the target's world control API (onespec's own, openapi/world.yaml),
	// e.g. http://127.0.0.1:5700/_world; empty means <target>/_world when AllowMutations is set.
	// Through it the event checks (event/*) make simulated users message the bot and ask to be
	// its friend, then judge the events on forward WebSocket (/event), the event stream
	// (GET /_events) and, with PostListen, HTTP POST. A target without one SKIPs them.
	WorldURL string
	// WorldToken is the control API's own token (onespec serve --world-token), sent as
	// "Authorization: Bearer <token>"; empty, AccessToken is sent (onespec's control API takes
	// the OneBot token when it has none of its own).
	WorldToken string
	// PostListen is a loopback address (e.g. 127.0.0.1:8080) the suite listens on for the
	// target's HTTP POST event reports during the run: start the target with --post-url
	// http://<PostListen>/. The event checks then judge the POSTed events too, and
	// event/quick-reply answers one with a quick operation {reply} and reads the reply back
	// from the world. Empty: HTTP POST is not judged.
	PostListen string
	// PostListener, when not nil, is listened on instead of PostListen (a test that must know
	// the port before it starts the target).
	PostListener net.Listener
	// PostSecret is the secret the target signs its HTTP POST reports with (onespec serve
	// --post-secret; the standard's secret). With it, every POSTed event must carry
	// X-Signature: sha1=<hex HMAC-SHA1(secret, body)> (communication/http-post.md), and
	// event/post-signature checks it; without it, that check SKIPs: the signature is not
	// checked.
	PostSecret string
	// PeerURL is the OneBot HTTP API of a second account of the same implementation (NapCat
	// logged in as another QQ): with AllowMutations, the peer checks (peer/*) make it message,
	// recall, poke, mute and promote the bot, and judge the events the target receives, on
	// any implementation, without onespec's control API. The peer must be the bot's friend and
	// share the group GroupID with it (its admin or owner for the mute and the promotion).
	PeerURL string
	// PeerToken is the peer's access token.
	PeerToken string
	// PeerID, when set, is the account the peer must be logged in as (a guard against a
	// wrong URL).
	PeerID int64
	// Flags is how the run was asked for (the command line), recorded in the report.
	Flags []string
	// Version is the running onespec's version, recorded in the report.
	Version string
}

// Status is the verdict of one check.
type Status string

// The verdicts. SKIP means the check was not judged (not allowed, or nothing to judge it on);
// the Reason says why.
const (
	Pass Status = "PASS"
	// Warn: nothing the profile fails, but something it reports (a recommended convention not
	// followed, a documented family variant).
	Warn Status = "WARN"
	Fail Status = "FAIL"
	Skip Status = "SKIP"
	// Unsupported: the target does not serve the action (it answered a valid request with a
	// failure it does not document, or with "unknown action"). Under onebot11 that is reported,
	// not failed; under onespec and under a family that serves the action it fails.
	Unsupported Status = "UNSUPPORTED"
)

// Result is the verdict of one check.
type Result struct {
	// Check is the check's ID, e.g. "action/get_msg", "transport/get-query",
	// "scenario/message-roundtrip".
	Check string `json:"check"`
	// Action is the action the check called (for scenarios, the first one), if any.
	Action string `json:"action,omitempty"`
	// NameZh is the action's Chinese name (x-onebot-name-zh); for scenarios, the steps'.
	NameZh string `json:"name_zh,omitempty"`
	// Status is PASS, FAIL or SKIP.
	Status Status `json:"status"`
	// Reason says why a check failed or was skipped; on a PASS it may carry a note.
	Reason string `json:"reason,omitempty"`
	// Path is the offending JSON path in the response, like "data.user_id", when there is one.
	Path string `json:"path,omitempty"`
	// Level is the heaviest level among the findings that decided the status.
	Level Level `json:"level,omitempty"`
	// Findings are every problem the profile reports, not only the first.
	Findings []Finding `json:"findings,omitempty"`
	// Request is the last request the check sent, as a curl command (the access token is
	// written as $ONEBOT_ACCESS_TOKEN), for results other than PASS and SKIP.
	Request string `json:"request,omitempty"`
	// Response is that request's answer: HTTP status and body (cut at 8 KiB).
	Response string `json:"response,omitempty"`
	// Event is, for an event check that did not pass, the event a finding is about, as the
	// transport named first delivered it (cut at 2,000 characters); Request is then the world
	// call that drove it.
	Event string `json:"event,omitempty"`
	// Duration is how long the check took (in JSON: nanoseconds).
	Duration time.Duration `json:"duration_ns"`
}

// Report is the outcome of a Run.
type Report struct {
	// Target is the BaseURL that was judged.
	Target string `json:"target"`
	// Started is when the run began.
	Started time.Time `json:"started"`
	// Profile is what the run judged by.
	Profile Profile `json:"profile"`
	// Flags is how the run was asked for (Config.Flags).
	Flags []string `json:"flags,omitempty"`
	// Version is onespec's version and SpecVersion the spec's (info.version).
	Version     string `json:"version,omitempty"`
	SpecVersion string `json:"spec_version"`
	// Levels counts, per level, the checks that failed or warned because of it.
	Levels map[Level]LevelCount `json:"levels"`
	// Unreachable, when not empty, says why the suite could not connect to the target at all
	// (connection refused, unknown host, no answer in time): every check is SKIPped and the
	// report is no verdict on the target (Verdict says "could not connect").
	Unreachable string `json:"unreachable,omitempty"`
	// Notes are things about the whole run: HTTP 429 retries, configured targets the
	// target does not know.
	Notes []string `json:"notes,omitempty"`
	// Results holds one entry per check, in the order they ran.
	Results []Result `json:"results"`
}

// LevelCount counts the checks a level decided.
type LevelCount struct {
	Fail int `json:"fail"`
	Warn int `json:"warn"`
}

// Counts returns how many checks passed, failed and were skipped.
func (r *Report) Counts() (pass, fail, skip int) {
	for _, res := range r.Results {
		switch res.Status {
		case Pass:
			pass++
		case Fail:
			fail++
		case Skip:
			skip++
		}
	}
	return pass, fail, skip
}

// StatusCounts counts the checks per status, WARN and UNSUPPORTED included.
func (r *Report) StatusCounts() map[Status]int {
	n := map[Status]int{}
	for _, res := range r.Results {
		n[res.Status]++
	}
	return n
}

// Failed reports whether any check failed. A run that could not connect (Unreachable) has
// none: callers tell it apart with Connected.
func (r *Report) Failed() bool {
	_, fail, _ := r.Counts()
	return fail > 0
}

// Connected reports whether the suite reached the target; when not, the report judges nothing.
func (r *Report) Connected() bool { return r.Unreachable == "" }

// defaultTimeout bounds every request when the caller's client sets no timeout of its own.
const defaultTimeout = 10 * time.Second

// Run judges the endpoint cfg.BaseURL and returns one Result per check.
//
// Run returns an error only when the suite cannot run at all: an invalid Config or a spec that
// fails to load. A target that is down is no error either, and no verdict: the report's
// Unreachable says why the suite could not connect, and every check is SKIPped. When ctx ends
// early, Run returns the report so far (the checks it could not run are SKIPped) together with
// ctx's error. Likewise, when the target answers the first request with 401 or 403, the
// credentials are wrong, not the target: that check FAILs and the rest are SKIPped. Run never
// waits on the target longer than the per-request timeout.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("conformance: invalid config: %w", err)
	}
	cat, err := loadCatalogue()
	if err != nil {
		return nil, fmt.Errorf("conformance: loading the spec: %w", err)
	}
	return runOn(ctx, cfg, cat)
}

// runOn is Run on a loaded spec (tests give their own variations of it).
func runOn(ctx context.Context, cfg Config, cat *catalogue) (*Report, error) {
	profile, err := cat.profile(cfg.Profile)
	if err != nil {
		return nil, fmt.Errorf("conformance: invalid config: %w", err)
	}
	s, err := newSuite(cfg, cat)
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	s.profile = profile
	if err := s.checkFamilyChecks(); err != nil {
		return nil, fmt.Errorf("conformance: the spec: %w", err)
	}
	defer s.closeWS()
	if cfg.PostListen != "" || cfg.PostListener != nil {
		if s.post, err = startPostSink(cfg); err != nil {
			return nil, fmt.Errorf("conformance: %w", err)
		}
		defer s.post.close()
	}
	target := cfg.BaseURL
	if cfg.WSURL != "" {
		target = cfg.WSURL
	}
	// UTC without the monotonic reading, so that the JSON report decodes to an equal Report.
	report := &Report{
		Target: target, Started: time.Now().UTC().Round(0),
		Profile: profile, Flags: cfg.Flags, Version: cfg.Version, SpecVersion: cat.version,
		Levels: map[Level]LevelCount{},
	}
	for _, c := range s.plan() {
		if cfg.Only != nil && !strings.HasPrefix(c.id, discoveryKind+"/") && !cfg.Only.MatchString(c.id) {
			continue
		}
		res := s.execute(ctx, c)
		report.Results = append(report.Results, res)
		if res.Level != "" && (res.Status == Fail || res.Status == Warn) {
			lc := report.Levels[res.Level]
			if res.Status == Fail {
				lc.Fail++
			} else {
				lc.Warn++
			}
			report.Levels[res.Level] = lc
		}
		if cfg.OnResult != nil {
			cfg.OnResult(res)
		}
	}
	if s.noConnection != nil {
		report.Unreachable = s.noConnection.Error()
	}
	s.eventTeardown()
	s.noteDropped()
	report.Notes = append(report.Notes, s.notes...)
	if s.retried > 0 {
		report.Notes = append(report.Notes, fmt.Sprintf("the target answered HTTP 429 (too many requests) %d times; those requests were retried after its Retry-After", s.retried))
	}
	return report, ctx.Err()
}

func (cfg Config) validate() error {
	switch {
	case cfg.BaseURL == "" && cfg.WSURL == "":
		return errors.New("BaseURL and WSURL are empty; set one")
	case cfg.BaseURL != "" && cfg.WSURL != "":
		return errors.New("BaseURL and WSURL are both set; a run judges one transport")
	case cfg.WSURL != "":
		if err := checkURL("WSURL", cfg.WSURL, "ws", "wss"); err != nil {
			return err
		}
	default:
		if err := checkURL("BaseURL", cfg.BaseURL, "http", "https"); err != nil {
			return err
		}
	}
	if cfg.GroupID < 0 || cfg.UserID < 0 {
		return errors.New("GroupID and UserID must not be negative")
	}
	if cfg.WorldURL != "" {
		if err := checkURL("WorldURL", cfg.WorldURL, "http", "https"); err != nil {
			return err
		}
	}
	if cfg.PeerURL != "" {
		if err := checkURL("PeerURL", cfg.PeerURL, "http", "https"); err != nil {
			return err
		}
	}
	if cfg.AllowDisruptive && !cfg.AllowMutations {
		// Disruptive actions are the far end of mutations; running them alone would be a
		// configuration mistake more often than a wish.
		return errors.New("AllowDisruptive requires AllowMutations")
	}
	return nil
}

// checkURL checks that raw is an absolute URL of one of the schemes, without query or fragment.
func checkURL(field, raw string, schemes ...string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", field, err)
	}
	if !slices.Contains(schemes, u.Scheme) {
		return fmt.Errorf("%s %q: scheme must be %s", field, raw, strings.Join(schemes, " or "))
	}
	if u.Host == "" {
		return fmt.Errorf("%s %q has no host", field, raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%s %q must not carry a query or fragment", field, raw)
	}
	return nil
}

// check is one planned check. run judges it; the runner fills in the ID, names and timing.
type check struct {
	id     string
	action string
	nameZh string
	run    func(ctx context.Context) outcome
}

// outcome is what a check's run found: the problems (the profile turns them into a verdict),
// a note, or an explicit SKIP or UNSUPPORTED.
type outcome struct {
	status Status // Skip or Unsupported, or "" to let the problems decide
	reason string // a note; for Skip and Unsupported, why
	ps     problems
}

func pass(note string) outcome { return outcome{reason: note} }

func skipf(format string, args ...any) outcome {
	return outcome{status: Skip, reason: fmt.Sprintf(format, args...)}
}

// failf is a problem the standard forbids (Required).
func failf(path, format string, args ...any) outcome {
	var o outcome
	o.ps.add(path, format, args...)
	return o
}

// failAt is a problem of the given level, with the link to its rule.
func failAt(level Level, ref, path, format string, args ...any) outcome {
	var o outcome
	o.ps.addAt(level, ref, path, "", format, args...)
	return o
}

// execute runs one check, unless the run is over (ctx ended) or pointless (target down).
func (s *suite) execute(ctx context.Context, c check) (res Result) {
	start := time.Now()
	res = Result{Check: c.id, Action: c.action, NameZh: c.nameZh}
	defer func() {
		// A bug in a check must not take the whole run (and the caller) down with it; it is
		// reported where it happened, plainly marked as the suite's own fault.
		if p := recover(); p != nil {
			slog.Error("conformance: check panicked", "check", c.id, "panic", p)
			res.Status, res.Reason, res.Path = Fail, fmt.Sprintf("conformance suite bug: panic: %v", p), ""
		}
		res.Duration = time.Since(start)
	}()
	var o outcome
	s.last = nil
	switch {
	case ctx.Err() != nil:
		o = skipf("not run: %v", context.Cause(ctx))
	case s.halt != nil:
		o = skipf("not run: %v", s.halt)
	default:
		o = c.run(ctx)
		if o.status != Skip && len(o.ps) > 0 && ctx.Err() != nil {
			// The caller gave up mid-check; that says nothing about the target.
			o = skipf("not run to the end: %v", context.Cause(ctx))
		}
	}
	s.verdict(&res, o)
	return res
}

// verdict applies the profile to a check's outcome.
func (s *suite) verdict(res *Result, o outcome) {
	res.Reason = o.reason
	if o.status == Skip {
		res.Status = Skip
		return
	}
	if name, ok := strings.CutPrefix(res.Check, transportKind+"/"); ok {
		// A transport rule a family is documented to break (x-onebot-families transport).
		for _, key := range s.cat.familyKeys() {
			if !slices.Contains(s.cat.families[key].transportDeviates, name) {
				continue
			}
			for i := range o.ps {
				if !slices.Contains(o.ps[i].documentedFor, key) {
					o.ps[i].documentedFor = append(o.ps[i].documentedFor, key)
				}
			}
		}
	}
	for i := range o.ps {
		// Every required finding links to the standard: the section its check covers.
		if o.ps[i].level == Required && o.ps[i].ref == "" {
			o.ps[i].ref = refHTTPResponse
			if strings.HasPrefix(res.Check, "action/") || strings.HasPrefix(res.Check, "scenario/") {
				o.ps[i].ref = refAPI
				if op := s.cat.byName[res.Action]; op != nil && op.ref != "" {
					o.ps[i].ref = op.ref
				}
			}
		}
	}
	status, findings, expected := s.profile.judge(o.ps, s.cat.familyName)
	res.Findings = findings
	if len(expected) > 0 {
		o.reason = joinNonEmpty("; ", o.reason, fmt.Sprintf("expected of %s (%s): %s", s.profile.FamilyName, extFamilies, strings.Join(expected, "; ")))
		res.Reason = o.reason
	}
	for _, f := range findings {
		if res.Level == "" || levelRank(f.Level) < levelRank(res.Level) {
			res.Level = f.Level
		}
	}
	if len(findings) > 0 {
		res.Path = findings[0].Path
		msgs := make([]string, len(findings))
		for i, f := range findings {
			msgs[i] = f.Message
			if f.Level != Required {
				msgs[i] += " [" + string(f.Level)
				if len(f.DocumentedFor) > 0 {
					msgs[i] += "; documented for " + strings.Join(f.DocumentedFor, ", ")
				}
				msgs[i] += "]"
			}
		}
		res.Reason = joinNonEmpty("; ", strings.Join(msgs, "; "), o.reason)
	}
	res.Status = status
	if o.status == Unsupported && status != Fail {
		res.Status = Unsupported
	}
	if res.Status != Pass && s.last != nil {
		res.Request, res.Response = s.last.curl, s.last.response
	}
	if res.Status != Pass {
		for _, p := range o.ps {
			if p.event != "" {
				res.Event = p.event
				break
			}
		}
	}
}

// transportKind prefixes the IDs of the transport checks.
const transportKind = "transport"

// checkFamilyChecks refuses a spec whose families name transport checks the suite does not
// have: a typo there would silently stop expecting a documented behaviour.
func (s *suite) checkFamilyChecks() error {
	have := map[string]bool{}
	for _, c := range append(s.transportChecks(), s.wsChecks()...) {
		have[strings.TrimPrefix(c.id, transportKind+"/")] = true
	}
	for _, key := range s.cat.familyKeys() {
		for _, name := range s.cat.families[key].transportDeviates {
			if !have[name] {
				return fmt.Errorf("%s.%s.transport.deviates names %q, which is no transport check", extFamilies, key, name)
			}
		}
	}
	return nil
}

// levelRank orders levels by weight, heaviest first.
func levelRank(l Level) int {
	switch l {
	case Required:
		return 0
	case Deviation:
		return 1
	case Unexercised:
		return 2
	case Onespec:
		return 3
	}
	return 4
}

// plan lays out every check in run order: discovery first (the others use its ids), then the
// transport rules, the read actions, the stateful scenarios, the write actions (those that
// remove what they act on, x-onebot-removes, last of them) and finally the disruptive ones.
// The scenarios come before the write actions on purpose: those act on the same targets (kick
// the member, mute the group...) and would spoil the scenarios' ground.
//
// Over WebSocket the transport checks are the WebSocket ones, and the heartbeat check comes
// last of all: it times the heartbeats of the /event connection opened at the start, so the
// whole run counts towards its wait.
func (s *suite) plan() []check {
	transport := s.transportChecks()
	var last []check
	if s.wsBase != "" {
		transport = nil
		for _, c := range s.wsChecks() {
			if c.id == transportKind+"/"+wsHeartbeatCheck {
				last = append(last, c)
				continue
			}
			transport = append(transport, c)
		}
	}
	checks := append(s.discoveryChecks(), transport...)
	var writes, removing, disruptive []check
	for _, o := range s.cat.ops {
		switch {
		case o.effect == effectRead:
			checks = append(checks, s.actionChecks(o)...)
		case o.effect == effectWrite && len(o.removes) > 0:
			// A kick takes the member every other write acts on out of the group: had it run
			// earlier, their refusals would say nothing about them.
			removing = append(removing, s.actionChecks(o)...)
		case o.effect == effectWrite:
			writes = append(writes, s.actionChecks(o)...)
		default:
			disruptive = append(disruptive, s.actionChecks(o)...)
		}
	}
	checks = append(checks, s.scenarioChecks()...)
	// The event checks message the bot from the discovered friend and member: before the
	// write actions kick or mute them.
	checks = append(checks, s.eventChecks()...)
	if s.cfg.PeerURL != "" { // opt-in: without a second account the event checks above apply
		checks = append(checks, s.peerChecks()...)
	}
	checks = append(checks, writes...)
	checks = append(checks, removing...)
	checks = append(checks, disruptive...)
	return append(checks, last...)
}
