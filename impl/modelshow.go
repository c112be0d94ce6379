package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// GetModelShow is _get_model_show 获取在线机型.
func (s *Server) GetModelShow(ctx context.Context, req gen.GetModelShowRequestObject) (gen.GetModelShowResponseObject, error) {
	variants, err := s.bot(ctx).ModelVariants(ctx, value(value(req.Body).Model))
	data := gen.ModelShowList{Variants: make([]gen.ModelShowVariant, 0, len(variants))}
	for _, v := range variants {
		data.Variants = append(data.Variants, gen.ModelShowVariant{ModelShow: v.Show, NeedPay: v.NeedPay})
	}
	return gen.GetModelShow200JSONResponse(result(ctx, data, err)), nil
}

// SetModelShow is _set_model_show 设置在线机型.
func (s *Server) SetModelShow(ctx context.Context, req gen.SetModelShowRequestObject) (gen.SetModelShowResponseObject, error) {
	p := value(req.Body)
	return gen.SetModelShow200JSONResponse(done(ctx, s.bot(ctx).SetModelShow(ctx, p.Model, p.ModelShow))), nil
}
