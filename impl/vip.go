package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// GetVipInfo is _get_vip_info 获取 VIP 信息.
func (s *Server) GetVipInfo(ctx context.Context, req gen.GetVipInfoRequestObject) (gen.GetVipInfoResponseObject, error) {
	acc, v, err := s.bot(ctx).VIPInfo(ctx, value(req.Body).UserID)
	data := gen.VipInfo{UserID: acc.ID, Nickname: acc.Nickname, Level: acc.Level, LevelSpeed: v.LevelSpeed, VipLevel: v.Name(),
		VipGrowthSpeed: v.GrowthSpeed, VipGrowthTotal: v.GrowthTotal}
	return gen.GetVipInfo200JSONResponse(result(ctx, data, err)), nil
}
