package impl_test

import (
	"slices"
	"testing"

	"github.com/onespec/onespec/gen"
	ctl "github.com/onespec/onespec/gen/control"
)

// The bot's pokes on the wire: each action name, the side it fixes, and the notice the poked
// bot is told.
func TestPokeActions(t *testing.T) {
	s := newScenario(t)
	s.control(ctl.ActionCreateAccount, map[string]any{"user_id": 10009, "nickname": "机器人乙", "bot": true}, nil)
	s.control(ctl.ActionAddFriend, map[string]any{"user_id": 10009, "friend_id": 10001}, nil)
	s.control(ctl.ActionSetMember, map[string]any{"group_id": 20001, "user_id": 10009}, nil)
	for _, tt := range []struct {
		name   string
		action string
		params map[string]any
		code   int
	}{
		{"send_poke privately, ids as strings (NapCat)", gen.ActionSendPoke, map[string]any{"user_id": "10009"}, 0},
		{"send_poke in a group", gen.ActionSendPoke, map[string]any{"user_id": 10009, "group_id": 20001}, 0},
		{"send_poke in a group, target_id naming the member", gen.ActionSendPoke, map[string]any{"user_id": 10002, "group_id": 20001, "target_id": 10009}, 0},
		{"group_poke", gen.ActionGroupPoke, map[string]any{"group_id": 20001, "user_id": 10009}, 0},
		{"friend_poke", gen.ActionFriendPoke, map[string]any{"user_id": 10009}, 0},
		{"friend_poke, the bot poking itself", gen.ActionFriendPoke, map[string]any{"user_id": 10009, "target_id": 10001}, 0},
		{"friend_poke of a third account", gen.ActionFriendPoke, map[string]any{"user_id": 10009, "target_id": 10002}, 1400},
		{"group_poke without group_id", gen.ActionGroupPoke, map[string]any{"user_id": 10009}, 1400},
		{"friend_poke of a stranger", gen.ActionFriendPoke, map[string]any{"user_id": 10005}, 102},
	} {
		if r := s.bot(10001, tt.action, tt.params); r.Retcode != tt.code {
			t.Errorf("%s: retcode %d (%s), want %d", tt.name, r.Retcode, r.Message, tt.code)
		}
	}
	var pokes int
	for _, e := range s.events(10009) {
		if e == "notice/notify/poke" {
			pokes++
		}
	}
	if pokes != 6 {
		t.Errorf("the poked bot was told of %d pokes, want 6: %v", pokes, s.events(10009))
	}
}

// History on the wire: paged back and forward by real_id, NapCat's reverseOrder spelling
// folded into reverse_order, each message as get_msg answers it.
func TestHistoryActions(t *testing.T) {
	s := newScenario(t)
	var sent []int32
	for _, text := range []string{"甲", "乙", "丙"} {
		var id gen.SendMsgData
		s.botOK(10001, gen.ActionSendGroupMsg, map[string]any{"group_id": 20001, "message": text}, &id)
		sent = append(sent, id.MessageID)
	}
	var first gen.GetMsgData
	s.botOK(10001, gen.ActionGetMsg, map[string]any{"message_id": sent[0]}, &first)
	ids := func(d gen.MsgHistoryData) []int32 {
		var out []int32
		for _, m := range d.Messages {
			out = append(out, m.MessageID)
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		params map[string]any
		want   []int32
	}{
		{"the newest two", map[string]any{"group_id": 20001, "count": 2}, sent[1:]},
		{"back from the first, included", map[string]any{"group_id": "20001", "message_seq": first.RealID, "count": 2}, []int32{1001, sent[0]}},
		{"forward from the first", map[string]any{"group_id": 20001, "message_seq": first.RealID, "reverse_order": true}, sent},
		{"forward, NapCat's old spelling", map[string]any{"group_id": 20001, "message_seq": first.RealID, "count": 2, "reverseOrder": true}, sent[:2]},
	} {
		var got gen.MsgHistoryData
		s.botOK(10001, gen.ActionGetGroupMsgHistory, tt.params, &got)
		if !slices.Equal(ids(got), tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, ids(got), tt.want)
		}
	}
	var got gen.MsgHistoryData
	s.botOK(10001, gen.ActionGetGroupMsgHistory, map[string]any{"group_id": 20001, "message_seq": first.RealID, "count": 1}, &got)
	if len(got.Messages) != 1 || got.Messages[0].RealID != first.RealID || *got.Messages[0].Sender.UserID != 10001 || got.Messages[0].GroupID == nil {
		t.Errorf("a page of one is not the message get_msg answers: %+v, want %+v", got.Messages, first)
	}
	s.botOK(10001, gen.ActionDeleteMsg, map[string]any{"message_id": sent[1]}, nil)
	s.botOK(10001, gen.ActionGetGroupMsgHistory, map[string]any{"group_id": 20001, "count": 2}, &got)
	if want := []int32{sent[0], sent[2]}; !slices.Equal(ids(got), want) {
		t.Errorf("after recalling %d: %v, want %v", sent[1], ids(got), want)
	}
	if r := s.bot(10001, gen.ActionGetGroupMsgHistory, map[string]any{"group_id": 20001, "count": 0}); r.Retcode != 1400 {
		t.Errorf("count 0: retcode %d, want 1400", r.Retcode)
	}
}
