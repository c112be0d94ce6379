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
	params, notes := fill(o.params, o.example, s.targets)
	if params == nil {
		params = map[string]any{}
	}
	// A failure is the target's own verdict only when every id in the request is one it has:
	// the example's message, image or flag ids name things in onespec's world, not the target's.
	exercised := len(notes) == 0 && len(foreignRefs(o.params, params)) == 0
	out := s.judgeAction(o, s.postJSON(ctx, name, params), exercised)
	if len(notes) > 0 {
		out.reason = joinNonEmpty("; ", out.reason, "note: "+strings.Join(notes, "; "))
	}
	return out
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
	text := e.failureText()
	answered := fmt.Sprintf("answered %s/%d", e.status, e.retcode)
	if text != "" {
		answered += fmt.Sprintf(" %q", truncate(text, 120))
	}
	// A documented "unknown action" (1404, or go-cqhttp's 404) is the target saying it lacks the
	// action, whatever the request.
	if e.retcode == unknownActionRetcode || e.retcode == http.StatusNotFound {
		return s.unsupported(o, answered, ps)
	}
	if !exercised || o.documents(e.retcode) {
		note := answered
		if o.documents(e.retcode) {
			note += " (a failure " + extRetcodes + " documents)"
		}
		if !exercised {
			note += "; the request names things of the spec's example world, so the failure is expected"
		}
		if o.hasData {
			note += "; response data not exercised"
		}
		return outcome{ps: ps, reason: note}
	}
	// A valid request, every id the target's own, and a failure onespec does not foresee: the
	// target cannot do it. That is "unsupported", with its own words, not a retcode violation.
	return s.unsupported(o, answered, ps)
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
