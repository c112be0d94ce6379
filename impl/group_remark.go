package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// SetGroupRemark is set_group_remark 设置群备注: the bot's own name for a group, shown to it
// as group_remark.
func (s *Server) SetGroupRemark(ctx context.Context, req gen.SetGroupRemarkRequestObject) (gen.SetGroupRemarkResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupRemark200JSONResponse(done(ctx, s.bot(ctx).SetGroupRemark(ctx, p.GroupID, value(p.Remark)))), nil
}
