package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// The bot's pokes (戳一戳, group_poke and friend_poke): the poked side must be told, so the
// check makes a second bot (create_account with bot), the bot's friend and a member of the
// fixture's group, and reads what that bot was told through the control API (list_events):
// after group_poke the notify/poke notice naming the bot as poker, the second bot as target
// and the group; after friend_poke the same without a group. A target that answered ok and
// told nobody fails it.

// pokeEventsLimit bounds one read of the poked bot's events (the control API's maximum).
const pokeEventsLimit = 1000

func (s *suite) pokeCheck() check {
	return s.roundTripCheck("poke-roundtrip", []string{gen.ActionGroupPoke, gen.ActionFriendPoke}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.pokeRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) pokeRoundtrip(ctx context.Context, rig *eventRig, group, friend *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	peer, err := s.createAccount(ctx, rig, "poked bot", true)
	if err != nil {
		return stopOutcome(err)
	}
	if err := s.act(ctx, rig, control.ActionAddFriend, control.AddFriendParams{UserID: peer, FriendID: s.self}, nil); err != nil {
		return stopOutcome(err)
	}
	if err := s.act(ctx, rig, control.ActionSetMember, control.SetMemberParams{GroupID: fx.group, UserID: peer}, nil); err != nil {
		return stopOutcome(err)
	}
	var ps problems
	var notes []string
	for _, poke := range []struct {
		op      *op
		body    any
		groupID int64
		where   string
	}{
		{group, gen.GroupPokeJSONRequestBody{GroupID: fx.group, UserID: peer}, fx.group, fmt.Sprintf("in group %d", fx.group)},
		{friend, gen.FriendPokeJSONRequestBody{UserID: peer}, 0, "privately"},
	} {
		after, err := s.lastEventSeq(ctx, rig, peer)
		if err != nil {
			return worldFailed(control.ActionListEvents, err)
		}
		if out := s.step(ctx, poke.op, poke.body, nil, true); out != nil {
			return *out
		}
		told, err := s.awaitPoke(ctx, rig, peer, after, poke.groupID)
		switch {
		case err != nil:
			return worldFailed(control.ActionListEvents, err)
		case !told:
			ps.add(fieldNoticeType, "after %s answered ok, the poked bot %d was not told (no notify/poke notice with user_id %d, target_id %d %s within %s)", poke.op.name, peer, s.self, peer, poke.where, eventWait)
		default:
			notes = append(notes, fmt.Sprintf("%s: bot %d told of the poke %s", poke.op.name, peer, poke.where))
		}
	}
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}

// lastEventSeq is the seq of the newest event bot was told of (0: none yet).
func (s *suite) lastEventSeq(ctx context.Context, rig *eventRig, bot int64) (int64, error) {
	var last int64
	for {
		var recs control.EventRecordList
		limit := int32(pokeEventsLimit)
		if err := s.worldCall(ctx, rig, control.ActionListEvents, control.ListEventsParams{SelfID: bot, AfterSeq: &last, Limit: &limit}, &recs); err != nil {
			return 0, err
		}
		if len(recs) == 0 {
			return last, nil
		}
		last = recs[len(recs)-1].Seq
	}
}

// awaitPoke waits for bot to be told, after seq, that the suite's bot poked it, in groupID
// (0: privately, no group_id).
func (s *suite) awaitPoke(ctx context.Context, rig *eventRig, bot, after, groupID int64) (bool, error) {
	deadline := time.Now().Add(eventWait)
	for {
		var recs control.EventRecordList
		limit := int32(pokeEventsLimit)
		if err := s.worldCall(ctx, rig, control.ActionListEvents, control.ListEventsParams{SelfID: bot, AfterSeq: &after, Limit: &limit}, &recs); err != nil {
			return false, err
		}
		for _, r := range recs {
			e := eventFields(r.Event)
			if e[fieldNoticeType] == string(gen.PokeNoticeNoticeTypeNotify) && e[fieldSubType] == string(gen.PokeNoticeSubTypePoke) &&
				number(e[fieldUserID]) == s.self && number(e[fieldTargetID]) == bot && number(e[fieldGroupID]) == groupID {
				return true, nil
			}
			after = r.Seq
		}
		if time.Now().After(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// number is a JSON number of an event as an int64 (0 when absent or not a number).
func number(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case json.Number:
		i, _ := n.Int64()
		return i
	}
	return 0
}
