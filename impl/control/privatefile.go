package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
)

// SendPrivateFile makes a user send a friend a file.
func (s *Server) SendPrivateFile(ctx context.Context, req ctl.SendPrivateFileRequestObject) (ctl.SendPrivateFileResponseObject, error) {
	p := req.Body
	f, err := s.world.As(p.UserID).SendPrivateFile(ctx, p.TargetID, p.Name, p.Content)
	return ctl.SendPrivateFile200JSONResponse(result(ctl.WorldPrivateFile{FileID: f.ID, Name: f.Name, Size: f.Size}, err)), nil
}
