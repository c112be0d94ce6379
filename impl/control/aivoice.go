package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/world"
)

// SetAiCharacters replaces the world's list of AI voices.
func (s *Server) SetAiCharacters(ctx context.Context, req ctl.SetAiCharactersRequestObject) (ctl.SetAiCharactersResponseObject, error) {
	p := value(req.Body)
	list := make([]world.AICharacter, len(p.Characters))
	for i, c := range p.Characters {
		list[i] = world.AICharacter{Category: c.Type, ID: c.CharacterID, Name: c.CharacterName, PreviewURL: value(c.PreviewURL)}
	}
	return ctl.SetAiCharacters200JSONResponse(done(s.world.ScriptAICharacters(ctx, list))), nil
}
