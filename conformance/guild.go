package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Guilds (QQ 频道, go-cqhttp's guild service): the world makes a guild of the fixture's owner
// with the bot and a member and one text channel; the bot lists it; the member talks in the
// channel and the bot receives the guild message event (message_type guild, sub_type
// channel, string ids); the bot talks back and reads its message with get_guild_msg.

const schemaGuildMessage = "GuildChannelMessageEvent"

func (s *suite) guildCheck() check {
	steps := []string{gen.ActionSendGuildChannelMsg, gen.ActionGetGuildMsg, gen.ActionGetGuildList}
	return s.roundTripCheck("guild-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.guildRoundtrip(ctx, rig, ops[0], ops[1], ops[2])
	})
}

func (s *suite) guildRoundtrip(ctx context.Context, rig *eventRig, send, get, list *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	// Guild ids are decimal strings; the clock makes one no earlier run took.
	guild := fmt.Sprint(3_000_000_000 + time.Now().UnixNano()%1_000_000_000_000)
	channel := guild + "1"
	params := control.CreateGuildParams{GuildID: guild, GuildName: s.marker("guild"), OwnerID: fx.owner, MemberIds: &[]int64{s.self, fx.member},
		Channels: &[]control.WorldGuildChannel{{ChannelID: channel, ChannelName: "chat"}}}
	if err := s.act(ctx, rig, control.ActionCreateGuild, params, nil); err != nil {
		return stopOutcome(err)
	}
	var ps problems
	var guilds gen.GuildList
	if out := s.step(ctx, list, nil, &guilds, true); out != nil {
		return *out
	}
	if !slices.ContainsFunc(guilds, func(g gen.GuildInfo) bool { return g.GuildID == guild }) {
		ps.add("data", "%s does not list guild %s the bot was made a member of", list.name, guild)
	}

	text := s.marker("guild message")
	var sent control.WorldGuildMessageID
	driven := time.Now()
	talk := control.SendGuildMessageParams{UserID: fx.member, GuildID: guild, ChannelID: channel, Message: text}
	if err := s.act(ctx, rig, control.ActionSendGuildMessage, talk, &sent); err != nil {
		return stopOutcome(err)
	}
	want := expectedEvent{schema: schemaGuildMessage, ref: refEventMessage, driven: driven,
		what: fmt.Sprintf("the guild message %s of %d in channel %s", sent.MessageID, fx.member, channel),
		key:  eventFields{fieldPostType: postTypeMessage, fieldMessageType: string(gen.GuildChannelMessageEventMessageTypeGuild), fieldMessageID: sent.MessageID},
		want: eventFields{"guild_id": guild, "channel_id": channel, fieldSubType: string(gen.GuildChannelMessageEventSubTypeChannel)}}
	notes, _ := s.awaitEvent(ctx, rig.sources, want, &ps)

	reply := s.marker("guild reply")
	var replied gen.SendGuildChannelMsgData
	body := gen.SendGuildChannelMsgJSONRequestBody{GuildID: guild, ChannelID: channel}
	if err := body.Message.FromMessage0(reply); err != nil {
		return stopOutcome(err)
	}
	if out := s.step(ctx, send, body, &replied, false); out != nil {
		return *out
	}
	var read gen.GuildMsgData
	if out := s.step(ctx, get, gen.GetGuildMsgJSONRequestBody{MessageID: replied.MessageID}, &read, false); out != nil {
		out.reason = fmt.Sprintf("reading back guild message %s: %s", replied.MessageID, out.reason)
		return *out
	}
	if read.GuildID != guild || read.ChannelID != channel || plainText(read.Message) != reply {
		ps.add("data", "%s of %s answered guild %s, channel %s, text %q; want %s, %s, %q", get.name, replied.MessageID, read.GuildID, read.ChannelID, plainText(read.Message), guild, channel, reply)
	}
	notes = append(notes, fmt.Sprintf("guild %s listed; %d's message %s reached the bot; the bot's reply %s read back", guild, fx.member, sent.MessageID, replied.MessageID))
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}
