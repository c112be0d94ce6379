package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// SetGroupKickMembers is set_group_kick_members 批量踢出群成员: all or nothing, each removal
// as set_group_kick's.
func (s *Server) SetGroupKickMembers(ctx context.Context, req gen.SetGroupKickMembersRequestObject) (gen.SetGroupKickMembersResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).KickMembers(ctx, p.GroupID, p.UserID, value(p.RejectAddRequest))
	return gen.SetGroupKickMembers200JSONResponse(done(ctx, err)), nil
}

// BatchDeleteGroupMember is batch_delete_group_member, LLOneBot's 批量踢出群成员.
func (s *Server) BatchDeleteGroupMember(ctx context.Context, req gen.BatchDeleteGroupMemberRequestObject) (gen.BatchDeleteGroupMemberResponseObject, error) {
	p := value(req.Body)
	return gen.BatchDeleteGroupMember200JSONResponse(done(ctx, s.bot(ctx).KickMembers(ctx, p.GroupID, p.UserIds, false))), nil
}
