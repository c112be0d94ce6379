package conformance

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// actionChecks are the checks of one operation. action/<name> calls it by the name the
// profile's family knows it by (names.Resolver.Call): a go-cqhttp is called by go-cqhttp's
// name, any other target by the standard's. Under the onespec profile, which holds a target to
// the reference server's promise of answering to every family's name, each other name gets
// its own check too.
func (s *suite) actionChecks(o *op) []check {
	checks := []check{s.actionCheck(o, "action/"+o.name, s.nameOf(o))}
	if s.profile.strict() {
		for _, name := range s.cat.names.Names(o.name)[1:] {
			checks = append(checks, s.actionCheck(o, "action/"+name, name))
		}
	}
	return checks
}

// nameOf is the name the suite calls o by under its profile.
func (s *suite) nameOf(o *op) string { return s.cat.names.Call(o.name, s.profile.Family) }

// actionCheck calls one operation, by name, with its request example, ids filled from
// discovery, and judges the answer (judgeAnswer).
func (s *suite) actionCheck(o *op, id, name string) check {
	return check{id: id, action: o.name, nameZh: o.nameZh, run: func(ctx context.Context) outcome {
		out := s.runAction(ctx, o, name)
		if name != o.name {
			out.reason = joinNonEmpty("; ", "called as "+name, out.reason)
		}
		return out
	}}
}

// runAction calls o by name (the canonical one or a family's).
func (s *suite) runAction(ctx context.Context, o *op, name string) outcome {
	switch {
	case o.effect == effectWrite && !s.cfg.AllowMutations:
		return skipf("%s: %s (it changes state or reaches people); run with --allow-mutations (Config.AllowMutations) to check it", extEffect, o.effect)
	case o.effect == effectDisruptive && !s.cfg.AllowDisruptive:
		return skipf("%s: %s (it takes the bot out of service); run with --allow-mutations --allow-disruptive (Config.AllowDisruptive) to check it", extEffect, o.effect)
	}
	if o.effect != effectRead {
		if why := s.expendableSkip(ctx, refKinds(o)); why != "" {
			return skipf("%s: %s: %s", extEffect, o.effect, why)
		}
	}
	examples := o.examples
	if len(examples) == 0 {
		examples = []namedExample{{}}
	}
	try := func(ex namedExample) outcome {
		params, notes := fill(o.params, ex.value, s.targets)
		if params == nil {
			params = map[string]any{}
		}
		// A failure is the target's own verdict only when every id in the request is one it
		// has: the example's message, image or flag ids name things in onespec's world.
		exercised := len(notes) == 0 && len(foreignRefs(o.params, params)) == 0
		out := s.judgeAction(o, s.postJSON(ctx, name, params), exercised)
		if len(notes) > 0 {
			out.reason = joinNonEmpty("; ", out.reason, "note: "+strings.Join(notes, "; "))
		}
		return out
	}
	// Refused with a documented failure, the target's state may not fit the example (the bot
	// owns the group it is asked to leave); the next example may. Only when none fits is the
	// action unexercised.
	var refusedBy []string
	last := examples[len(examples)-1]
	for _, ex := range examples[:len(examples)-1] {
		out := try(ex)
		if !unexercised(out) {
			return withRefused(out, ex.name, refusedBy)
		}
		refusedBy = append(refusedBy, ex.name)
	}
	return withRefused(try(last), last.name, refusedBy)
}

// withRefused notes, on the outcome of the example sent, the examples refused before it.
func withRefused(out outcome, sent string, refusedBy []string) outcome {
	if len(refusedBy) > 0 {
		out.reason = joinNonEmpty("; ", out.reason, fmt.Sprintf("sent example %q after the target refused %s with a documented failure", sent, strings.Join(refusedBy, ", ")))
	}
	return out
}

// unexercised reports whether an outcome holds an Unexercised finding.
func unexercised(out outcome) bool {
	return slices.ContainsFunc(out.ps, func(p problem) bool { return p.level == Unexercised })
}

// judgeAction judges an action's answer to a request the target should have served.
func (s *suite) judgeAction(o *op, ex exchange, exercised bool) outcome {
	if ex.err == nil && ex.status == http.StatusNotFound {
		return s.unsupported(o, fmt.Sprintf("HTTP 404: %s", snippet(ex.body)), nil)
	}
	a, out, done := s.judgeAnswer(o, ex)
	if done {
		return out
	}
	e, ps := a.e, a.ps
	if e.status != statusFailed {
		if e.status == statusAsync {
			return outcome{ps: ps, reason: fmt.Sprintf("answered %s/%d", e.status, e.retcode)}
		}
		return outcome{ps: ps}
	}
	return s.refusal(o, e, ps, exercised)
}

// refusalMode says which failures of an action to a valid request are the target's refusal.
type refusalMode int

const (
	// refuseUnknown: only "unknown action" (1404, go-cqhttp's 404) is judged here; any other
	// failure stays the caller's (a step of a scenario that worked a moment ago).
	refuseUnknown refusalMode = iota
	// refuseAll: every failure is judged here: unknown or undocumented, unsupported;
	// documented, unexercised.
	refuseAll
)

// refusal judges a failed answer, the same way for every kind of check (action, discovery,
// scenario, event): an unknown action, or a failure onespec does not foresee to a request
// built from the target's own ids, is UNSUPPORTED; a failure the operation documents
// (x-onebot-retcodes) to such a request is an Unexercised finding (never a PASS). A request
// that names things of the spec's example world (exercised false) is expected to fail: a note.
func (s *suite) refusal(o *op, e envelope, ps problems, exercised bool) outcome {
	text := e.failureText()
	answered := fmt.Sprintf("answered %s/%d", e.status, e.retcode)
	if text != "" {
		answered += fmt.Sprintf(" %q", truncate(text, 120))
	}
	// A documented "unknown action" (1404, or go-cqhttp's 404) is the target saying it lacks the
	// action, whatever the request.
	if e.retcode == unknownActionRetcode && o.documents(unknownActionRetcode) && notSupportedData(e.data) &&
		(s.profile.Family == "" || !slices.Contains(o.sources, s.profile.Family)) {
		// The spec documents that this action cannot be done (raw protocol packets): the
		// answer it documents is the action answering as specified, not a gap; a family
		// documented to serve it is judged as unsupported below.
		return outcome{ps: ps, reason: fmt.Sprintf("%s: not supported, as %s documents (data.not_supported true)", answered, extRetcodes)}
	}
	if e.retcode == unknownActionRetcode || e.retcode == http.StatusNotFound {
		return s.unsupported(o, answered, ps)
	}
	if !exercised {
		note := answered
		if o.documents(e.retcode) {
			note += " (a failure " + extRetcodes + " documents)"
		}
		note += "; the request names things of the spec's example world, so the failure is expected"
		if o.hasData {
			note += "; response data not exercised"
		}
		return outcome{ps: ps, reason: note}
	}
	if o.documents(e.retcode) {
		// Every id in the request is the target's own: a documented failure is well-formed but
		// proves nothing about the action. Never a PASS (a server refusing every CQ string, or
		// answering 102 about its own friends, would otherwise be rated conformant).
		ps.addAt(Unexercised, o.ref, fieldRetcode, "a valid request with the target's own ids answered with a documented failure",
			"%s refused a valid request built from the target's own ids: %s (a failure %s documents); the action was not shown to work", o.name, answered, extRetcodes)
		return outcome{ps: ps}
	}
	// A valid request, every id the target's own, and a failure onespec does not foresee: the
	// target cannot do it. That is "unsupported", with its own words, not a retcode violation.
	return s.unsupported(o, answered, ps)
}

// refused reports whether refusal judges e under mode (an unknown action always; under
// refuseAll every failure).
func refused(e envelope, mode refusalMode) bool {
	if e.status != statusFailed {
		return false
	}
	return mode == refuseAll || e.retcode == unknownActionRetcode || e.retcode == http.StatusNotFound
}

// notSupportedData reports whether a failure's data says "not supported" the way the spec's
// NotSupportedData does (icqq-based servers, onespec's raw protocol actions).
func notSupportedData(data any) bool {
	m, ok := data.(map[string]any)
	return ok && m["not_supported"] == true
}

// unknownActionRetcode is the retcode the spec's UnknownAction response carries.
const unknownActionRetcode = 1404

// unsupported is the verdict on an action the target does not serve. The profile decides what
// that means: reported under onebot11, a failure under onespec, and under a family profile a
// deviation unless the family documents the gap.
func (s *suite) unsupported(o *op, answered string, ps problems) outcome {
	reason := "the target does not serve " + o.name + ": " + answered
	if len(o.sources) > 0 {
		reason += fmt.Sprintf(" (%s: %s)", extSources, strings.Join(o.sources, ", "))
	}
	ps.addAt(Onespec, "", "", "unsupported action", "%s is not served", o.name)
	if f := s.profile.Family; f != "" {
		switch {
		case o.families[f].Unsupported:
			reason += fmt.Sprintf("; %s documents that %s does not serve it", extFamilies, s.profile.FamilyName)
			ps = ps[:len(ps)-1] // expected: not even the onespec finding
		case slices.Contains(o.sources, f):
			ps.addAt(Deviation, "", "", "a documented action is not served",
				"%s lists %s as serving %s, but the target does not", extSources, s.profile.FamilyName, o.name)
		}
	}
	return outcome{status: Unsupported, reason: reason, ps: ps}
}

// foreignRefs lists the request's properties whose x-onebot-ref names a kind of thing the
// suite cannot find on the target (message, image, flag...): they keep the example's value.
func foreignRefs(schema *openapi3.Schema, params any) []string {
	m, ok := params.(map[string]any)
	if !ok || schema == nil {
		return nil
	}
	var out []string
	for k := range m {
		p := property(schema, k)
		if p == nil {
			continue
		}
		if ref := refOf(p); ref != "" {
			if _, ok := (targets{}).forRef(ref); !ok {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
