package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// testGuildMessage is a guild channel message on the event test server.
type testGuildMessage struct{ guild, channel, text string }

// guildAction answers the bot's guild actions on the event test server, on the guilds and
// messages the world calls made; false for another path.
func (es *eventServer) guildAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if !slices.Contains([]string{gen.ActionSendGuildChannelMsg, gen.ActionGetGuildMsg, gen.ActionGetGuildList}, action) {
		return false
	}
	var p struct {
		GuildID   string `json:"guild_id"`
		ChannelID string `json:"channel_id"`
		Message   any    `json:"message"`
		MessageID string `json:"message_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	defer es.mu.Unlock()
	var data any
	switch action {
	case gen.ActionGetGuildList:
		list := gen.GuildList{}
		for _, g := range es.guilds {
			list = append(list, gen.GuildInfo{GuildID: g, GuildName: "guild", GuildDisplayID: g})
		}
		data = list
	case gen.ActionSendGuildChannelMsg:
		text, _ := p.Message.(string)
		data = gen.SendGuildChannelMsgData{MessageID: es.addGuildMessage(p.GuildID, p.ChannelID, text)}
	case gen.ActionGetGuildMsg:
		m := es.guildMsgs[p.MessageID]
		data = map[string]any{"message_id": p.MessageID, "message_source": "channel", "message_seq": 1, "guild_id": m.guild, "channel_id": m.channel,
			"time": time.Now().Unix(), "sender": map[string]any{"user_id": es.self, "tiny_id": fmt.Sprint(es.self), "nickname": "bot"},
			"message": []any{map[string]any{"type": "text", "data": map[string]any{"text": m.text}}}, "reactions": []any{}}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}

// addGuildMessage keeps a guild message and returns its id; es.mu is held.
func (es *eventServer) addGuildMessage(guild, channel, text string) string {
	if es.guildMsgs == nil {
		es.guildMsgs = map[string]testGuildMessage{}
	}
	id := fmt.Sprintf("%s-%s-%d", guild, channel, len(es.guildMsgs)+1)
	es.guildMsgs[id] = testGuildMessage{guild: guild, channel: channel, text: text}
	return id
}

// guildWorld is the world's create_guild and send_guild_message on the event test server: a
// guild the bot is in, and a member's message that reaches the bot as the guild event.
func (es *eventServer) guildWorld(op string, p map[string]any, user int64) (any, bool) {
	guild, _ := p["guild_id"].(string)
	switch op {
	case control.ActionCreateGuild:
		es.mu.Lock()
		es.guilds = append(es.guilds, guild)
		es.mu.Unlock()
		return nil, true
	case control.ActionSendGuildMessage:
		channel, _ := p["channel_id"].(string)
		text, _ := p["message"].(string)
		es.mu.Lock()
		id := es.addGuildMessage(guild, channel, text)
		es.mu.Unlock()
		tiny := fmt.Sprint(user)
		es.emit(map[string]any{"time": time.Now().Unix(), fieldSelfID: es.self, fieldPostType: postTypeMessage, fieldMessageType: "guild", fieldSubType: "channel",
			"guild_id": guild, "channel_id": channel, fieldMessageID: id, fieldUserID: tiny, "self_tiny_id": fmt.Sprint(es.self),
			"message": []any{map[string]any{"type": "text", "data": map[string]any{"text": text}}}, "sender": map[string]any{"user_id": user, "tiny_id": tiny, "nickname": "someone"}})
		return control.WorldGuildMessageID{MessageID: id}, true
	}
	return nil, false
}
