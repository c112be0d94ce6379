package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
)

// SignGroup makes a member check in to a group for today.
func (s *Server) SignGroup(ctx context.Context, req ctl.SignGroupRequestObject) (ctl.SignGroupResponseObject, error) {
	p := value(req.Body)
	return ctl.SignGroup200JSONResponse(done(s.world.As(p.UserID).SignGroup(ctx, p.GroupID))), nil
}
