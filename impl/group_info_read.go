package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// GetGroupAtAllRemain is get_group_at_all_remain 获取群 @全体成员 剩余次数: the day's
// quota left, as the world counts the group's @全体成员 mentions.
func (s *Server) GetGroupAtAllRemain(ctx context.Context, req gen.GetGroupAtAllRemainRequestObject) (gen.GetGroupAtAllRemainResponseObject, error) {
	r, err := s.bot(ctx).AtAllRemain(ctx, value(req.Body).GroupID)
	data := gen.GroupAtAllRemain{CanAtAll: r.CanAtAll, RemainAtAllCountForGroup: int32(r.ForGroup), RemainAtAllCountForUin: int32(r.ForMe)}
	return gen.GetGroupAtAllRemain200JSONResponse(result(ctx, data, err)), nil
}

// ntRoles are QQ's (NTQQ's) numbers for the roles, as NapCat passes its member records on.
var ntRoles = map[world.Role]int32{world.Member: 2, world.Admin: 3, world.Owner: 4}

// GetGroupShutList is get_group_shut_list 获取群禁言列表: the members whose mute has not ended,
// in QQ's own record shape as NapCat and LLOneBot answer it.
func (s *Server) GetGroupShutList(ctx context.Context, req gen.GetGroupShutListRequestObject) (gen.GetGroupShutListResponseObject, error) {
	list, err := s.bot(ctx).MutedMembers(ctx, value(req.Body).GroupID)
	out := make(gen.GroupShutList, len(list))
	for i, m := range list {
		out[i] = gen.GroupShutMember{Uin: strconv.FormatInt(m.UserID, 10), Nick: m.Nickname, CardName: m.Card,
			Role: gen.GroupShutMemberRole(ntRoles[m.Role]), ShutUpTime: m.MutedUntil}
	}
	return gen.GetGroupShutList200JSONResponse(result(ctx, out, err)), nil
}

// GetGroupDetailInfo is get_group_detail_info 获取群详细信息: what get_group_info answers,
// NapCat's fields included.
func (s *Server) GetGroupDetailInfo(ctx context.Context, req gen.GetGroupDetailInfoRequestObject) (gen.GetGroupDetailInfoResponseObject, error) {
	g, err := s.bot(ctx).GroupInfo(ctx, value(req.Body).GroupID)
	return gen.GetGroupDetailInfo200JSONResponse(result(ctx, groupInfo(g), err)), nil
}
