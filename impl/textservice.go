package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// The text services QQ asks Tencent for (translation, speech to text) answer from the world's
// scriptable stand-ins (impl/world/translation.go, transcript.go).

// TranslateEn2Zh is translate_en2zh 英译中: one answer per word, "" where none is known.
func (s *Server) TranslateEn2Zh(ctx context.Context, req gen.TranslateEn2ZhRequestObject) (gen.TranslateEn2ZhResponseObject, error) {
	words, err := s.bot(ctx).Translate(ctx, value(req.Body).Words)
	return gen.TranslateEn2Zh200JSONResponse(result(ctx, gen.TranslateEn2ZhData{Words: words}, err)), nil
}

// VoiceMsgToText is LLOneBot's voice_msg_to_text 语音转文字.
func (s *Server) VoiceMsgToText(ctx context.Context, req gen.VoiceMsgToTextRequestObject) (gen.VoiceMsgToTextResponseObject, error) {
	text, err := s.bot(ctx).Transcribe(ctx, value(req.Body).MessageID)
	return gen.VoiceMsgToText200JSONResponse(result(ctx, gen.VoiceText{Text: text}, err)), nil
}

// FetchPttText is NapCat's fetch_ptt_text 获取语音转文字结果.
func (s *Server) FetchPttText(ctx context.Context, req gen.FetchPttTextRequestObject) (gen.FetchPttTextResponseObject, error) {
	text, err := s.bot(ctx).Transcribe(ctx, value(req.Body).MessageID)
	return gen.FetchPttText200JSONResponse(result(ctx, gen.VoiceText{Text: text}, err)), nil
}
