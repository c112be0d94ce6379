package conformance

import (
	"context"
	"fmt"
	"slices"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Group check-ins (群打卡): a simulated member checks in through the control API and the bot
// lists it; the bot checks in (send_group_sign) and get_group_signed_list shows it after the
// member's. No family sends an event for a check-in.

// signCheck is the check-in round trip on the fixture's group.
func (s *suite) signCheck() check {
	steps := []string{gen.ActionSendGroupSign, gen.ActionGetGroupSignedList}
	return s.roundTripCheck("sign-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.signRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) signRoundtrip(ctx context.Context, rig *eventRig, sign, list *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	if err := s.act(ctx, rig, control.ActionSignGroup, control.SignGroupParams{UserID: fx.member, GroupID: fx.group}, nil); err != nil {
		return stopOutcome(err)
	}
	if out := s.step(ctx, sign, gen.SendGroupSignJSONRequestBody{GroupID: fx.group}, nil, true); out != nil {
		return *out
	}
	var l gen.GroupSignedList
	if out := s.step(ctx, list, gen.GetGroupSignedListJSONRequestBody{GroupID: fx.group}, &l, false); out != nil {
		out.reason = fmt.Sprintf("reading back the check-ins: %s", out.reason)
		return *out
	}
	var ps problems
	at := func(id int64) int { return slices.IndexFunc(l, func(g gen.GroupSigned) bool { return g.UserID == id }) }
	member, bot := at(fx.member), at(s.self)
	switch {
	case member < 0:
		ps.add("data", "%s of group %d does not list member %d, who checked in through the control API", list.name, fx.group, fx.member)
	case bot < 0:
		ps.add("data", "%s of group %d does not list the bot after %s answered ok", list.name, fx.group, sign.name)
	case l[bot].Rank <= l[member].Rank:
		ps.add("data", "%s ranks the bot %d, not after member %d (%d), who checked in first", list.name, l[bot].Rank, fx.member, l[member].Rank)
	}
	return outcome{ps: ps, reason: fmt.Sprintf("member %d and the bot checked in to group %d, listed in order", fx.member, fx.group)}
}
