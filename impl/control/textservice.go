package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/world"
)

// SetTranslation scripts entries of the world's translation table.
func (s *Server) SetTranslation(ctx context.Context, req ctl.SetTranslationRequestObject) (ctl.SetTranslationResponseObject, error) {
	p := value(req.Body)
	entries := make([]world.Translation, len(p.Translations))
	for i, t := range p.Translations {
		entries[i] = world.Translation{Word: t.Word, Text: t.Text}
	}
	return ctl.SetTranslation200JSONResponse(done(s.world.ScriptTranslations(ctx, entries))), nil
}

// SetTranscript scripts what the world's speech to text reads in a received voice.
func (s *Server) SetTranscript(ctx context.Context, req ctl.SetTranscriptRequestObject) (ctl.SetTranscriptResponseObject, error) {
	p := value(req.Body)
	return ctl.SetTranscript200JSONResponse(done(s.world.ScriptTranscript(ctx, p.Record, p.Text))), nil
}
