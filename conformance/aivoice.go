package conformance

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// AI voices (AI 声聊) ask a Tencent service for the characters they read in; the reference
// server's world stands in for it and a test scripts the list (control set_ai_characters). The
// check scripts one fresh character, reads it back in the fixture's group, scripts another in
// another category, and reads that back alone: a target that answered the same whatever was
// scripted would be a canned stand-in. The list it found is scripted back at the end, so the
// action checks that follow find the target's own characters.

func (s *suite) aiCharactersCheck() check {
	return s.roundTripCheck("ai-characters-scripted", []string{gen.ActionGetAiCharacters}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.aiCharactersScripted(ctx, rig, ops[0])
	})
}

func (s *suite) aiCharactersScripted(ctx context.Context, rig *eventRig, get *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	var before gen.AiCharacterCategoryList
	if out := s.step(ctx, get, gen.GetAiCharactersJSONRequestBody{GroupID: fx.group}, &before, true); out != nil {
		return *out
	}
	restore := control.SetAiCharactersParams{Characters: []control.WorldAiCharacter{}}
	for _, cat := range before {
		for _, c := range cat.Characters {
			restore.Characters = append(restore.Characters, control.WorldAiCharacter{Type: cat.Type, CharacterID: c.CharacterID, CharacterName: c.CharacterName, PreviewURL: c.PreviewURL})
		}
	}
	defer func() { _ = s.act(context.WithoutCancel(ctx), rig, control.ActionSetAiCharacters, restore, nil) }()
	var ps problems
	for _, category := range []string{"onespec-a", "onespec-b"} {
		want := control.WorldAiCharacter{Type: category, CharacterID: s.marker("voice"), CharacterName: s.marker("角色")}
		if err := s.act(ctx, rig, control.ActionSetAiCharacters, control.SetAiCharactersParams{Characters: []control.WorldAiCharacter{want}}, nil); err != nil {
			return stopOutcome(err)
		}
		var list gen.AiCharacterCategoryList
		if out := s.step(ctx, get, gen.GetAiCharactersJSONRequestBody{GroupID: fx.group}, &list, false); out != nil {
			return *out
		}
		if len(list) != 1 || list[0].Type != category || len(list[0].Characters) != 1 ||
			list[0].Characters[0].CharacterID != want.CharacterID || list[0].Characters[0].CharacterName != want.CharacterName {
			ps.add("data", "%s of group %d answered %+v, want the one character scripted: %s %q in %q", get.name, fx.group, list, want.CharacterID, want.CharacterName, category)
		}
	}
	return outcome{ps: ps, reason: fmt.Sprintf("two lists of one character scripted; %s of group %d answered each", get.name, fx.group)}
}
