package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Group announcements (群公告, go-cqhttp extensions every live implementation serves): a
// simulated owner posts one through the control API and the bot lists it; the bot's own round
// trip: _send_group_notice, _get_group_notice lists it with its text and settings,
// _del_group_notice, the list no longer shows it. No family sends an event for either.

// noticeCheck is the announcement round trip on the fixture's group, where the bot is an
// admin.
func (s *suite) noticeCheck() check {
	steps := []string{gen.ActionSendGroupNotice, gen.ActionGetGroupNotice, gen.ActionDelGroupNotice, gen.ActionGetGroupNotice}
	return s.roundTripCheck("notice-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.noticeRoundtrip(ctx, rig, ops[0], ops[1], ops[2])
	})
}

func (s *suite) noticeRoundtrip(ctx context.Context, rig *eventRig, send, list, del *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	// listed is the group's announcement with text, if any.
	listed := func(text string) (*gen.GroupNotice, *outcome) {
		var l gen.GroupNoticeList
		if out := s.step(ctx, list, gen.GetGroupNoticeJSONRequestBody{GroupID: fx.group}, &l, false); out != nil {
			return nil, out
		}
		if i := slices.IndexFunc(l, func(n gen.GroupNotice) bool { return n.Message.Text == text }); i >= 0 {
			return &l[i], nil
		}
		return nil, nil
	}
	var ps problems

	// A simulated owner posts; the bot lists it.
	posted := s.marker("notice by a user")
	if err := s.act(ctx, rig, control.ActionPostNotice, control.PostNoticeParams{UserID: fx.owner, GroupID: fx.group, Content: posted}, nil); err != nil {
		return stopOutcome(err)
	}
	if n, out := listed(posted); out != nil {
		out.reason = fmt.Sprintf("reading the announcement %d posted: %s", fx.owner, out.reason)
		return *out
	} else if n == nil {
		ps.add("data", "%s of group %d does not list the announcement %d posted", list.name, fx.group, fx.owner)
	} else if n.SenderID != fx.owner {
		ps.add("data", "%s lists the announcement %d posted with sender_id %d", list.name, fx.owner, n.SenderID)
	}

	// The bot posts a pinned one, reads it back, deletes it.
	text := s.marker("notice round trip")
	pinned, confirm := true, false
	var sent gen.SendGroupNoticeData
	if out := s.step(ctx, send, gen.SendGroupNoticeJSONRequestBody{GroupID: fx.group, Content: text, Pinned: &pinned, ConfirmRequired: &confirm}, &sent, true); out != nil {
		return *out
	}
	n, out := listed(text)
	switch {
	case out != nil:
		out.reason = fmt.Sprintf("reading back the announcement: %s", out.reason)
		return *out
	case n == nil:
		ps.add("data", "%s of group %d does not list the announcement after %s answered ok", list.name, fx.group, send.name)
		return outcome{ps: ps}
	case n.SenderID != s.self:
		ps.add("data", "%s lists the bot's announcement with sender_id %d, not %d", list.name, n.SenderID, s.self)
	case n.Settings != nil && n.Settings.ConfirmRequired != nil && *n.Settings.ConfirmRequired != 0:
		ps.add("data", "%s lists the announcement sent with confirm_required false with settings.confirm_required %d", list.name, *n.Settings.ConfirmRequired)
	}
	// go-cqhttp answers the id; NapCat answers null, and lists it.
	id := sent.NoticeID
	if n.NoticeID != nil {
		if id != "" && id != *n.NoticeID {
			ps.add("data", "%s answered notice_id %q but %s lists it as %q", send.name, id, list.name, *n.NoticeID)
		}
		id = *n.NoticeID
	}
	if id == "" {
		return outcome{ps: ps, reason: fmt.Sprintf("announcement posted and listed; neither %s nor %s told its notice_id, so %s was not tried", send.name, list.name, del.name)}
	}
	if out := s.step(ctx, del, gen.DelGroupNoticeJSONRequestBody{GroupID: fx.group, NoticeID: id}, nil, false); out != nil {
		out.reason = fmt.Sprintf("deleting announcement %s: %s", id, out.reason)
		return *out
	}
	if n, out := listed(text); out != nil {
		return *out
	} else if n != nil {
		ps.add("data", "%s of group %d still lists announcement %s after %s answered ok", list.name, fx.group, id, del.name)
	}
	return outcome{ps: ps, reason: strings.Join([]string{
		fmt.Sprintf("announcement of %d listed", fx.owner),
		fmt.Sprintf("the bot's announcement %s in group %d posted, listed, deleted", id, fx.group)}, "; ")}
}
