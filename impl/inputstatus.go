package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// SetInputStatus is set_input_status 设置输入状态: the friend is shown that the bot types or
// speaks.
func (s *Server) SetInputStatus(ctx context.Context, req gen.SetInputStatusRequestObject) (gen.SetInputStatusResponseObject, error) {
	p := value(req.Body)
	return gen.SetInputStatus200JSONResponse(done(ctx, s.bot(ctx).SetInputStatus(ctx, p.UserID, world.InputStatus(p.EventType)))), nil
}
