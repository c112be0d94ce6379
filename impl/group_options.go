package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// A group's options (群设置), set by its owner and admins through NapCat's setters and read
// by get_group_info_ex; the world keeps them and checks who may change them.

// GetGroupInfoEx is get_group_info_ex 获取群详细信息 (扩展): the group's options in the
// names the setters take.
func (s *Server) GetGroupInfoEx(ctx context.Context, req gen.GetGroupInfoExRequestObject) (gen.GetGroupInfoExResponseObject, error) {
	g, err := s.bot(ctx).GroupOptions(ctx, value(req.Body).GroupID)
	return gen.GetGroupInfoEx200JSONResponse(result(ctx, groupInfoEx(g), err)), nil
}

func groupInfoEx(g world.GroupOptions) gen.GroupInfoEx {
	return gen.GroupInfoEx{
		GroupID: g.GroupID, AddType: g.AddType, GroupQuestion: g.Question, GroupAnswer: g.Answer,
		NoCodeFingerOpen: g.NoCodeFingerOpen, NoFingerOpen: g.NoFingerOpen,
		RobotMemberSwitch: g.RobotMemberSwitch, RobotMemberExamine: g.RobotMemberExamine,
		MemberInvitePolicy:          gen.GroupInfoExMemberInvitePolicy(g.InvitePolicy),
		AllowMemberUploadAlbum:      g.AllowUploadAlbum,
		AllowMemberTemporarySession: g.AllowTemporarySession,
		AllowMemberCreateGroup:      g.AllowCreateGroup,
		NewMemberHistoryVisible:     g.NewMemberHistoryVisible,
		MsgMask:                     g.MsgMask,
		SilencedBots:                append([]int64{}, g.SilencedBots...),
	}
}

// SetGroupAddOption is set_group_add_option 设置群加群选项.
func (s *Server) SetGroupAddOption(ctx context.Context, req gen.SetGroupAddOptionRequestObject) (gen.SetGroupAddOptionResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetGroupAddOption(ctx, p.GroupID, p.AddType, value(p.GroupQuestion), value(p.GroupAnswer))
	return gen.SetGroupAddOption200JSONResponse(done(ctx, err)), nil
}

// SetGroupSearch is set_group_search 设置群搜索选项.
func (s *Server) SetGroupSearch(ctx context.Context, req gen.SetGroupSearchRequestObject) (gen.SetGroupSearchResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetGroupSearch(ctx, p.GroupID, p.NoCodeFingerOpen, p.NoFingerOpen)
	return gen.SetGroupSearch200JSONResponse(done(ctx, err)), nil
}

// SetGroupRobotAddOption is set_group_robot_add_option 设置群机器人加群选项.
func (s *Server) SetGroupRobotAddOption(ctx context.Context, req gen.SetGroupRobotAddOptionRequestObject) (gen.SetGroupRobotAddOptionResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetGroupRobotAddOption(ctx, p.GroupID, p.RobotMemberSwitch, p.RobotMemberExamine)
	return gen.SetGroupRobotAddOption200JSONResponse(done(ctx, err)), nil
}

// SetGroupMemberInvitePolicy is set_group_member_invite_policy 设置群成员邀请策略.
func (s *Server) SetGroupMemberInvitePolicy(ctx context.Context, req gen.SetGroupMemberInvitePolicyRequestObject) (gen.SetGroupMemberInvitePolicyResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetGroupInvitePolicy(ctx, p.GroupID, string(p.Policy))
	return gen.SetGroupMemberInvitePolicy200JSONResponse(done(ctx, err)), nil
}

// SetGroupMemberPermissions is set_group_member_permissions 设置群成员功能权限.
func (s *Server) SetGroupMemberPermissions(ctx context.Context, req gen.SetGroupMemberPermissionsRequestObject) (gen.SetGroupMemberPermissionsResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetGroupMemberPermissions(ctx, p.GroupID, p.AllowMemberUploadAlbum, p.AllowMemberTemporarySession, p.AllowMemberCreateGroup)
	return gen.SetGroupMemberPermissions200JSONResponse(done(ctx, err)), nil
}

// SetGroupNewMemberHistoryVisibility is set_group_new_member_history_visibility
// 设置新成员历史消息可见性.
func (s *Server) SetGroupNewMemberHistoryVisibility(ctx context.Context, req gen.SetGroupNewMemberHistoryVisibilityRequestObject) (gen.SetGroupNewMemberHistoryVisibilityResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetGroupNewMemberHistoryVisible(ctx, p.GroupID, p.Visible)
	return gen.SetGroupNewMemberHistoryVisibility200JSONResponse(done(ctx, err)), nil
}

// SetGroupMsgMask is set_group_msg_mask 设置群消息接收方式: the bot's own setting.
func (s *Server) SetGroupMsgMask(ctx context.Context, req gen.SetGroupMsgMaskRequestObject) (gen.SetGroupMsgMaskResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupMsgMask200JSONResponse(done(ctx, s.bot(ctx).SetGroupMsgMask(ctx, p.GroupID, p.Mask))), nil
}

// SetGroupBotStatus is set_group_bot_status 设置群 Bot 发言状态 (Lagrange): it answers the
// bot's number.
func (s *Server) SetGroupBotStatus(ctx context.Context, req gen.SetGroupBotStatusRequestObject) (gen.SetGroupBotStatusResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetGroupBotStatus(ctx, p.GroupID, p.BotID, p.Enable == gen.SetGroupBotStatusParamsEnableN1)
	return gen.SetGroupBotStatus200JSONResponse(result(ctx, gen.GroupBotID(p.BotID), err)), nil
}
