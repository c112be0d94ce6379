package conformance

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// modelShowCheck: _set_model_show gives the bot's model a new name, _get_model_show of that
// model lists it first, and the bot's former choice is put back.
func (s *suite) modelShowCheck() check {
	steps := []string{gen.ActionSetModelShow, gen.ActionGetModelShow}
	return s.roundTripCheck("model-show", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		set, read := ops[0], ops[1]
		variants := func(model string) ([]gen.ModelShowVariant, *outcome) {
			var list gen.ModelShowList
			out := s.step(ctx, read, gen.GetModelShowJSONRequestBody{Model: &model}, &list, false)
			return list.Variants, out
		}
		// The bot's current choice: without a model, its model's names, its chosen one first.
		old, out := variants("")
		if out != nil {
			return *out
		}
		model, show := "onespec "+s.runID, "onespec 手机"
		if out := s.step(ctx, set, gen.SetModelShowJSONRequestBody{Model: model, ModelShow: show}, nil, true); out != nil {
			return *out
		}
		now, out := variants(model)
		if out != nil {
			out.reason = fmt.Sprintf("reading back the names of %q: %s", model, out.reason)
			return *out
		}
		var ps problems
		if len(now) == 0 || now[0].ModelShow != show {
			ps.add("data", "%s of %q lists %v after %s chose %q", read.name, model, now, set.name, show)
		}
		reason := fmt.Sprintf("%q shown for %q and listed first", show, model)
		if len(old) > 0 {
			back := gen.SetModelShowJSONRequestBody{Model: old[len(old)-1].ModelShow, ModelShow: old[0].ModelShow}
			if out := s.step(ctx, set, back, nil, false); out != nil {
				out.reason = fmt.Sprintf("putting back %q for %q: %s", back.ModelShow, back.Model, out.reason)
				return *out
			}
			reason += fmt.Sprintf("; %q for %q put back", back.ModelShow, back.Model)
		}
		return outcome{ps: ps, reason: reason}
	})
}
