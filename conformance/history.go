package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Message history (消息历史, get_group_msg_history): a simulated member sends three messages
// to the fixture's group, and the bot pages them: the newest three, oldest first; back from
// the second's real_id (the seq included) the first two; forward from it (reverse_order) the
// last two. A target that answered a fixed page, ignored message_seq or the direction, or
// ordered the page newest first fails it.

// historyCount is how many messages the history check sends and pages.
const historyCount = 3

func (s *suite) historyCheck() check {
	return s.roundTripCheck("history-paged", []string{gen.ActionGetGroupMsgHistory}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.historyPaged(ctx, rig, ops[0])
	})
}

func (s *suite) historyPaged(ctx context.Context, rig *eventRig, history *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	var sent []int32
	for i := range historyCount {
		var m control.WorldMessageID
		params := map[string]any{"user_id": fx.member, "group_id": fx.group, "message": s.marker(fmt.Sprintf("history %d", i+1))}
		if err := s.act(ctx, rig, control.ActionSendMessage, params, &m); err != nil {
			return stopOutcome(err)
		}
		sent = append(sent, m.MessageID)
	}
	page := func(body gen.GetGroupMsgHistoryJSONRequestBody, setup bool) ([]gen.GetMsgData, *outcome) {
		body.GroupID = fx.group
		var data gen.MsgHistoryData
		return data.Messages, s.step(ctx, history, body, &data, setup)
	}
	ids := func(msgs []gen.GetMsgData) []int32 {
		out := make([]int32, len(msgs))
		for i, m := range msgs {
			out[i] = m.MessageID
		}
		return out
	}
	count := int32(historyCount)
	newest, out := page(gen.GetGroupMsgHistoryJSONRequestBody{Count: &count}, true)
	if out != nil {
		return *out
	}
	var ps problems
	if !slices.Equal(ids(newest), sent) {
		ps.add("data.messages", "%s of group %d with count %d answered messages %v, want the %d just sent, oldest first: %v", history.name, fx.group, count, ids(newest), historyCount, sent)
		return outcome{ps: ps, reason: "the newest page is not the messages just sent"}
	}
	mid := int64(newest[1].RealID)
	two := int32(2)
	back, out := page(gen.GetGroupMsgHistoryJSONRequestBody{MessageSeq: &mid, Count: &two}, false)
	if out != nil {
		return *out
	}
	if want := sent[:2]; !slices.Equal(ids(back), want) {
		ps.add("data.messages", "%s back from message_seq %d (message %d) with count 2 answered %v, want %v (the seq included, oldest first)", history.name, mid, sent[1], ids(back), want)
	}
	forward := true
	ahead, out := page(gen.GetGroupMsgHistoryJSONRequestBody{MessageSeq: &mid, Count: &two, ReverseOrder: &forward}, false)
	if out != nil {
		return *out
	}
	if want := sent[1:]; !slices.Equal(ids(ahead), want) {
		ps.add("data.messages", "%s forward (reverse_order) from message_seq %d with count 2 answered %v, want %v", history.name, mid, ids(ahead), want)
	}
	notes := []string{fmt.Sprintf("messages %v of %d in group %d paged: newest %d, back 2 and forward 2 from real_id %d", sent, fx.member, fx.group, historyCount, mid)}
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}
