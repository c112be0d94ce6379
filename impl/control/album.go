package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
)

// Group albums (群相册): a simulated member uploads, likes and comments, as a bot's album
// actions do.

// UploadAlbumMedia makes an account upload pictures to a group album as one batch.
func (s *Server) UploadAlbumMedia(ctx context.Context, req ctl.UploadAlbumMediaRequestObject) (ctl.UploadAlbumMediaResponseObject, error) {
	p := value(req.Body)
	media, err := s.world.As(p.UserID).UploadAlbum(ctx, p.GroupID, p.AlbumID, p.Files)
	out := ctl.WorldAlbumUpload{AlbumID: p.AlbumID, LlocList: make([]string, len(media))}
	for i, m := range media {
		out.BatchID, out.LlocList[i] = m.BatchID, m.Lloc
	}
	return ctl.UploadAlbumMedia200JSONResponse(result(out, err)), nil
}

// LikeAlbumMedia makes an account like (or unlike) a picture, or every picture of a batch.
func (s *Server) LikeAlbumMedia(ctx context.Context, req ctl.LikeAlbumMediaRequestObject) (ctl.LikeAlbumMediaResponseObject, error) {
	p := value(req.Body)
	err := s.world.As(p.UserID).LikeAlbumMedia(ctx, p.GroupID, p.AlbumID, value(p.BatchID), value(p.Lloc), value(p.Enable))
	return ctl.LikeAlbumMedia200JSONResponse(done(err)), nil
}

// CommentAlbumMedia makes an account comment on a picture.
func (s *Server) CommentAlbumMedia(ctx context.Context, req ctl.CommentAlbumMediaRequestObject) (ctl.CommentAlbumMediaResponseObject, error) {
	p := value(req.Body)
	return ctl.CommentAlbumMedia200JSONResponse(done(s.world.As(p.UserID).CommentAlbumMedia(ctx, p.GroupID, p.AlbumID, p.Lloc, p.Content))), nil
}
