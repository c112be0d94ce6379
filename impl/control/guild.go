package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// SendGuildMessage makes an account talk in a guild channel (QQ 频道): the guild's bots
// receive the guild message event.
func (s *Server) SendGuildMessage(ctx context.Context, req ctl.SendGuildMessageRequestObject) (ctl.SendGuildMessageResponseObject, error) {
	p := value(req.Body)
	m, err := s.world.As(p.UserID).SendGuildMessage(ctx, p.GuildID, p.ChannelID, cqcode.Parse(p.Message))
	return ctl.SendGuildMessage200JSONResponse(result(ctl.WorldGuildMessageID{MessageID: m.ID}, err)), nil
}

// CreateGuild makes a guild with its members and channels.
func (s *Server) CreateGuild(ctx context.Context, req ctl.CreateGuildRequestObject) (ctl.CreateGuildResponseObject, error) {
	p := value(req.Body)
	g := world.Guild{ID: p.GuildID, Name: p.GuildName, Profile: value(p.GuildProfile), OwnerID: p.OwnerID}
	channels := make([]world.GuildChannel, len(value(p.Channels)))
	for i, c := range value(p.Channels) {
		channels[i] = world.GuildChannel{ID: c.ChannelID, Name: c.ChannelName, Type: value(c.ChannelType)}
	}
	return ctl.CreateGuild200JSONResponse(done(s.world.CreateGuild(ctx, g, value(p.MemberIds), channels))), nil
}
