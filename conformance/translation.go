package conformance

import (
	"context"
	"fmt"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Translation (英译中, NapCat's translate_en2zh) asks a Tencent service; the reference
// server's world stands in for it and a test scripts its table (control set_translation). The
// check scripts a fresh word to one text, reads it back, scripts it to another, reads that
// back, then removes it and reads nothing: a target that answered the same whatever was
// scripted would be a canned stand-in.

func (s *suite) translationCheck() check {
	return s.roundTripCheck("translation-scripted", []string{gen.ActionTranslateEn2Zh}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.translationScripted(ctx, rig, ops[0])
	})
}

func (s *suite) translationScripted(ctx context.Context, rig *eventRig, translate *op) outcome {
	// A word no table has, so that nothing but the script can answer it.
	word := strings.ReplaceAll(s.marker("word"), " ", "")
	var ps problems
	for i, text := range []string{s.marker("第一译文"), s.marker("第二译文"), ""} {
		if err := s.act(ctx, rig, control.ActionSetTranslation, control.SetTranslationParams{Translations: []control.WorldTranslation{{Word: word, Text: text}}}, nil); err != nil {
			return stopOutcome(err)
		}
		var data gen.TranslateEn2ZhData
		if out := s.step(ctx, translate, gen.TranslateEn2ZhJSONRequestBody{Words: []string{word, word}}, &data, i == 0); out != nil {
			return *out
		}
		if len(data.Words) != 2 || data.Words[0] != text || data.Words[1] != text {
			ps.add("data.words", "%s of [%q %q] answered %q, want %q twice (what was scripted last)", translate.name, word, word, data.Words, text)
		}
	}
	return outcome{ps: ps, reason: fmt.Sprintf("word %q scripted to two texts, then removed; %s answered each", word, translate.name)}
}
