package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/wordslice"
)

// GetWordSlices is .get_word_slices 获取中文分词. The world stands in for Tencent's service: the
// words a test scripted for the text (set_word_slices), else those of a deterministic segmenter
// (package wordslice), so a bot gets words that follow its input, the same every time, rather
// than the 1404 an icqq-based server answers.
func (s *Server) GetWordSlices(ctx context.Context, req gen.GetWordSlicesRequestObject) (gen.GetWordSlicesResponseObject, error) {
	content := value(req.Body).Content
	slices, scripted, err := s.bot(ctx).WordSlices(ctx, content)
	if err == nil && !scripted {
		slices = wordslice.Split(content)
	}
	return gen.GetWordSlices200JSONResponse(result(ctx, gen.WordSlicesData{Slices: slices}, err)), nil
}
