package control

import (
	"context"
	"strconv"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/world"
)

// PostNotice makes an account post a group announcement.
func (s *Server) PostNotice(ctx context.Context, req ctl.PostNoticeRequestObject) (ctl.PostNoticeResponseObject, error) {
	p := value(req.Body)
	id, err := s.world.As(p.UserID).Announce(ctx, world.Announcement{GroupID: p.GroupID, Content: p.Content, Image: value(p.Image),
		Pinned: value(p.Pinned), ConfirmRequired: value(p.ConfirmRequired), Type: 1})
	return ctl.PostNotice200JSONResponse(result(ctl.WorldNoticeID{NoticeID: strconv.FormatInt(id, 10)}, err)), nil
}
