package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// Guilds (QQ 频道): go-cqhttp's guild service on the world's guilds. Accounts are named by
// their tiny_ids (world.TinyID), as go-cqhttp names them.

// GetGuildServiceProfile is get_guild_service_profile 获取频道系统内 BOT 的资料.
func (s *Server) GetGuildServiceProfile(ctx context.Context, _ gen.GetGuildServiceProfileRequestObject) (gen.GetGuildServiceProfileResponseObject, error) {
	me, err := s.bot(ctx).Self(ctx)
	data := gen.GuildServiceProfile{Nickname: me.Nickname, TinyID: world.TinyID(me.ID), AvatarURL: avatarURL(me.ID)}
	return gen.GetGuildServiceProfile200JSONResponse(result(ctx, data, err)), nil
}

// GetGuildList is get_guild_list 获取频道列表: the guilds the bot is in.
func (s *Server) GetGuildList(ctx context.Context, _ gen.GetGuildListRequestObject) (gen.GetGuildListResponseObject, error) {
	guilds, err := s.bot(ctx).Guilds(ctx)
	out := make(gen.GuildList, len(guilds))
	for i, g := range guilds {
		out[i] = gen.GuildInfo{GuildID: g.ID, GuildName: g.Name, GuildDisplayID: g.DisplayID}
	}
	return gen.GetGuildList200JSONResponse(result(ctx, out, err)), nil
}

// GetGuildMetaByGuest is get_guild_meta_by_guest 通过访客获取频道元数据: any guild.
func (s *Server) GetGuildMetaByGuest(ctx context.Context, req gen.GetGuildMetaByGuestRequestObject) (gen.GetGuildMetaByGuestResponseObject, error) {
	g, err := s.bot(ctx).GuestGuild(ctx, value(req.Body).GuildID)
	data := gen.GuildMeta{GuildID: g.ID, GuildName: g.Name, GuildProfile: g.Profile, CreateTime: g.Created, MaxMemberCount: int64(g.MaxMembers),
		MaxRobotCount: 15, MaxAdminCount: 50, MemberCount: int64(g.MemberCount), OwnerID: world.TinyID(g.OwnerID)}
	return gen.GetGuildMetaByGuest200JSONResponse(result(ctx, data, err)), nil
}

// GetGuildChannelList is get_guild_channel_list 获取子频道列表.
func (s *Server) GetGuildChannelList(ctx context.Context, req gen.GetGuildChannelListRequestObject) (gen.GetGuildChannelListResponseObject, error) {
	channels, err := s.bot(ctx).GuildChannels(ctx, value(req.Body).GuildID)
	out := make(gen.GuildChannelList, len(channels))
	for i, c := range channels {
		// Everyone may speak in and see every channel of the world (QQ's 1); no slow mode.
		out[i] = gen.GuildChannelInfo{OwnerGuildID: c.GuildID, ChannelID: c.ID, ChannelType: c.Type, ChannelName: c.Name, CreateTime: c.Created,
			CreatorTinyID: world.TinyID(c.CreatorID), TalkPermission: 1, VisibleType: 1, SlowModes: []gen.GuildSlowMode{}}
	}
	return gen.GetGuildChannelList200JSONResponse(result(ctx, out, err)), nil
}

// GetGuildMemberList is get_guild_member_list 获取频道成员列表: every member in one page.
func (s *Server) GetGuildMemberList(ctx context.Context, req gen.GetGuildMemberListRequestObject) (gen.GetGuildMemberListResponseObject, error) {
	p := value(req.Body)
	if token := value(p.NextToken); token != "" {
		err := invalid("next_token %q: the reference server answers every member in one page and gives no token", token)
		return gen.GetGuildMemberList200JSONResponse(failure[gen.GuildMemberListData](ctx, err)), nil
	}
	members, err := s.bot(ctx).GuildMembers(ctx, p.GuildID)
	data := gen.GuildMemberListData{Members: make([]gen.GuildMemberInfo, len(members)), Finished: true}
	for i, m := range members {
		top := m.Top()
		data.Members[i] = gen.GuildMemberInfo{TinyID: world.TinyID(m.UserID), Title: m.Title, Nickname: m.Account.Nickname, RoleID: top.ID, RoleName: top.Name}
	}
	return gen.GetGuildMemberList200JSONResponse(result(ctx, data, err)), nil
}

// GetGuildMemberProfile is get_guild_member_profile 单独获取频道成员信息.
func (s *Server) GetGuildMemberProfile(ctx context.Context, req gen.GetGuildMemberProfileRequestObject) (gen.GetGuildMemberProfileResponseObject, error) {
	p := value(req.Body)
	user, err := world.AccountOfTiny(p.UserID)
	var m world.GuildMemberView
	if err == nil {
		m, err = s.bot(ctx).GuildMember(ctx, p.GuildID, user)
	}
	data := gen.GuildMemberProfile{TinyID: p.UserID, Nickname: m.Account.Nickname, AvatarURL: avatarURL(user), JoinTime: m.JoinTime,
		Roles: make([]gen.GuildRoleRef, len(m.Roles))}
	for i, r := range m.Roles {
		data.Roles[i] = gen.GuildRoleRef{RoleID: r.ID, RoleName: r.Name}
	}
	return gen.GetGuildMemberProfile200JSONResponse(result(ctx, data, err)), nil
}

// GetGuildRoles is get_guild_roles 获取频道身份组列表.
func (s *Server) GetGuildRoles(ctx context.Context, req gen.GetGuildRolesRequestObject) (gen.GetGuildRolesResponseObject, error) {
	guildID := value(req.Body).GuildID
	bot := s.bot(ctx)
	roles, err := bot.GuildRoles(ctx, guildID)
	var mine world.GuildMemberView
	if err == nil {
		var me world.Account
		if me, err = bot.Self(ctx); err == nil {
			mine, err = bot.GuildMember(ctx, guildID, me.ID)
		}
	}
	out := make(gen.GuildRoleList, len(roles))
	for i, r := range roles {
		owned := false
		for _, held := range mine.Roles {
			owned = owned || held.ID == r.ID
		}
		out[i] = gen.GuildRoleInfo{RoleID: r.ID, RoleName: r.Name, ArgbColor: r.Color, Independent: r.Independent, MemberCount: int64(r.Members),
			MaxCount: int64(r.MaxCount), Owned: owned}
	}
	return gen.GetGuildRoles200JSONResponse(result(ctx, out, err)), nil
}

// tinyAccounts turns tiny_ids into the accounts they name.
func tinyAccounts(tinies []string) ([]int64, error) {
	out := make([]int64, len(tinies))
	for i, t := range tinies {
		var err error
		if out[i], err = world.AccountOfTiny(t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CreateGuildRole is create_guild_role 创建频道身份组.
func (s *Server) CreateGuildRole(ctx context.Context, req gen.CreateGuildRoleRequestObject) (gen.CreateGuildRoleResponseObject, error) {
	p := value(req.Body)
	users, err := tinyAccounts(value(p.InitialUsers))
	var r world.GuildRole
	if err == nil {
		r, err = s.bot(ctx).CreateGuildRole(ctx, p.GuildID, p.Name, p.Color, value(p.Independent), users)
	}
	return gen.CreateGuildRole200JSONResponse(result(ctx, gen.CreateGuildRoleData{RoleID: r.ID}, err)), nil
}

// UpdateGuildRole is update_guild_role 修改频道身份组.
func (s *Server) UpdateGuildRole(ctx context.Context, req gen.UpdateGuildRoleRequestObject) (gen.UpdateGuildRoleResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).UpdateGuildRole(ctx, p.GuildID, p.RoleID, p.Name, p.Color, value(p.Independent))
	return gen.UpdateGuildRole200JSONResponse(done(ctx, err)), nil
}

// DeleteGuildRole is delete_guild_role 删除频道身份组.
func (s *Server) DeleteGuildRole(ctx context.Context, req gen.DeleteGuildRoleRequestObject) (gen.DeleteGuildRoleResponseObject, error) {
	p := value(req.Body)
	return gen.DeleteGuildRole200JSONResponse(done(ctx, s.bot(ctx).DeleteGuildRole(ctx, p.GuildID, p.RoleID))), nil
}

// SetGuildMemberRole is set_guild_member_role 设置用户在频道中的身份组.
func (s *Server) SetGuildMemberRole(ctx context.Context, req gen.SetGuildMemberRoleRequestObject) (gen.SetGuildMemberRoleResponseObject, error) {
	p := value(req.Body)
	users, err := tinyAccounts(p.Users)
	if err == nil {
		err = s.bot(ctx).SetGuildMemberRole(ctx, p.GuildID, p.RoleID, value(p.Set), users)
	}
	return gen.SetGuildMemberRole200JSONResponse(done(ctx, err)), nil
}

// SendGuildChannelMsg is send_guild_channel_msg 发送信息到子频道.
func (s *Server) SendGuildChannelMsg(ctx context.Context, req gen.SendGuildChannelMsgRequestObject) (gen.SendGuildChannelMsgResponseObject, error) {
	p := value(req.Body)
	segs, err := decodeMessage(p.Message, value(p.AutoEscape))
	var m world.GuildMessage
	if err == nil {
		m, err = s.bot(ctx).SendGuildMessage(ctx, p.GuildID, p.ChannelID, segs)
	}
	return gen.SendGuildChannelMsg200JSONResponse(result(ctx, gen.SendGuildChannelMsgData{MessageID: m.ID}, err)), nil
}

// GetGuildMsg is get_guild_msg 获取频道消息.
func (s *Server) GetGuildMsg(ctx context.Context, req gen.GetGuildMsgRequestObject) (gen.GetGuildMsgResponseObject, error) {
	m, err := s.bot(ctx).GuildMessage(ctx, value(req.Body).MessageID)
	tiny := world.TinyID(m.SenderID)
	data := gen.GuildMsgData{MessageID: m.ID, MessageSource: gen.GuildMsgDataMessageSourceChannel, MessageSeq: m.Seq, GuildID: m.GuildID, ChannelID: m.ChannelID,
		Time: m.Time, Sender: gen.GuildSender{UserID: world.TinyNumber(m.SenderID), TinyID: tiny, Nickname: m.Sender.Nickname}, Reactions: []gen.GuildReaction{}}
	if err == nil {
		err = encodeMessage(m.Segments, &data.Message)
	}
	return gen.GetGuildMsg200JSONResponse(result(ctx, data, err)), nil
}

// GetTopicChannelFeeds is get_topic_channel_feeds 获取话题频道帖子.
func (s *Server) GetTopicChannelFeeds(ctx context.Context, req gen.GetTopicChannelFeedsRequestObject) (gen.GetTopicChannelFeedsResponseObject, error) {
	p := value(req.Body)
	feeds, err := s.bot(ctx).TopicFeeds(ctx, p.GuildID, p.ChannelID)
	out := make(gen.TopicChannelFeedList, len(feeds))
	for i, f := range feeds {
		out[i] = gen.TopicChannelFeed{ID: f.ID, ChannelID: f.ChannelID, GuildID: f.GuildID, CreateTime: f.Time, Title: f.Title, SubTitle: f.SubTitle,
			PosterInfo: gen.TopicFeedPoster{TinyID: world.TinyID(f.PosterID), Nickname: f.Poster.Nickname, IconURL: avatarURL(f.PosterID)},
			Resource:   gen.TopicFeedResource{Images: []gen.TopicFeedMedia{}, Videos: []gen.TopicFeedMedia{}}}
		if err == nil {
			err = encodeMessage([]cqcode.Segment{cqcode.Text(f.Content)}, &out[i].Contents)
		}
	}
	return gen.GetTopicChannelFeeds200JSONResponse(result(ctx, out, err)), nil
}
