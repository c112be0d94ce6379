package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/world"
)

// ShareFlashSet: a user uploads a flash transfer set (闪传) and gets its share link, to send a
// bot.
func (s *Server) ShareFlashSet(ctx context.Context, req ctl.ShareFlashSetRequestObject) (ctl.ShareFlashSetResponseObject, error) {
	p := req.Body
	ups := make([]world.FlashUpload, len(p.Files))
	for i, f := range p.Files {
		ups[i] = world.FlashUpload{Name: f.Name, Content: f.Content}
	}
	set, files, err := s.world.As(p.UserID).CreateFlashSet(ctx, value(p.Name), ups)
	out := ctl.WorldFlashSet{FilesetID: set.ID, UserID: set.OwnerID, Name: set.Name, ShareCode: set.Code,
		ShareLink: world.FlashShareLink(set.Code), FileCount: len(files), Time: set.Time}
	return ctl.ShareFlashSet200JSONResponse(result(out, err)), nil
}
