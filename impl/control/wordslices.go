package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
)

// SetWordSlices scripts the words the world's segmentation finds in a text.
func (s *Server) SetWordSlices(ctx context.Context, req ctl.SetWordSlicesRequestObject) (ctl.SetWordSlicesResponseObject, error) {
	p := value(req.Body)
	return ctl.SetWordSlices200JSONResponse(done(s.world.ScriptWordSlices(ctx, p.Content, p.Slices))), nil
}
