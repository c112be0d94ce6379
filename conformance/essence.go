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

// Essence messages (精华消息, a go-cqhttp extension every live implementation serves): a
// simulated admin sets one through the control API and the bot is told (notice/essence), and
// the bot's own round trip: set_essence_msg, the notice, get_essence_msg_list shows it,
// delete_essence_msg, the list no longer shows it.

const (
	schemaEssence = "EssenceNotice"
	fieldSenderID = "sender_id"
)

// essence is the expected essence notice of message id in group, set (add) or removed by
// operator.
func essence(group, id, sender, operator int64, sub gen.EssenceNoticeSubType) expectedEvent {
	want := expectedEvent{schema: schemaEssence, ref: refEventNotice,
		key: eventFields{fieldPostType: postTypeNotice, fieldNoticeType: string(gen.EssenceNoticeNoticeTypeEssence), fieldMessageID: id, fieldSubType: string(sub)}}
	want.what = fmt.Sprintf("the essence %s of message %d in %d by %d", sub, id, group, operator)
	want.want = eventFields{fieldGroupID: group, fieldSenderID: sender, fieldOperatorID: operator}
	return want
}

// driveEssence: the fixture's owner sets the member's group message as essence, and removes
// it once the notice is judged.
func (s *suite) driveEssence(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
	var sent control.WorldMessageID
	params := map[string]any{"user_id": fx.member, "group_id": fx.group, "message": s.marker("essence")}
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &sent); err != nil {
		return expectedEvent{}, err
	}
	want := essence(fx.group, int64(sent.MessageID), fx.member, fx.owner, gen.EssenceNoticeSubTypeAdd)
	set := func(ctx context.Context, on bool) error {
		return s.act(ctx, rig, control.ActionSetEssence, control.SetEssenceParams{UserID: fx.owner, MessageID: sent.MessageID, Enable: &on}, nil)
	}
	want.undo = func(ctx context.Context) error { return set(ctx, false) }
	return want, set(ctx, true)
}

// essenceCheck is the bot's essence round trip on the fixture's group, where the bot is an
// admin.
func (s *suite) essenceCheck() check {
	steps := []string{gen.ActionSetEssenceMsg, gen.ActionGetEssenceMsgList, gen.ActionDeleteEssenceMsg, gen.ActionGetEssenceMsgList}
	return s.roundTripCheck("essence-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.essenceRoundtrip(ctx, rig, ops[0], ops[1], ops[2])
	})
}

func (s *suite) essenceRoundtrip(ctx context.Context, rig *eventRig, set, list, del *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	var sent control.WorldMessageID
	params := map[string]any{"user_id": fx.member, "group_id": fx.group, "message": s.marker("essence round trip")}
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &sent); err != nil {
		return stopOutcome(err)
	}
	id := sent.MessageID
	listed := func() (bool, *outcome) {
		var l gen.EssenceMsgList
		if out := s.step(ctx, list, gen.GetEssenceMsgListJSONRequestBody{GroupID: fx.group}, &l, false); out != nil {
			return false, out
		}
		return slices.ContainsFunc(l, func(e gen.EssenceMsg) bool { return e.MessageID == id }), nil
	}

	driven := time.Now()
	if out := s.step(ctx, set, gen.SetEssenceMsgJSONRequestBody{MessageID: id}, nil, true); out != nil {
		return *out
	}
	want := essence(fx.group, int64(id), fx.member, s.self, gen.EssenceNoticeSubTypeAdd)
	want.driven = driven
	var ps problems
	notes, _ := s.awaitEvent(ctx, rig.sources, want, &ps)
	if in, out := listed(); out != nil {
		out.reason = fmt.Sprintf("reading back essence message %d: %s", id, out.reason)
		return *out
	} else if !in {
		ps.add("data", "%s of group %d does not list message %d after %s answered ok", list.name, fx.group, id, set.name)
	}
	if out := s.step(ctx, del, gen.DeleteEssenceMsgJSONRequestBody{MessageID: id}, nil, false); out != nil {
		out.reason = fmt.Sprintf("removing essence message %d: %s", id, out.reason)
		return *out
	}
	if in, out := listed(); out != nil {
		return *out
	} else if in {
		ps.add("data", "%s of group %d still lists message %d after %s answered ok", list.name, fx.group, id, del.name)
	}
	notes = append(notes, fmt.Sprintf("message %d of %d in group %d set as essence, listed, removed", id, fx.member, fx.group))
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}
