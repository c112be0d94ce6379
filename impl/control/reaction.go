package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
)

// React makes an account put an emoji on a group message, or take it back.
func (s *Server) React(ctx context.Context, req ctl.ReactRequestObject) (ctl.ReactResponseObject, error) {
	p := value(req.Body)
	on := p.Enable == nil || *p.Enable
	return ctl.React200JSONResponse(done(s.world.As(p.UserID).React(ctx, 0, p.MessageID, p.EmojiID, on))), nil
}
