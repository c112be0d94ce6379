package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/wordslice"
)

// GetWordSlices is .get_word_slices 获取中文分词: a deterministic segmenter (package wordslice)
// stands in for Tencent's service, so a bot gets words that follow its input, the same every
// time, rather than the 1404 an icqq-based server answers.
func (s *Server) GetWordSlices(ctx context.Context, req gen.GetWordSlicesRequestObject) (gen.GetWordSlicesResponseObject, error) {
	data := gen.WordSlicesData{Slices: wordslice.Split(value(req.Body).Content)}
	return gen.GetWordSlices200JSONResponse(result(ctx, data, nil)), nil
}
