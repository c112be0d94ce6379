package control

import (
	"context"
	"strconv"

	ctl "github.com/onespec/onespec/gen/control"
)

// OfferOnlineFile: a user offers a friend (a bot) an online file, its bytes or its size.
func (s *Server) OfferOnlineFile(ctx context.Context, req ctl.OfferOnlineFileRequestObject) (ctl.OfferOnlineFileResponseObject, error) {
	p := req.Body
	content, err := fileContent(p.Content, p.Size)
	if err != nil {
		return ctl.OfferOnlineFile200JSONResponse(failure[ctl.WorldOnlineFile](err)), nil
	}
	f, err := s.world.As(p.UserID).OfferOnlineFile(ctx, p.TargetID, p.Name, content, value(p.Size))
	out := ctl.WorldOnlineFile{MsgID: strconv.Itoa(int(f.ID)), UserID: f.FromID, TargetID: f.ToID, Name: f.Name, Size: f.Size,
		State: ctl.WorldOnlineFileState(f.State), Time: f.Time}
	return ctl.OfferOnlineFile200JSONResponse(result(out, err)), nil
}
