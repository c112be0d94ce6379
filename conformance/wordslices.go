package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Word segmentation (中文分词, .get_word_slices) asks a Tencent service; the reference server's
// world stands in for it and a test scripts the words of a text (control set_word_slices). The
// check scripts a marked text to split one way, reads it back, scripts it to split another
// way, and reads that back: a target that answered the same whatever was scripted would be a
// canned stand-in.

func (s *suite) wordSlicesCheck() check {
	return s.roundTripCheck("word-slices-scripted", []string{gen.ActionGetWordSlices}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.wordSlicesScripted(ctx, rig, ops[0])
	})
}

func (s *suite) wordSlicesScripted(ctx context.Context, rig *eventRig, get *op) outcome {
	text := s.marker("分词")
	var ps problems
	var answered []string
	for i, words := range [][]string{strings.Fields(text), {text}} {
		if err := s.act(ctx, rig, control.ActionSetWordSlices, control.SetWordSlicesParams{Content: text, Slices: words}, nil); err != nil {
			return stopOutcome(err)
		}
		var data gen.WordSlicesData
		if out := s.step(ctx, get, gen.GetWordSlicesJSONRequestBody{Content: text}, &data, i == 0); out != nil {
			out.reason = fmt.Sprintf("reading back the words scripted for %q: %s", text, out.reason)
			return *out
		}
		if !slices.Equal(data.Slices, words) {
			ps.addAt(Onespec, "", "data.slices", "a scripted stand-in answers what was not scripted",
				"%s of %q answered %q, want the words scripted: %q", get.name, text, data.Slices, words)
		}
		answered = append(answered, fmt.Sprintf("%q", data.Slices))
	}
	return outcome{ps: ps, reason: fmt.Sprintf("%q scripted to split two ways; %s answered %s", text, get.name, strings.Join(answered, ", then "))}
}
