package impl

import (
	"context"
	"path"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// cacheDir is where the simulated implementation says it keeps downloaded files; like
// go-cqhttp's data/cache, the paths are reported, not read back.
const cacheDir = "data/cache"

// cachedPath is where a received file is on this machine: the stored file itself when the
// world keeps its bytes, else the path the simulated implementation reports under cacheDir.
func (s *Server) cachedPath(f world.File, sub string) string {
	if p := s.world.MediaPath(f.Hash); p != "" {
		return p
	}
	return path.Join(cacheDir, sub, f.Name)
}

// GetImage is get_image 获取图片: the cached file of an image the bot received.
func (s *Server) GetImage(ctx context.Context, req gen.GetImageRequestObject) (gen.GetImageResponseObject, error) {
	f, err := s.bot(ctx).File(ctx, world.ImageFile, value(req.Body).File)
	data := gen.GetImageData{File: s.cachedPath(f, "images"), Filename: &f.Name, URL: &f.URL, Size: &f.Size}
	return gen.GetImage200JSONResponse(result(ctx, data, err)), nil
}

// GetRecord is get_record 获取语音: a received voice file, converted to out_format. A voice
// known by name alone (the default world's hello.amr) answers the path the simulated
// implementation reports.
func (s *Server) GetRecord(ctx context.Context, req gen.GetRecordRequestObject) (gen.GetRecordResponseObject, error) {
	p := value(req.Body)
	f, err := s.bot(ctx).File(ctx, world.RecordFile, p.File)
	converted := strings.TrimSuffix(f.Name, path.Ext(f.Name)) + "." + string(p.OutFormat)
	data := gen.GetRecordData{File: path.Join(cacheDir, "records", converted)}
	if stored := s.world.MediaPath(f.Hash); err == nil && stored != "" {
		// A voice whose bytes the world keeps: the file itself when it is in out_format
		// already, else ffmpeg's conversion (1500 without ffmpeg).
		data.File, err = convertVoice(ctx, stored, string(p.OutFormat))
	}
	return gen.GetRecord200JSONResponse(result(ctx, data, err)), nil
}

// CanSendImage is can_send_image 检查是否可以发送图片; the simulated account always can.
func (s *Server) CanSendImage(ctx context.Context, _ gen.CanSendImageRequestObject) (gen.CanSendImageResponseObject, error) {
	return gen.CanSendImage200JSONResponse(result(ctx, gen.CanSendImageData{Yes: true}, nil)), nil
}

// CanSendRecord is can_send_record 检查是否可以发送语音; the simulated account always can.
func (s *Server) CanSendRecord(ctx context.Context, _ gen.CanSendRecordRequestObject) (gen.CanSendRecordResponseObject, error) {
	return gen.CanSendRecord200JSONResponse(result(ctx, gen.CanSendRecordData{Yes: true}, nil)), nil
}

// OcrImage is ocr_image 图片 OCR: what the world's stand-in for QQ's OCR service reads in a
// received image (scripted by a test; no text when nothing was).
func (s *Server) OcrImage(ctx context.Context, req gen.OcrImageRequestObject) (gen.OcrImageResponseObject, error) {
	r, err := s.bot(ctx).OCR(ctx, value(req.Body).Image)
	data := gen.OcrImageData{Language: r.Language, Texts: make([]gen.TextDetection, len(r.Texts))}
	for i, t := range r.Texts {
		points := make([]gen.OcrPoint, len(t.Coordinates))
		for j, p := range t.Coordinates {
			points[j] = gen.OcrPoint{X: p.X, Y: p.Y}
		}
		data.Texts[i] = gen.TextDetection{Text: t.Text, Confidence: t.Confidence, Coordinates: points}
	}
	return gen.OcrImage200JSONResponse(result(ctx, data, err)), nil
}
