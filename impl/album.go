package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// Group albums (群相册): LLOneBot's create/delete/list/upload and NapCat's list, upload,
// delete, like and comment actions, on the world's albums.

// CreateGroupAlbum is create_group_album 创建群相册.
func (s *Server) CreateGroupAlbum(ctx context.Context, req gen.CreateGroupAlbumRequestObject) (gen.CreateGroupAlbumResponseObject, error) {
	p := value(req.Body)
	al, err := s.bot(ctx).CreateAlbum(ctx, p.GroupID, p.Name, value(p.Desc))
	data := gen.CreateGroupAlbumData{AlbumID: al.ID, Owner: strconv.FormatInt(al.GroupID, 10), Name: al.Name, Desc: al.Desc}
	return gen.CreateGroupAlbum200JSONResponse(result(ctx, data, err)), nil
}

// DeleteGroupAlbum is delete_group_album 删除群相册: its creator, owner and admins.
func (s *Server) DeleteGroupAlbum(ctx context.Context, req gen.DeleteGroupAlbumRequestObject) (gen.DeleteGroupAlbumResponseObject, error) {
	p := value(req.Body)
	return gen.DeleteGroupAlbum200JSONResponse(done(ctx, s.bot(ctx).DeleteAlbum(ctx, p.GroupID, p.AlbumID))), nil
}

// GetGroupAlbumList is get_group_album_list 获取群相册列表 (LLOneBot: a bare array).
func (s *Server) GetGroupAlbumList(ctx context.Context, req gen.GetGroupAlbumListRequestObject) (gen.GetGroupAlbumListResponseObject, error) {
	list, err := s.bot(ctx).Albums(ctx, value(req.Body).GroupID)
	return gen.GetGroupAlbumList200JSONResponse(result(ctx, albumList(list), err)), nil
}

// GetQunAlbumList is get_qun_album_list 获取群相册列表 (NapCat: the albums with paging; one page).
func (s *Server) GetQunAlbumList(ctx context.Context, req gen.GetQunAlbumListRequestObject) (gen.GetQunAlbumListResponseObject, error) {
	list, err := s.bot(ctx).Albums(ctx, value(req.Body).GroupID)
	data := gen.QunAlbumListData{AlbumList: albumList(list)}
	return gen.GetQunAlbumList200JSONResponse(result(ctx, data, err)), nil
}

// GetGroupAlbumMediaList is get_group_album_media_list 获取群相册媒体列表: one page of every picture.
func (s *Server) GetGroupAlbumMediaList(ctx context.Context, req gen.GetGroupAlbumMediaListRequestObject) (gen.GetGroupAlbumMediaListResponseObject, error) {
	p := value(req.Body)
	v, err := s.bot(ctx).Album(ctx, p.GroupID, p.AlbumID)
	data := gen.GroupAlbumMediaListData{Album: album(v), MediaList: make([]gen.GroupAlbumMedia, len(v.Media))}
	for i, m := range v.Media {
		data.MediaList[i] = albumMedia(m)
	}
	return gen.GetGroupAlbumMediaList200JSONResponse(result(ctx, data, err)), nil
}

// UploadGroupAlbum is upload_group_album 上传群相册: one batch of base64:// pictures.
func (s *Server) UploadGroupAlbum(ctx context.Context, req gen.UploadGroupAlbumRequestObject) (gen.UploadGroupAlbumResponseObject, error) {
	p := value(req.Body)
	media, err := s.bot(ctx).UploadAlbum(ctx, p.GroupID, p.AlbumID, p.Files)
	return gen.UploadGroupAlbum200JSONResponse(result(ctx, albumUpload(p.AlbumID, media), err)), nil
}

// UploadImageToQunAlbum is upload_image_to_qun_album 上传图片到群相册: a batch of one picture;
// the album goes by id (album_name is what NapCat passes on to QQ).
func (s *Server) UploadImageToQunAlbum(ctx context.Context, req gen.UploadImageToQunAlbumRequestObject) (gen.UploadImageToQunAlbumResponseObject, error) {
	p := value(req.Body)
	media, err := s.bot(ctx).UploadAlbum(ctx, p.GroupID, p.AlbumID, []string{p.File})
	return gen.UploadImageToQunAlbum200JSONResponse(result(ctx, albumUpload(p.AlbumID, media), err)), nil
}

// DelGroupAlbumMedia is del_group_album_media 删除群相册媒体: its uploader, owner and admins.
func (s *Server) DelGroupAlbumMedia(ctx context.Context, req gen.DelGroupAlbumMediaRequestObject) (gen.DelGroupAlbumMediaResponseObject, error) {
	p := value(req.Body)
	return gen.DelGroupAlbumMedia200JSONResponse(done(ctx, s.bot(ctx).DeleteAlbumMedia(ctx, p.GroupID, p.AlbumID, p.Lloc))), nil
}

// SetGroupAlbumMediaLike is set_group_album_media_like 点赞群相册媒体: one picture or its batch.
func (s *Server) SetGroupAlbumMediaLike(ctx context.Context, req gen.SetGroupAlbumMediaLikeRequestObject) (gen.SetGroupAlbumMediaLikeResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).LikeAlbumMedia(ctx, p.GroupID, p.AlbumID, p.BatchID, value(p.Lloc), true)
	return gen.SetGroupAlbumMediaLike200JSONResponse(done(ctx, err)), nil
}

// CancelGroupAlbumMediaLike is cancel_group_album_media_like 取消点赞群相册媒体.
func (s *Server) CancelGroupAlbumMediaLike(ctx context.Context, req gen.CancelGroupAlbumMediaLikeRequestObject) (gen.CancelGroupAlbumMediaLikeResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).LikeAlbumMedia(ctx, p.GroupID, p.AlbumID, p.BatchID, value(p.Lloc), false)
	return gen.CancelGroupAlbumMediaLike200JSONResponse(done(ctx, err)), nil
}

// DoGroupAlbumComment is do_group_album_comment 发表群相册评论.
func (s *Server) DoGroupAlbumComment(ctx context.Context, req gen.DoGroupAlbumCommentRequestObject) (gen.DoGroupAlbumCommentResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).CommentAlbumMedia(ctx, p.GroupID, p.AlbumID, p.Lloc, p.Content)
	return gen.DoGroupAlbumComment200JSONResponse(done(ctx, err)), nil
}

func albumList(list []world.AlbumView) gen.GroupAlbumList {
	out := make(gen.GroupAlbumList, len(list))
	for i, v := range list {
		out[i] = album(v)
	}
	return out
}

// album is an album as QQ's web answer has it (snake case, times and counts as strings); its
// cover is the newest picture.
func album(v world.AlbumView) gen.GroupAlbum {
	str := func(n int64) *string { s := strconv.FormatInt(n, 10); return &s }
	out := gen.GroupAlbum{AlbumID: v.ID, Owner: strconv.FormatInt(v.GroupID, 10), Name: v.Name, Desc: &v.Desc,
		CreateTime: str(v.Created), ModifyTime: str(v.Modified), UploadNumber: str(int64(len(v.Media))),
		Creator: &gen.GroupAlbumUser{Uin: strconv.FormatInt(v.CreatorID, 10), Nick: v.Creator.Nickname}}
	last := v.Created
	if len(v.Media) > 0 {
		cover := albumMedia(v.Media[0])
		out.Cover = &cover
		last = v.Media[0].Time
	}
	out.LastUploadTime = str(last)
	return out
}

func albumMedia(m world.AlbumMediaView) gen.GroupAlbumMedia {
	uploader := strconv.FormatInt(m.UploaderID, 10)
	order := int32(m.Order)
	key := m.AlbumID + "|" + m.Lloc
	out := gen.GroupAlbumMedia{Type: 0, Uploader: uploader, BatchID: m.BatchID, UploadTime: strconv.FormatInt(m.Time, 10), UploadOrder: &order,
		Image:      gen.GroupAlbumImage{Name: &m.Name, Lloc: m.Lloc, Sloc: &m.Lloc, DefaultURL: gen.GroupAlbumImageURL{URL: m.File.URL}},
		UploadUser: &gen.GroupAlbumUser{Uin: uploader, Nick: m.Uploader.Nickname},
		Like:       &gen.GroupAlbumLike{Key: &key, Num: int32(m.Likes), Liked: m.Liked}}
	comments := make([]gen.GroupAlbumComment, len(m.Comments))
	for i, c := range m.Comments {
		comments[i] = gen.GroupAlbumComment{Uin: strconv.FormatInt(c.UserID, 10), Nick: c.User.Nickname, Content: c.Content, Time: c.Time}
	}
	out.Comment = &gen.GroupAlbumCommentInfo{Num: int32(len(comments)), List: &comments}
	return out
}

func albumUpload(albumID string, media []world.AlbumMedia) gen.GroupAlbumUploadData {
	out := gen.GroupAlbumUploadData{AlbumID: albumID, LlocList: make([]string, len(media))}
	for i, m := range media {
		out.BatchID, out.LlocList[i] = m.BatchID, m.Lloc
	}
	return out
}
