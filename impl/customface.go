package impl

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// maxRecommendedFaces bounds get_recommend_face's answer.
const maxRecommendedFaces = 20

// customFaceDetail is a face with QQ's field names (fetch_custom_face_detail).
func customFaceDetail(f world.CustomFace) gen.CustomFaceDetail {
	return gen.CustomFaceDetail{Uin: strconv.FormatInt(f.OwnerID, 10), EmoID: f.ID, ResID: f.ResID(), Md5: f.MD5, URL: f.URL,
		Desc: f.Desc, IsExist: true, IsMarkFace: false}
}

// FetchCustomFace is fetch_custom_face 获取收藏表情: the faces' URLs.
func (s *Server) FetchCustomFace(ctx context.Context, req gen.FetchCustomFaceRequestObject) (gen.FetchCustomFaceResponseObject, error) {
	faces, err := s.bot(ctx).CustomFaces(ctx, int(value(value(req.Body).Count)))
	urls := make(gen.CustomFaceURLList, len(faces))
	for i, f := range faces {
		urls[i] = f.URL
	}
	return gen.FetchCustomFace200JSONResponse(result(ctx, urls, err)), nil
}

// FetchCustomFaceDetail is fetch_custom_face_detail 获取收藏表情详情.
func (s *Server) FetchCustomFaceDetail(ctx context.Context, req gen.FetchCustomFaceDetailRequestObject) (gen.FetchCustomFaceDetailResponseObject, error) {
	faces, err := s.bot(ctx).CustomFaces(ctx, int(value(value(req.Body).Count)))
	list := make(gen.CustomFaceDetailList, len(faces))
	for i, f := range faces {
		list[i] = customFaceDetail(f)
	}
	return gen.FetchCustomFaceDetail200JSONResponse(result(ctx, list, err)), nil
}

// AddCustomFace is add_custom_face 添加收藏表情: file is base64://, a completed stream upload's
// path, or a received image's name.
func (s *Server) AddCustomFace(ctx context.Context, req gen.AddCustomFaceRequestObject) (gen.AddCustomFaceResponseObject, error) {
	p := value(req.Body)
	src := world.FaceSource{Image: p.File, Name: value(p.FileName)}
	data, err := world.DecodeFaceData(p.File)
	if err == nil && data == nil {
		data, err = s.uploadedFile(p.File)
	}
	src.Data = data
	var f world.CustomFace
	if err == nil {
		f, err = s.bot(ctx).AddCustomFace(ctx, src)
	}
	return gen.AddCustomFace200JSONResponse(result(ctx, customFaceDetail(f), err)), nil
}

// uploadedFile is the content of file when it names a file upload_file_stream completed (a
// path, or file:// and a path), else nil.
func (s *Server) uploadedFile(file string) ([]byte, error) {
	path := strings.TrimPrefix(file, "file://")
	if st := s.uploads.opened(); st == nil || !st.Has(path) {
		return nil, nil
	}
	if info, err := os.Stat(path); err == nil && info.Size() > world.MaxCustomFaceBytes {
		return nil, invalid("file: %d bytes, more than the %d a custom face may have", info.Size(), world.MaxCustomFaceBytes)
	}
	return os.ReadFile(path)
}

// DeleteCustomFace is delete_custom_face 删除收藏表情.
func (s *Server) DeleteCustomFace(ctx context.Context, req gen.DeleteCustomFaceRequestObject) (gen.DeleteCustomFaceResponseObject, error) {
	p := value(req.Body)
	ids := value(p.Ids)
	if len(ids) == 0 && p.ResID != nil {
		ids = []string{*p.ResID}
	}
	return gen.DeleteCustomFace200JSONResponse(done(ctx, s.bot(ctx).DeleteCustomFaces(ctx, ids))), nil
}

// SetCustomFaceDesc is set_custom_face_desc 修改收藏表情描述.
func (s *Server) SetCustomFaceDesc(ctx context.Context, req gen.SetCustomFaceDescRequestObject) (gen.SetCustomFaceDescResponseObject, error) {
	p := value(req.Body)
	return gen.SetCustomFaceDesc200JSONResponse(done(ctx, s.bot(ctx).SetCustomFaceDesc(ctx, p.ResID, p.Md5, p.Desc))), nil
}

// GetRecommendFace is get_recommend_face 获取推荐表情: faces of the world described with the word.
func (s *Server) GetRecommendFace(ctx context.Context, req gen.GetRecommendFaceRequestObject) (gen.GetRecommendFaceResponseObject, error) {
	faces, err := s.bot(ctx).RecommendFaces(ctx, value(req.Body).Word, maxRecommendedFaces)
	data := gen.GetRecommendFaceData{URL: make([]string, len(faces))}
	for i, f := range faces {
		data.URL[i] = f.URL
	}
	return gen.GetRecommendFace200JSONResponse(result(ctx, data, err)), nil
}
