package conformance

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Read marks (已读, mark_msg_as_read) and the unread counts of get_recent_contact: a simulated
// member speaks in the fixture's group, the group heads the bot's recent conversations with
// messages unread, the bot marks the member's message read, and the group's unread count is
// 0. unread_count is an onespec extension: a target that answers none is judged on the rest
// (the group listed, the mark accepted) and the count is noted as not checked.

func (s *suite) readMarkCheck() check {
	steps := []string{gen.ActionGetRecentContact, gen.ActionMarkMsgAsRead, gen.ActionGetRecentContact}
	return s.roundTripCheck("read-mark", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.readMarkRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

// recentContactsRead is how many conversations the check reads: the group just spoken in
// is the newest, so it is among the first.
const recentContactsRead = 20

func (s *suite) readMarkRoundtrip(ctx context.Context, rig *eventRig, recent, mark *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	var m control.WorldMessageID
	params := map[string]any{"user_id": fx.member, "group_id": fx.group, "message": s.marker("unread")}
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &m); err != nil {
		return stopOutcome(err)
	}
	group := strconv.FormatInt(fx.group, 10)
	unread := func(setup bool) (found bool, count *int32, out *outcome) {
		var list gen.RecentContactList
		count32 := int32(recentContactsRead)
		if out := s.step(ctx, recent, gen.GetRecentContactJSONRequestBody{Count: &count32}, &list, setup); out != nil {
			return false, nil, out
		}
		for _, c := range list {
			if c.PeerUin == group && c.ChatType == gen.RecentContactChatTypeN2 {
				return true, c.UnreadCount, nil
			}
		}
		return false, nil, nil
	}
	var ps problems
	found, before, out := unread(true)
	switch {
	case out != nil:
		return *out
	case !found:
		ps.add("data", "%s does not list group %d, where member %d just spoke (message %d)", recent.name, fx.group, fx.member, m.MessageID)
		return outcome{ps: ps}
	case before != nil && *before < 1:
		ps.add("data.unread_count", "%s counts %d unread in group %d after member %d's message %d, want at least 1", recent.name, *before, fx.group, fx.member, m.MessageID)
	}
	id := m.MessageID
	if out := s.step(ctx, mark, gen.MarkMsgAsReadJSONRequestBody{MessageID: &id}, nil, false); out != nil {
		out.reason = fmt.Sprintf("marking message %d read: %s", id, out.reason)
		return *out
	}
	found, after, out := unread(false)
	switch {
	case out != nil:
		return *out
	case !found:
		ps.add("data", "%s no longer lists group %d after %s", recent.name, fx.group, mark.name)
	case after != nil && *after != 0:
		ps.add("data.unread_count", "%s counts %d unread in group %d after %s of its newest message %d, want 0", recent.name, *after, fx.group, mark.name, id)
	}
	if before == nil || after == nil {
		return outcome{ps: ps, reason: fmt.Sprintf("group %d listed and message %d marked read; no unread_count answered (an onespec extension), so the count was not checked", fx.group, id)}
	}
	return outcome{ps: ps, reason: fmt.Sprintf("group %d: %d unread, 0 after %s of message %d", fx.group, *before, mark.name, id)}
}
