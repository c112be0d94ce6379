package conformance

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// Group options (群设置): the bot, an admin of the fixture's group, changes who may invite
// friends in (set_group_member_invite_policy), get_group_info_ex shows the change, and the
// bot sets the policy back, shown again. No family sends an event for an option.

// optionsCheck is the options round trip on the fixture's group.
func (s *suite) optionsCheck() check {
	steps := []string{gen.ActionSetGroupMemberInvitePolicy, gen.ActionGetGroupInfoEx}
	return s.roundTripCheck("options-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.optionsRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) optionsRoundtrip(ctx context.Context, rig *eventRig, set, read *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	policy := func(what string) (gen.GroupInfoExMemberInvitePolicy, *outcome) {
		var info gen.GroupInfoEx
		if out := s.step(ctx, read, gen.GetGroupInfoExJSONRequestBody{GroupID: fx.group}, &info, false); out != nil {
			out.reason = fmt.Sprintf("reading the options %s: %s", what, out.reason)
			return "", out
		}
		return info.MemberInvitePolicy, nil
	}
	setTo := func(p gen.GroupInfoExMemberInvitePolicy) *outcome {
		body := gen.SetGroupMemberInvitePolicyJSONRequestBody{GroupID: fx.group, Policy: gen.SetGroupMemberInvitePolicyParamsPolicy(p)}
		return s.step(ctx, set, body, nil, true)
	}
	was, out := policy("first")
	if out != nil {
		return *out
	}
	other := gen.GroupInfoExMemberInvitePolicy("disabled")
	if was == other {
		other = "no_approval"
	}
	var ps problems
	for _, want := range []gen.GroupInfoExMemberInvitePolicy{other, was} {
		if out := setTo(want); out != nil {
			return *out
		}
		got, out := policy(fmt.Sprintf("after setting %s", want))
		if out != nil {
			return *out
		}
		if got != want {
			ps.add("data.member_invite_policy", "%s of group %d shows %q after %s set %q", read.name, fx.group, got, set.name, want)
			break
		}
	}
	return outcome{ps: ps, reason: fmt.Sprintf("the invite policy of group %d set from %s to %s and back, shown each time", fx.group, was, other)}
}
