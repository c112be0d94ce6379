package conformance

import (
	"context"
	"fmt"
	"maps"
	"strings"
)

// The forms of a message a bot may send (message/README.md, api/public.md): a CQ-code string,
// an array of segments, or one segment object on its own. Every action whose parameters take a
// Message (found in the spec, so an action added later is probed too) is sent its request
// example with the message as one segment object and as a CQ string; each must be served.

// refMessageForms is the standard's section on the forms of a message.
const refMessageForms = standardDoc + "message/README.md"

// messageSchema is the component every sendable message is.
const messageSchema = "#/components/schemas/Message"

// sendOps are the operations whose parameters take a message.
func (s *suite) sendOps() []*op {
	var out []*op
	if s.cat == nil {
		return nil
	}
	for _, o := range s.cat.ops {
		if o.params == nil {
			continue
		}
		if p := o.params.Properties["message"]; p != nil && p.Ref == messageSchema {
			out = append(out, o)
		}
	}
	return out
}

// messageForms sends each send operation its example with the message in the forms the
// standard allows besides the example's own.
func (s *suite) messageForms(ctx context.Context, sends []*op) outcome {
	tag := randomHex(4)
	forms := []struct {
		name    string
		message any
	}{
		{"one segment object", map[string]any{"type": "text", "data": map[string]any{"text": "onespec one segment " + tag}}},
		{"a CQ string", "onespec CQ string " + tag + "[CQ:face,id=14]"},
	}
	var ps problems
	var served []string
	for _, o := range sends {
		var example any
		if len(o.examples) > 0 {
			example = o.examples[0].value
		}
		filled, notes := fill(o.params, example, s.targets)
		params, ok := filled.(map[string]any)
		if !ok || len(notes) > 0 || len(foreignRefs(o.params, params)) > 0 {
			served = append(served, o.name+" not sent (its example names things of the spec's example world)")
			continue
		}
		for _, form := range forms {
			p := maps.Clone(params)
			p["message"] = form.message
			delete(p, "auto_escape")
			_, e, _ := s.callAnswer(ctx, o, p, new(any), false, refuseUnknown)
			switch {
			case e.status == statusFailed && (e.retcode == unknownActionRetcode || e.retcode == 404):
				served = append(served, o.name+" not served")
			case e.status == statusFailed:
				ps.addAt(Required, refMessageForms, "message", "a message form refused",
					"%s refused message as %s (%s): %s/%d %q; the standard takes a message as a CQ string, a segment array or one segment",
					s.nameOf(o), form.name, jsonText(form.message), e.status, e.retcode, truncate(e.failureText(), 120))
			default:
				served = append(served, fmt.Sprintf("%s took %s", o.name, form.name))
			}
		}
	}
	return outcome{ps: ps, reason: strings.Join(served, "; ")}
}
