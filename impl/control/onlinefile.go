package control

import (
	"context"
	"strconv"

	ctl "github.com/onespec/onespec/gen/control"
)

// OfferOnlineFile: a user offers a friend (a bot) an online file, its bytes or its size.
func (s *Server) OfferOnlineFile(ctx context.Context, req ctl.OfferOnlineFileRequestObject) (ctl.OfferOnlineFileResponseObject, error) {
	p := req.Body
	var content []byte
	if p.Content != nil {
		content = *p.Content
		if content == nil {
			content = []byte{}
		}
		if p.Size != nil && *p.Size != int64(len(content)) {
			return ctl.OfferOnlineFile200JSONResponse(failure[ctl.WorldOnlineFile](invalid("size %d: the content has %d bytes; give one of content and size", *p.Size, len(content)))), nil
		}
	}
	f, err := s.world.As(p.UserID).OfferOnlineFile(ctx, p.TargetID, p.Name, content, value(p.Size))
	out := ctl.WorldOnlineFile{MsgID: strconv.Itoa(int(f.ID)), UserID: f.FromID, TargetID: f.ToID, Name: f.Name, Size: f.Size,
		State: ctl.WorldOnlineFileState(f.State), Time: f.Time}
	return ctl.OfferOnlineFile200JSONResponse(result(out, err)), nil
}
