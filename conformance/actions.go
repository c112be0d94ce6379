package conformance

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/onespec/onespec/gen"
)

// actionCheck calls one operation with its first request example, ids filled from discovery,
// and judges the answer by the operation's 200 schema, the status/retcode pairing, its
// x-onebot-retcodes and its promise of data.
func (s *suite) actionCheck(o *op) check {
	return check{id: "action/" + o.name, action: o.name, nameZh: o.nameZh, run: func(ctx context.Context) outcome {
		return s.runAction(ctx, o)
	}}
}

func (s *suite) runAction(ctx context.Context, o *op) outcome {
	switch {
	case o.effect == effectWrite && !s.cfg.AllowMutations:
		return skipf("%s: %s (it changes state or reaches people); set AllowMutations to run it", extEffect, o.effect)
	case o.effect == effectDisruptive && !s.cfg.AllowDisruptive:
		return skipf("%s: %s (it takes the bot out of service); set AllowDisruptive to run it", extEffect, o.effect)
	}
	params, notes := fill(o.params, o.example, s.targets)
	if params == nil {
		params = map[string]any{}
	}
	out := s.judgeAction(o, s.postJSON(ctx, o.name, params))
	if len(notes) > 0 {
		out.reason = joinNonEmpty("; ", out.reason, "note: "+strings.Join(notes, "; "))
	}
	return out
}

func (s *suite) judgeAction(o *op, ex exchange) outcome {
	a, out, done := readAnswer(ex, o.result())
	if done {
		if ex.status == http.StatusNotFound {
			out.reason += "; " + servedBy(o)
		}
		return out
	}
	e, ps := a.e, a.ps
	checkPairing(e, &ps)
	if e.hasRetcode && !o.documents(e.retcode) {
		reason := fmt.Sprintf("retcode %d is not one of %s's %s %v", e.retcode, o.name, extRetcodes, o.retcodes)
		if e.retcode == int(gen.RetcodeUnsupportedAction) {
			reason += "; " + servedBy(o)
		}
		ps.add(fieldRetcode, "%s", reason)
	}
	if e.status == string(gen.StatusOk) && o.hasData && e.hasData && e.data == nil {
		ps.add(fieldData, "status ok but data is null, and %s answers data", o.name)
	}
	if out, failed := ps.outcome(); failed {
		return out
	}
	switch e.status {
	case string(gen.StatusFailed):
		note := fmt.Sprintf("answered %s/%d (documented)", e.status, e.retcode)
		if e.message != "" {
			note += fmt.Sprintf(" %q", e.message)
		}
		if o.hasData {
			note += "; response data not exercised"
		}
		return pass(note)
	case string(gen.StatusAsync):
		return pass(fmt.Sprintf("answered %s/%d (documented)", e.status, e.retcode))
	}
	return pass("")
}

// servedBy reminds a report reader which implementations the spec says serve an action, for
// answers that suggest the target lacks it.
func servedBy(o *op) string {
	if len(o.sources) == 0 {
		return "the target does not seem to serve " + o.name
	}
	return fmt.Sprintf("the target does not seem to serve %s (%s: %s)", o.name, extSources, strings.Join(o.sources, ", "))
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
