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

// Accounts and friends: a simulated friend likes the bot's card and the bot is told (NapCat's
// notify/profile_like); the bot's own round trips: its remark for a friend shows in
// get_friend_list, its like raises the friend's count in get_profile_like, and its new
// nickname shows in get_stranger_info (then the old one is put back).

const (
	schemaProfileLike  = "ProfileLikeNotice"
	schemaClientStatus = "ClientStatusNotice"
	fieldClient        = "client"
	fieldOnline        = "online"
	fieldOperatorNick  = "operator_nick"
	fieldTimes         = "times"
	profileLikeSection = "资料卡点赞"
)

// driveProfileLike: the fixture's owner, the bot's friend, likes the bot's card once.
func (s *suite) driveProfileLike(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
	want := notice(schemaProfileLike, profileLikeSection, string(gen.ProfileLikeNoticeNoticeTypeNotify),
		eventFields{fieldSubType: string(gen.ProfileLikeNoticeSubTypeProfileLike), fieldOperatorID: fx.owner})
	want.what = fmt.Sprintf("the like of %d on the bot's card", fx.owner)
	want.want = eventFields{fieldTimes: int64(1)}
	times := int32(1)
	return want, s.act(ctx, rig, control.ActionLike, control.LikeParams{UserID: fx.owner, TargetID: s.self, Times: &times}, nil)
}

// newFriend is a new simulated user made the bot's friend for one round trip.
func (s *suite) newFriend(ctx context.Context, rig *eventRig, role string) (int64, error) {
	user, err := s.newAccount(ctx, rig, role)
	if err == nil {
		err = s.act(ctx, rig, control.ActionAddFriend, control.AddFriendParams{UserID: user, FriendID: s.self}, nil)
	}
	return user, err
}

// friendRemarkCheck: set_friend_remark, then get_friend_list shows the remark.
func (s *suite) friendRemarkCheck() check {
	steps := []string{gen.ActionSetFriendRemark, gen.ActionGetFriendList}
	return s.roundTripCheck("friend-remark", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		set, list := ops[0], ops[1]
		user, err := s.newFriend(ctx, rig, "remarked friend")
		if err != nil {
			return stopOutcome(err)
		}
		remark := fmt.Sprintf("onespec %s", s.runID)
		if out := s.step(ctx, set, gen.SetFriendRemarkJSONRequestBody{UserID: user, Remark: &remark}, nil, true); out != nil {
			return *out
		}
		var friends gen.FriendList
		if out := s.step(ctx, list, gen.GetFriendListJSONRequestBody{}, &friends, false); out != nil {
			out.reason = fmt.Sprintf("reading back the remark of %d: %s", user, out.reason)
			return *out
		}
		var ps problems
		i := slices.IndexFunc(friends, func(f gen.FriendInfo) bool { return f.UserID == user })
		switch {
		case i < 0:
			ps.add("data", "%s does not list the friend %d", list.name, user)
		case friends[i].Remark != remark:
			ps.add("data", "%s shows the remark %q for %d after %s set %q", list.name, friends[i].Remark, user, set.name, remark)
		}
		return outcome{ps: ps, reason: fmt.Sprintf("the remark %q for %d set and listed", remark, user)}
	})
}

// likeCountCheck: the bot likes a friend once, and get_profile_like of the friend counts one
// more like received.
func (s *suite) likeCountCheck() check {
	steps := []string{gen.ActionSendLike, gen.ActionGetProfileLike}
	return s.roundTripCheck("like-count", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		like, read := ops[0], ops[1]
		user, err := s.newFriend(ctx, rig, "liked friend")
		if err != nil {
			return stopOutcome(err)
		}
		count := func() (int32, *outcome) {
			var d gen.ProfileLikeData
			out := s.step(ctx, read, gen.GetProfileLikeJSONRequestBody{UserID: &user}, &d, false)
			return d.VoteInfo.TotalCount, out
		}
		before, out := count()
		if out != nil {
			return *out
		}
		if out := s.step(ctx, like, gen.SendLikeJSONRequestBody{UserID: user}, nil, true); out != nil {
			return *out
		}
		after, out := count()
		if out != nil {
			out.reason = fmt.Sprintf("reading back the likes of %d: %s", user, out.reason)
			return *out
		}
		var ps problems
		if after != before+1 {
			ps.add("data", "%s of %d counts %d likes received after %s gave one (before: %d)", read.name, user, after, like.name, before)
		}
		return outcome{ps: ps, reason: fmt.Sprintf("%d liked once: %d likes received, then %d", user, before, after)}
	})
}

// profileCheck: set_qq_profile gives the bot a new nickname, get_stranger_info of the bot shows
// it, and the old one is put back.
func (s *suite) profileCheck() check {
	steps := []string{gen.ActionSetQqProfile, gen.ActionGetStrangerInfo}
	return s.roundTripCheck("profile", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		set, read := ops[0], ops[1]
		nickname := func() (string, *outcome) {
			var info gen.StrangerInfo
			out := s.step(ctx, read, gen.GetStrangerInfoJSONRequestBody{UserID: s.self}, &info, false)
			return info.Nickname, out
		}
		old, out := nickname()
		if out != nil {
			return *out
		}
		name := fmt.Sprintf("onespec %s", s.runID)
		if out := s.step(ctx, set, gen.SetQqProfileJSONRequestBody{Nickname: &name}, nil, true); out != nil {
			return *out
		}
		var ps problems
		var notes []string
		if now, out := nickname(); out != nil {
			out.reason = fmt.Sprintf("reading back the bot's nickname: %s", out.reason)
			return *out
		} else if now != name {
			ps.add("data", "%s of the bot shows the nickname %q after %s set %q", read.name, now, set.name, name)
		} else {
			notes = append(notes, fmt.Sprintf("nickname %q set and read back", name))
		}
		if old != "" {
			if out := s.step(ctx, set, gen.SetQqProfileJSONRequestBody{Nickname: &old}, nil, false); out != nil {
				out.reason = fmt.Sprintf("putting back the nickname %q: %s", old, out.reason)
				return *out
			}
			notes = append(notes, fmt.Sprintf("%q put back", old))
		}
		return outcome{ps: ps, reason: strings.Join(notes, "; ")}
	})
}

// friendCategoryCheck: a new friend is moved into the bot's last category (the default one
// when it has no other), and get_friends_with_category lists it there.
func (s *suite) friendCategoryCheck() check {
	steps := []string{gen.ActionSetFriendCategory, gen.ActionGetFriendsWithCategory}
	return s.roundTripCheck("friend-category", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		set, list := ops[0], ops[1]
		user, err := s.newFriend(ctx, rig, "sorted friend")
		if err != nil {
			return stopOutcome(err)
		}
		var cats gen.FriendCategoryList
		if out := s.step(ctx, list, gen.GetFriendsWithCategoryJSONRequestBody{}, &cats, true); out != nil {
			return *out
		}
		if len(cats) == 0 {
			var ps problems
			ps.add("data", "%s lists no category, not even the default one", list.name)
			return outcome{ps: ps}
		}
		target := cats[len(cats)-1]
		if out := s.step(ctx, set, gen.SetFriendCategoryJSONRequestBody{UserID: user, CategoryID: target.CategoryID}, nil, true); out != nil {
			return *out
		}
		if out := s.step(ctx, list, gen.GetFriendsWithCategoryJSONRequestBody{}, &cats, false); out != nil {
			out.reason = fmt.Sprintf("reading back the category of %d: %s", user, out.reason)
			return *out
		}
		var ps problems
		i := slices.IndexFunc(cats, func(c gen.FriendCategory) bool { return c.CategoryID == target.CategoryID })
		if i < 0 || !slices.ContainsFunc(cats[i].BuddyList, func(f gen.FriendInfo) bool { return f.UserID == user }) {
			ps.add("data", "%s does not list %d in category %d (%s) after %s put it there", list.name, user, target.CategoryID, target.CategoryName, set.name)
		}
		return outcome{ps: ps, reason: fmt.Sprintf("%d put in category %d (%s) and listed there", user, target.CategoryID, target.CategoryName)}
	})
}

// driveClientStatus: another client logs in to the bot's account, and logs out once the
// notice is judged.
func (s *suite) driveClientStatus(ctx context.Context, rig *eventRig) (expectedEvent, error) {
	name := fmt.Sprintf("onespec %s", s.runID)
	appID := int64(530000000) + time.Now().UnixNano()%1000000
	want := notice(schemaClientStatus, "其他客户端在线状态变更", string(gen.ClientStatusNoticeNoticeTypeClientStatus), eventFields{})
	want.match = func(m map[string]any) bool {
		c, _ := m[fieldClient].(map[string]any)
		return m[fieldPostType] == postTypeNotice && m[fieldNoticeType] == string(gen.ClientStatusNoticeNoticeTypeClientStatus) && c["device_name"] == name
	}
	want.also = func(src string, m map[string]any, ps *problems) {
		if m[fieldOnline] != true {
			ps.add(fieldOnline, "%s: %s says online %v, want true", src, want.what, m[fieldOnline])
		}
	}
	want.what = fmt.Sprintf("the login of client %d (%s) to the bot's account", appID, name)
	set := func(ctx context.Context, online bool) error {
		return s.act(ctx, rig, control.ActionSetClient, control.SetClientParams{UserID: s.self, AppID: appID, DeviceName: &name, Online: &online}, nil)
	}
	want.undo = func(ctx context.Context) error { return set(ctx, false) }
	return want, set(ctx, true)
}
