package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/world"
)

// SetInputStatus makes an account show a friend that it types or speaks.
func (s *Server) SetInputStatus(ctx context.Context, req ctl.SetInputStatusRequestObject) (ctl.SetInputStatusResponseObject, error) {
	p := value(req.Body)
	return ctl.SetInputStatus200JSONResponse(done(s.world.As(p.UserID).SetInputStatus(ctx, p.TargetID, world.InputStatus(p.EventType)))), nil
}
