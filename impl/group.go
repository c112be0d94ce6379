package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// SetGroupKick is set_group_kick 群组踢人.
func (s *Server) SetGroupKick(ctx context.Context, req gen.SetGroupKickRequestObject) (gen.SetGroupKickResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupKick200JSONResponse(done(ctx, s.bot(ctx).Kick(ctx, p.GroupID, p.UserID, value(p.RejectAddRequest)))), nil
}

// SetGroupBan is set_group_ban 群组单人禁言; duration 0 lifts the mute.
func (s *Server) SetGroupBan(ctx context.Context, req gen.SetGroupBanRequestObject) (gen.SetGroupBanResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupBan200JSONResponse(done(ctx, s.bot(ctx).Mute(ctx, p.GroupID, p.UserID, int64(value(p.Duration))))), nil
}

// SetGroupAnonymousBan is set_group_anonymous_ban 群组匿名用户禁言. The anonymous sender can be
// named three ways (the event's anonymous object, anonymous_flag, or flag); the first given wins.
func (s *Server) SetGroupAnonymousBan(ctx context.Context, req gen.SetGroupAnonymousBanRequestObject) (gen.SetGroupAnonymousBanResponseObject, error) {
	p := value(req.Body)
	var flag string
	switch {
	case p.Anonymous != nil && p.Anonymous.Flag != "":
		flag = p.Anonymous.Flag
	case value(p.AnonymousFlag) != "":
		flag = *p.AnonymousFlag
	default:
		flag = value(p.Flag)
	}
	err := invalid("one of anonymous, anonymous_flag or flag is required")
	if flag != "" {
		err = s.bot(ctx).MuteAnonymous(ctx, p.GroupID, flag, int64(value(p.Duration)))
	}
	return gen.SetGroupAnonymousBan200JSONResponse(done(ctx, err)), nil
}

// SetGroupWholeBan is set_group_whole_ban 群组全员禁言.
func (s *Server) SetGroupWholeBan(ctx context.Context, req gen.SetGroupWholeBanRequestObject) (gen.SetGroupWholeBanResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupWholeBan200JSONResponse(done(ctx, s.bot(ctx).SetWholeBan(ctx, p.GroupID, value(p.Enable)))), nil
}

// SetGroupAdmin is set_group_admin 群组设置管理员; only the owner may.
func (s *Server) SetGroupAdmin(ctx context.Context, req gen.SetGroupAdminRequestObject) (gen.SetGroupAdminResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupAdmin200JSONResponse(done(ctx, s.bot(ctx).SetAdmin(ctx, p.GroupID, p.UserID, value(p.Enable)))), nil
}

// SetGroupAnonymous is set_group_anonymous 群组匿名.
func (s *Server) SetGroupAnonymous(ctx context.Context, req gen.SetGroupAnonymousRequestObject) (gen.SetGroupAnonymousResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupAnonymous200JSONResponse(done(ctx, s.bot(ctx).SetAnonymous(ctx, p.GroupID, value(p.Enable)))), nil
}

// SetGroupCard is set_group_card 设置群名片（群备注）; an empty card removes it.
func (s *Server) SetGroupCard(ctx context.Context, req gen.SetGroupCardRequestObject) (gen.SetGroupCardResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupCard200JSONResponse(done(ctx, s.bot(ctx).SetCard(ctx, p.GroupID, p.UserID, value(p.Card)))), nil
}

// SetGroupName is set_group_name 设置群名.
func (s *Server) SetGroupName(ctx context.Context, req gen.SetGroupNameRequestObject) (gen.SetGroupNameResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupName200JSONResponse(done(ctx, s.bot(ctx).SetGroupName(ctx, p.GroupID, p.GroupName))), nil
}

// SetGroupLeave is set_group_leave 退出群组; the owner must dismiss instead.
func (s *Server) SetGroupLeave(ctx context.Context, req gen.SetGroupLeaveRequestObject) (gen.SetGroupLeaveResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupLeave200JSONResponse(done(ctx, s.bot(ctx).Leave(ctx, p.GroupID, value(p.IsDismiss)))), nil
}

// SetGroupSpecialTitle is set_group_special_title 设置群组专属头衔; only the owner may.
func (s *Server) SetGroupSpecialTitle(ctx context.Context, req gen.SetGroupSpecialTitleRequestObject) (gen.SetGroupSpecialTitleResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).SetTitle(ctx, p.GroupID, p.UserID, value(p.SpecialTitle), int64(value(p.Duration)))
	return gen.SetGroupSpecialTitle200JSONResponse(done(ctx, err)), nil
}

// SetGroupAddRequest is set_group_add_request 处理加群请求／邀请; sub_type (or its alias type),
// when given, must match the request.
func (s *Server) SetGroupAddRequest(ctx context.Context, req gen.SetGroupAddRequestRequestObject) (gen.SetGroupAddRequestResponseObject, error) {
	p := value(req.Body)
	kind := world.RequestKind(value(p.SubType))
	if kind == "" {
		kind = world.RequestKind(value(p.Type))
	}
	err := s.bot(ctx).AnswerGroupRequest(ctx, p.Flag, kind, value(p.Approve))
	return gen.SetGroupAddRequest200JSONResponse(done(ctx, err)), nil
}

// GetGroupInfo is get_group_info 获取群信息.
func (s *Server) GetGroupInfo(ctx context.Context, req gen.GetGroupInfoRequestObject) (gen.GetGroupInfoResponseObject, error) {
	g, err := s.bot(ctx).GroupInfo(ctx, value(req.Body).GroupID)
	return gen.GetGroupInfo200JSONResponse(result(ctx, groupInfo(g), err)), nil
}

// GetGroupList is get_group_list 获取群列表.
func (s *Server) GetGroupList(ctx context.Context, _ gen.GetGroupListRequestObject) (gen.GetGroupListResponseObject, error) {
	groups, err := s.bot(ctx).Groups(ctx)
	list := make(gen.GroupList, 0, len(groups))
	for _, g := range groups {
		list = append(list, groupInfo(g))
	}
	return gen.GetGroupList200JSONResponse(result(ctx, list, err)), nil
}

// GetGroupMemberInfo is get_group_member_info 获取群成员信息.
func (s *Server) GetGroupMemberInfo(ctx context.Context, req gen.GetGroupMemberInfoRequestObject) (gen.GetGroupMemberInfoResponseObject, error) {
	p := value(req.Body)
	m, err := s.bot(ctx).MemberInfo(ctx, p.GroupID, p.UserID)
	return gen.GetGroupMemberInfo200JSONResponse(result(ctx, memberInfo(m), err)), nil
}

// GetGroupMemberList is get_group_member_list 获取群成员列表.
func (s *Server) GetGroupMemberList(ctx context.Context, req gen.GetGroupMemberListRequestObject) (gen.GetGroupMemberListResponseObject, error) {
	members, err := s.bot(ctx).Members(ctx, value(req.Body).GroupID)
	list := make(gen.GroupMemberList, 0, len(members))
	for _, m := range members {
		list = append(list, memberInfo(m))
	}
	if err != nil {
		list = nil
	}
	return gen.GetGroupMemberList200JSONResponse(result(ctx, list, err)), nil
}

// GetGroupHonorInfo is get_group_honor_info 获取群荣誉信息: the lists of the requested type, or
// all of them for type all.
func (s *Server) GetGroupHonorInfo(ctx context.Context, req gen.GetGroupHonorInfoRequestObject) (gen.GetGroupHonorInfoResponseObject, error) {
	p := value(req.Body)
	b := s.bot(ctx)
	honors, talkative, err := b.Honors(ctx, p.GroupID)
	if err != nil {
		return gen.GetGroupHonorInfo200JSONResponse(failure[gen.GetGroupHonorInfoData](ctx, err)), nil
	}
	byType := map[gen.GetGroupHonorInfoParamsType][]world.Honor{}
	for _, h := range honors {
		t := gen.GetGroupHonorInfoParamsType(h.Type)
		byType[t] = append(byType[t], h)
	}
	data := gen.GetGroupHonorInfoData{GroupID: p.GroupID}
	want := func(t gen.GetGroupHonorInfoParamsType) bool {
		return p.Type == t || p.Type == gen.GetGroupHonorInfoParamsTypeAll
	}
	list := func(t gen.GetGroupHonorInfoParamsType) *[]gen.HonorMember {
		if !want(t) {
			return nil
		}
		out := []gen.HonorMember{}
		for _, h := range byType[t] {
			out = append(out, honorMember(ctx, b, h))
		}
		return &out
	}
	data.TalkativeList = list(gen.GetGroupHonorInfoParamsTypeTalkative)
	data.PerformerList = list(gen.GetGroupHonorInfoParamsTypePerformer)
	data.LegendList = list(gen.GetGroupHonorInfoParamsTypeLegend)
	data.StrongNewbieList = list(gen.GetGroupHonorInfoParamsTypeStrongNewbie)
	data.EmotionList = list(gen.GetGroupHonorInfoParamsTypeEmotion)
	if talkative != nil && want(gen.GetGroupHonorInfoParamsTypeTalkative) {
		m := honorMember(ctx, b, *talkative)
		data.CurrentTalkative = &gen.CurrentTalkative{UserID: &m.UserID, Nickname: &m.Nickname, Avatar: &m.Avatar, DayCount: &talkative.DayCount}
	}
	return gen.GetGroupHonorInfo200JSONResponse(result(ctx, data, nil)), nil
}

// SetEssenceMsg is set_essence_msg 设置精华消息; owner and admins only.
func (s *Server) SetEssenceMsg(ctx context.Context, req gen.SetEssenceMsgRequestObject) (gen.SetEssenceMsgResponseObject, error) {
	return gen.SetEssenceMsg200JSONResponse(done(ctx, s.bot(ctx).SetEssence(ctx, value(req.Body).MessageID, true))), nil
}

// DeleteEssenceMsg is delete_essence_msg 移出精华消息; owner and admins only.
func (s *Server) DeleteEssenceMsg(ctx context.Context, req gen.DeleteEssenceMsgRequestObject) (gen.DeleteEssenceMsgResponseObject, error) {
	return gen.DeleteEssenceMsg200JSONResponse(done(ctx, s.bot(ctx).SetEssence(ctx, value(req.Body).MessageID, false))), nil
}

// GetEssenceMsgList is get_essence_msg_list 获取精华消息列表: go-cqhttp's fields, and NapCat's
// content and msg_seq.
func (s *Server) GetEssenceMsgList(ctx context.Context, req gen.GetEssenceMsgListRequestObject) (gen.GetEssenceMsgListResponseObject, error) {
	list, err := s.bot(ctx).Essences(ctx, value(req.Body).GroupID)
	out := make(gen.EssenceMsgList, len(list))
	for i, e := range list {
		m := e.Message
		out[i] = gen.EssenceMsg{SenderID: m.SenderID, SenderNick: m.Sender.Nickname, SenderTime: &m.Time, OperatorID: e.OperatorID,
			OperatorNick: e.Operator.Nickname, OperatorTime: e.Time, MessageID: e.MessageID, MsgSeq: &m.Seq, Content: &gen.ReceivedMessage{}}
		if err == nil {
			err = encodeMessage(m.Segments, out[i].Content)
		}
	}
	return gen.GetEssenceMsgList200JSONResponse(result(ctx, out, err)), nil
}

func honorMember(ctx context.Context, b *world.Actor, h world.Honor) gen.HonorMember {
	u, _ := b.Account(ctx, h.UserID) // honors name accounts the world knows; a stale one shows its id alone
	return gen.HonorMember{UserID: h.UserID, Nickname: u.Nickname, Avatar: avatarURL(h.UserID), Description: h.Description}
}

// groupInfo is a group as the bot sees it, with NapCat's extensions (group_all_shut: -1
// while the whole group is muted; group_remark: the bot's own remark for the group).
func groupInfo(g world.GroupSummary) gen.GroupInfo {
	allShut := int32(0)
	if g.WholeBan {
		allShut = -1
	}
	return gen.GroupInfo{GroupID: g.ID, GroupName: g.Name, MemberCount: g.MemberCount, MaxMemberCount: g.MaxMembers,
		GroupAllShut: &allShut, GroupRemark: &g.Remark}
}

func memberInfo(m world.MemberView) gen.GroupMemberInfo {
	return gen.GroupMemberInfo{
		GroupID:         m.GroupID,
		UserID:          m.UserID,
		Nickname:        m.Nickname,
		Card:            m.Card,
		Sex:             gen.Sex(m.Sex),
		Age:             m.Age,
		Area:            &m.Area,
		JoinTime:        int32(m.JoinTime),
		LastSentTime:    int32(m.LastSentTime),
		Level:           m.Membership.Level,
		Role:            gen.Role(m.Role),
		Unfriendly:      false,
		Title:           &m.Title,
		TitleExpireTime: int32(m.TitleExpireTime),
		CardChangeable:  true,
		// NapCat's extensions: the account's QQ level, whether it is one of QQ's own robots
		// (an ordinary account a bot logs in as is not), and when the member's mute ends.
		QqLevel:         &m.Account.Level,
		IsRobot:         &m.OfficialBot,
		ShutUpTimestamp: &m.MutedUntil,
	}
}
