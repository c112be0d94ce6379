package conformance

import (
	"context"
	"fmt"
	"slices"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Group system messages (群系统消息): a new account asks to join the fixture's group through
// the control API; get_group_system_msg lists the request unchecked; the bot refuses it with
// set_group_add_request; the list shows it checked, handled by the bot.

// systemMsgCheck is the join request's round trip through the group system messages.
func (s *suite) systemMsgCheck() check {
	steps := []string{gen.ActionGetGroupSystemMsg, gen.ActionSetGroupAddRequest, gen.ActionGetGroupSystemMsg}
	return s.roundTripCheck("system-msg-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.systemMsgRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) systemMsgRoundtrip(ctx context.Context, rig *eventRig, list, answer *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	user, err := s.newAccount(ctx, rig, "applicant")
	if err != nil {
		return stopOutcome(err)
	}
	comment := s.marker("system message")
	var flag control.WorldFlag
	if err := s.act(ctx, rig, control.ActionSendJoinRequest, control.SendJoinRequestParams{UserID: user, GroupID: fx.group, Comment: &comment}, &flag); err != nil {
		return stopOutcome(err)
	}
	// listed is the join request among the system messages: by its flag where the target
	// sends it, else by who asked to join which group.
	listed := func() (*gen.GroupSystemRequest, *outcome) {
		var m gen.GroupSystemMsg
		if out := s.step(ctx, list, gen.GetGroupSystemMsgJSONRequestBody{}, &m, false); out != nil {
			return nil, out
		}
		var joins []gen.GroupSystemRequest
		if m.JoinRequests != nil {
			joins = *m.JoinRequests
		}
		i := slices.IndexFunc(joins, func(r gen.GroupSystemRequest) bool {
			if r.Flag != nil {
				return *r.Flag == flag.Flag
			}
			return r.GroupID == fx.group && ((r.RequesterUin != nil && *r.RequesterUin == user) || (r.InvitorUin != nil && *r.InvitorUin == user))
		})
		if i < 0 {
			return nil, nil
		}
		return &joins[i], nil
	}
	var ps problems
	r, out := listed()
	switch {
	case out != nil:
		return *out
	case r == nil:
		ps.add("data", "%s does not list the join request of %d to group %d", list.name, user, fx.group)
		return outcome{ps: ps}
	case r.Checked:
		ps.add("data", "%s lists the new join request of %d as checked", list.name, user)
	}
	refuse, reason := false, "onespec conformance"
	sub := gen.SetGroupAddRequestParamsSubTypeAdd
	if out := s.step(ctx, answer, gen.SetGroupAddRequestJSONRequestBody{Flag: flag.Flag, Approve: &refuse, Reason: &reason, SubType: &sub}, nil, false); out != nil {
		out.reason = fmt.Sprintf("refusing the join request %q: %s", flag.Flag, out.reason)
		return *out
	}
	r, out = listed()
	switch {
	case out != nil:
		return *out
	case r == nil:
		ps.add("data", "%s no longer lists the join request of %d after %s refused it (QQ keeps it, checked)", list.name, user, answer.name)
	case !r.Checked || r.Actor != s.self:
		ps.add("data", "after %s refused it, %s lists the join request of %d with checked %v and actor %d, not true and %d", answer.name, list.name, user, r.Checked, r.Actor, s.self)
	case r.State != nil && *r.State != gen.GroupSystemRequestStateRefused:
		ps.add("data", "after %s refused it, %s lists the join request of %d in state %q", answer.name, list.name, user, *r.State)
	}
	return outcome{ps: ps, reason: fmt.Sprintf("the join request of %d to group %d listed pending, refused, listed checked", user, fx.group)}
}
