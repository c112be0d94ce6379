package conformance

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Emoji reactions (表情回应, NapCat's set_msg_emoji_like and its group_msg_emoji_like notice):
// a simulated member reacts to a group message through the control API and the bot is told;
// and the bot's own round trip: set_msg_emoji_like, the notice (with the emoji's count),
// fetch_emoji_like lists the bot, set_msg_emoji_like with set false, the notice of the undo,
// and the list no longer shows it.

const (
	schemaEmojiLike   = "GroupMsgEmojiLikeNotice"
	schemaInputStatus = "InputStatusNotice"
	// reactionEmoji is the emoji the checks put: QQ face 76 (赞), type 1.
	reactionEmoji     = "76"
	reactionEmojiType = 1
	fieldIsAdd        = "is_add"
	fieldLikes        = "likes"
)

// emojiLike is the expected group_msg_emoji_like notice of user putting (add) or taking back
// the checks' emoji on message id of group, the emoji's count then being count.
func emojiLike(group, id, user int64, add bool, count int64) expectedEvent {
	want := expectedEvent{schema: schemaEmojiLike, ref: refEventNotice}
	want.what = fmt.Sprintf("the reaction %s (is_add %t) of %d to message %d in %d", reactionEmoji, add, user, id, group)
	want.match = func(m map[string]any) bool {
		return m[fieldPostType] == postTypeNotice && m[fieldNoticeType] == string(gen.GroupMsgEmojiLikeNoticeNoticeTypeGroupMsgEmojiLike) &&
			number(m[fieldMessageID]) == id && m[fieldIsAdd] == add
	}
	want.want = eventFields{fieldGroupID: group, fieldUserID: user}
	want.also = func(src string, m map[string]any, ps *problems) {
		likes, _ := m[fieldLikes].([]any)
		for _, l := range likes {
			like, _ := l.(map[string]any)
			if like["emoji_id"] == reactionEmoji {
				if got := number(like["count"]); got != count {
					ps.add(fieldLikes, "%s%s says emoji %s counts %d, want %d", src, want.what, reactionEmoji, got, count)
				}
				return
			}
		}
		ps.add(fieldLikes, "%s%s does not list emoji %s in likes: %v", src, want.what, reactionEmoji, m[fieldLikes])
	}
	return want
}

// driveReaction: the fixture's member reacts to the owner's group message, and takes the
// reaction back once the notice is judged.
func (s *suite) driveReaction(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
	var sent control.WorldMessageID
	params := map[string]any{"user_id": fx.owner, "group_id": fx.group, "message": s.marker("reaction")}
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &sent); err != nil {
		return expectedEvent{}, err
	}
	want := emojiLike(fx.group, int64(sent.MessageID), fx.member, true, 1)
	react := func(ctx context.Context, on bool) error {
		return s.act(ctx, rig, control.ActionReact, control.ReactParams{UserID: fx.member, MessageID: sent.MessageID, EmojiID: reactionEmoji, Enable: &on}, nil)
	}
	want.undo = func(ctx context.Context) error { return react(ctx, false) }
	return want, react(ctx, true)
}

// reactionCheck is the bot's reaction round trip on a member's message of the fixture's group.
func (s *suite) reactionCheck() check {
	steps := []string{gen.ActionSetMsgEmojiLike, gen.ActionFetchEmojiLike}
	return s.roundTripCheck("reaction-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.reactionRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) reactionRoundtrip(ctx context.Context, rig *eventRig, set, fetch *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	var sent control.WorldMessageID
	params := map[string]any{"user_id": fx.member, "group_id": fx.group, "message": s.marker("reaction round trip")}
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &sent); err != nil {
		return stopOutcome(err)
	}
	id := sent.MessageID
	self := strconv.FormatInt(s.self, 10)
	emojiType := gen.FetchEmojiLikeParamsEmojiType(reactionEmojiType)
	listed := func() (bool, *outcome) {
		var page gen.FetchEmojiLikeData
		if out := s.step(ctx, fetch, gen.FetchEmojiLikeJSONRequestBody{MessageID: id, EmojiID: reactionEmoji, EmojiType: &emojiType}, &page, false); out != nil {
			return false, out
		}
		return slices.ContainsFunc(page.EmojiLikesList, func(l gen.EmojiLiker) bool { return l.TinyID == self }), nil
	}

	var ps problems
	var notes []string
	for _, on := range []bool{true, false} {
		driven := time.Now()
		if out := s.step(ctx, set, gen.SetMsgEmojiLikeJSONRequestBody{MessageID: id, EmojiID: reactionEmoji, Set: &on}, nil, on); out != nil {
			if !on {
				out.reason = fmt.Sprintf("taking back the reaction to message %d: %s", id, out.reason)
			}
			return *out
		}
		count := int64(0)
		if on {
			count = 1
		}
		want := emojiLike(fx.group, int64(id), s.self, on, count)
		want.driven = driven
		seen, _ := s.awaitEvent(ctx, rig.sources, want, &ps)
		notes = append(notes, seen...)
		in, out := listed()
		if out != nil {
			out.reason = fmt.Sprintf("reading back the reactions to message %d: %s", id, out.reason)
			return *out
		}
		if in != on {
			ps.add("data.emojiLikesList", "%s of message %d lists the bot %t after %s (set %t) answered ok", fetch.name, id, in, set.name, on)
		}
	}
	notes = append(notes, fmt.Sprintf("emoji %s put on message %d of %d in group %d, listed, taken back", reactionEmoji, id, fx.member, fx.group))
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}
