package conformance

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// The notice checks make the world produce the standard's notices (event/notice.md) and the
// group requests (event/request.md) through the control API, on a ground of their own (the
// fixture): two simulated users, one of them a friend of the bot, and two groups of theirs,
// one with the bot as admin (join requests go to admins) and one without it (to invite it).
// Each driver is a few control calls and the event that must follow: the fields that pick it
// out of the stream (key), and those that must name what was driven (want, Required) or what
// the world chose (world, onespec). The accounts and groups are deleted when the run ends.

// The notice and request schemas of the spec's components.schemas.
const (
	schemaGroupRecall    = "GroupRecallNotice"
	schemaFriendRecall   = "FriendRecallNotice"
	schemaGroupBan       = "GroupBanNotice"
	schemaGroupIncrease  = "GroupIncreaseNotice"
	schemaGroupDecrease  = "GroupDecreaseNotice"
	schemaGroupAdmin     = "GroupAdminNotice"
	schemaPoke           = "PokeNotice"
	schemaGroupUpload    = "GroupUploadNotice"
	schemaFriendAdd      = "FriendAddNotice"
	schemaGroupRequest   = "GroupRequestEvent"
	refEventNotice       = standardDoc + "event/notice.md"
	refEventGroupRequest = refEventRequest + "#加群请求邀请"
)

// Notice fields the checks match on (event/notice.md).
const (
	fieldNoticeType = "notice_type"
	fieldOperatorID = "operator_id"
	fieldTargetID   = "target_id"
	fieldDuration   = "duration"
	fieldFileID     = "file.id"
	fieldFileName   = "file.name"
	fieldFileSize   = "file.size"
	fieldFileBusid  = "file.busid"
	postTypeNotice  = "notice"
)

// noticeMute is how long group-ban mutes the member, in seconds.
const noticeMute = 600

// fixture is the notice checks' ground, made once per run by the first that needs it.
type fixture struct {
	err    error
	owner  int64 // a simulated user, the bot's friend, owner of group and lone
	member int64 // a simulated user, a plain member of group
	group  int64 // owner, member and the bot, an admin
	lone   int64 // owner alone: the bot is not in it
}

// noticeDriver is one notice or request check: its name and how it is driven.
type noticeDriver struct {
	name  string
	drive eventDriver
}

// notice is the expected notice of type noticeType in the schema, linked to the standard's
// section, picked out by key (post_type and notice_type are added).
func notice(schema, section, noticeType string, key eventFields) expectedEvent {
	key[fieldPostType], key[fieldNoticeType] = postTypeNotice, noticeType
	return expectedEvent{schema: schema, ref: refEventNotice + "#" + section, key: key}
}

// noticeDrivers are the notice and group request checks, in run order.
func (s *suite) noticeDrivers() []noticeDriver {
	// on runs drive on the fixture.
	on := func(drive func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error)) eventDriver {
		return func(ctx context.Context, rig *eventRig) (expectedEvent, error) {
			fx, err := s.noticeFixture(ctx, rig)
			if err != nil {
				return expectedEvent{}, err
			}
			return drive(ctx, rig, fx)
		}
	}
	return []noticeDriver{
		// The owner recalls the member's group message: operator and sender differ.
		{"group-recall", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			id, err := s.sendAndRecall(ctx, rig, fx.member, fx.group, fx.owner)
			want := notice(schemaGroupRecall, "群消息撤回", string(gen.GroupRecallNoticeNoticeTypeGroupRecall), eventFields{fieldMessageID: id})
			want.what = fmt.Sprintf("the recall of group message %d by %d", id, fx.owner)
			want.want = eventFields{fieldGroupID: fx.group, fieldUserID: fx.member, fieldOperatorID: fx.owner}
			return want, err
		})},
		// The bot's friend recalls a private message it sent the bot.
		{"friend-recall", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			id, err := s.sendAndRecall(ctx, rig, fx.owner, 0, fx.owner)
			want := notice(schemaFriendRecall, "好友消息撤回", string(gen.FriendRecallNoticeNoticeTypeFriendRecall), eventFields{fieldMessageID: id})
			want.what = fmt.Sprintf("the recall of private message %d by %d", id, fx.owner)
			want.want = eventFields{fieldUserID: fx.owner}
			return want, err
		})},
		// The owner mutes the member, and lifts the mute once the notice is judged.
		{"group-ban", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			want := notice(schemaGroupBan, "群禁言", string(gen.GroupBanNoticeNoticeTypeGroupBan), eventFields{fieldGroupID: fx.group, fieldUserID: fx.member})
			want.what = fmt.Sprintf("the mute of %d in %d by %d", fx.member, fx.group, fx.owner)
			want.want = eventFields{fieldSubType: string(gen.GroupBanNoticeSubTypeBan), fieldOperatorID: fx.owner, fieldDuration: int64(noticeMute)}
			mute := func(ctx context.Context, seconds int64) error {
				return s.act(ctx, rig, control.ActionMuteMember, control.MuteMemberParams{By: fx.owner, GroupID: fx.group, UserID: fx.member, Duration: &seconds}, nil)
			}
			want.undo = func(ctx context.Context) error { return mute(ctx, 0) }
			return want, mute(ctx, noticeMute)
		})},
		// A new account is put in the group.
		{"group-increase", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			user, err := s.newMember(ctx, rig, fx, "joiner", nil)
			want := notice(schemaGroupIncrease, "群成员增加", string(gen.GroupIncreaseNoticeNoticeTypeGroupIncrease), eventFields{fieldGroupID: fx.group, fieldUserID: user})
			want.what = fmt.Sprintf("the joining of %d to %d", user, fx.group)
			return want, err
		})},
		// The owner kicks a new member.
		{"group-decrease", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			user, err := s.newMember(ctx, rig, fx, "kicked", nil)
			if err != nil {
				return expectedEvent{}, err
			}
			want := notice(schemaGroupDecrease, "群成员减少", string(gen.GroupDecreaseNoticeNoticeTypeGroupDecrease), eventFields{fieldGroupID: fx.group, fieldUserID: user})
			want.what = fmt.Sprintf("the kick of %d from %d by %d", user, fx.group, fx.owner)
			want.want = eventFields{fieldSubType: string(gen.GroupDecreaseNoticeSubTypeKick), fieldOperatorID: fx.owner}
			want.driven = time.Now()
			return want, s.act(ctx, rig, control.ActionRemoveMember, control.RemoveMemberParams{GroupID: fx.group, UserID: user, By: &fx.owner}, nil)
		})},
		// A new member is made admin.
		{"group-admin", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			admin := control.WorldRoleAdmin
			user, err := s.newMember(ctx, rig, fx, "admin", &admin)
			want := notice(schemaGroupAdmin, "群管理员变动", string(gen.GroupAdminNoticeNoticeTypeGroupAdmin), eventFields{fieldGroupID: fx.group, fieldUserID: user})
			want.what = fmt.Sprintf("%d made admin of %d", user, fx.group)
			want.want = eventFields{fieldSubType: string(gen.GroupAdminNoticeSubTypeSet)}
			return want, err
		})},
		// The member pokes the bot in the group.
		{"poke", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			want := notice(schemaPoke, "群内戳一戳", string(gen.PokeNoticeNoticeTypeNotify),
				eventFields{fieldSubType: string(gen.PokeNoticeSubTypePoke), fieldUserID: fx.member})
			want.what = fmt.Sprintf("the poke of the bot by %d in %d", fx.member, fx.group)
			want.want = eventFields{fieldGroupID: fx.group, fieldTargetID: s.self}
			return want, s.act(ctx, rig, control.ActionPoke, control.PokeParams{UserID: fx.member, TargetID: s.self, GroupID: &fx.group}, nil)
		})},
		// The member uploads a group file.
		{"group-upload", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			name := fmt.Sprintf("onespec-%s.txt", s.runID)
			content := []byte(s.marker("group file"))
			var file control.WorldGroupFile
			err := s.act(ctx, rig, control.ActionUploadGroupFile, control.UploadGroupFileParams{UserID: fx.member, GroupID: fx.group, Name: name, Content: &content}, &file)
			want := notice(schemaGroupUpload, "群文件上传", string(gen.GroupUploadNoticeNoticeTypeGroupUpload), eventFields{fieldGroupID: fx.group, fieldFileName: name})
			want.what = fmt.Sprintf("the upload of %s by %d in %d", name, fx.member, fx.group)
			want.want = eventFields{fieldUserID: fx.member, fieldFileSize: int64(len(content))}
			want.world = eventFields{fieldFileID: file.FileID, fieldFileBusid: int64(file.Busid)}
			return want, err
		})},
		// The owner sets the member's message as essence.
		{"essence", on(s.driveEssence)},
		// The owner, the bot's friend, likes the bot's card.
		{"profile-like", on(s.driveProfileLike)},
		// Another client logs in to the bot's account.
		{"client-status", s.driveClientStatus},
		// The bot's friend types in their private chat.
		{"input-status", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			typing := control.SetInputStatusParamsEventType(1)
			err := s.act(ctx, rig, control.ActionSetInputStatus, control.SetInputStatusParams{UserID: fx.owner, TargetID: s.self, EventType: typing}, nil)
			want := expectedEvent{schema: schemaInputStatus, ref: refEventNotice,
				key: eventFields{fieldPostType: postTypeNotice, fieldNoticeType: string(gen.InputStatusNoticeNoticeTypeNotify), fieldSubType: string(gen.InputStatusNoticeSubTypeInputStatus), fieldUserID: fx.owner}}
			want.what = fmt.Sprintf("the input status (typing) of %d", fx.owner)
			want.want = eventFields{"event_type": int64(typing)}
			return want, err
		})},
		// The member reacts to the owner's group message with an emoji.
		{"group-msg-emoji-like", on(s.driveReaction)},
		// A new account becomes the bot's friend.
		{"friend-add", func(ctx context.Context, rig *eventRig) (expectedEvent, error) {
			user, err := s.newAccount(ctx, rig, "friend")
			if err == nil {
				err = s.act(ctx, rig, control.ActionAddFriend, control.AddFriendParams{UserID: user, FriendID: s.self}, nil)
			}
			want := notice(schemaFriendAdd, "好友添加", string(gen.FriendAddNoticeNoticeTypeFriendAdd), eventFields{fieldUserID: user})
			want.what = fmt.Sprintf("the new friend %d", user)
			return want, err
		}},
		// A new account asks to join the group the bot administers.
		{"group-request", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			user, err := s.newAccount(ctx, rig, "applicant")
			if err != nil {
				return expectedEvent{}, err
			}
			comment := s.marker("join request")
			var flag control.WorldFlag
			err = s.act(ctx, rig, control.ActionSendJoinRequest, control.SendJoinRequestParams{UserID: user, GroupID: fx.group, Comment: &comment}, &flag)
			want := groupRequest(fx.group, user)
			want.what = fmt.Sprintf("the join request of %d to %d", user, fx.group)
			want.want = eventFields{fieldSubType: string(gen.GroupRequestEventSubTypeAdd), fieldComment: comment}
			want.world = eventFields{fieldFlag: flag.Flag}
			return want, err
		})},
		// The owner invites the bot into the group it is not in.
		{"group-invite", on(func(ctx context.Context, rig *eventRig, fx *fixture) (expectedEvent, error) {
			var flag control.WorldFlag
			err := s.act(ctx, rig, control.ActionSendGroupInvitation, control.SendGroupInvitationParams{UserID: fx.owner, GroupID: fx.lone, TargetID: s.self}, &flag)
			want := groupRequest(fx.lone, fx.owner)
			want.what = fmt.Sprintf("the invitation of the bot to %d by %d", fx.lone, fx.owner)
			want.want = eventFields{fieldSubType: string(gen.GroupRequestEventSubTypeInvite)}
			want.world = eventFields{fieldFlag: flag.Flag}
			return want, err
		})},
	}
}

// groupRequest is the expected group request of user for group.
func groupRequest(group, user int64) expectedEvent {
	return expectedEvent{schema: schemaGroupRequest, ref: refEventGroupRequest,
		key: eventFields{fieldPostType: postTypeRequest, fieldRequestType: string(gen.GroupRequestEventRequestTypeGroup), fieldGroupID: group, fieldUserID: user}}
}

// sendAndRecall makes user send a message to the bot (group 0) or in group, and by recall it.
func (s *suite) sendAndRecall(ctx context.Context, rig *eventRig, user, group, by int64) (int64, error) {
	params := map[string]any{"user_id": user, "message": s.marker("recalled")}
	if group != 0 {
		params["group_id"] = group
	} else {
		params["target_id"] = s.self
	}
	var sent control.WorldMessageID
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &sent); err != nil {
		return 0, err
	}
	return int64(sent.MessageID), s.act(ctx, rig, control.ActionRecallMessage, control.RecallMessageParams{By: by, MessageID: sent.MessageID}, nil)
}

// noticeFixture makes the notice checks' ground once per run: a friend of the bot who owns a
// group where the bot is admin beside a plain member, and a group of its own without the bot.
// A failure is kept: every notice check then fails for it.
func (s *suite) noticeFixture(ctx context.Context, rig *eventRig) (*fixture, error) {
	if rig.fixture != nil {
		return rig.fixture, rig.fixture.err
	}
	fx := &fixture{}
	rig.fixture = fx
	fx.err = func() error {
		var err error
		if fx.owner, err = s.newAccount(ctx, rig, "owner"); err != nil {
			return err
		}
		if fx.member, err = s.newAccount(ctx, rig, "member"); err != nil {
			return err
		}
		if err := s.act(ctx, rig, control.ActionAddFriend, control.AddFriendParams{UserID: fx.owner, FriendID: s.self}, nil); err != nil {
			return err
		}
		if fx.group, err = s.newGroup(ctx, rig, fx.owner, fx.member, s.self); err != nil {
			return err
		}
		admin := control.WorldRoleAdmin
		if err := s.act(ctx, rig, control.ActionSetMember, control.SetMemberParams{GroupID: fx.group, UserID: s.self, Role: &admin}, nil); err != nil {
			return err
		}
		fx.lone, err = s.newGroup(ctx, rig, fx.owner)
		return err
	}()
	return fx, fx.err
}

// newAccount creates a simulated user with a QQ number no account has, deleted when the run
// ends.
func (s *suite) newAccount(ctx context.Context, rig *eventRig, role string) (int64, error) {
	return s.createAccount(ctx, rig, role, false)
}

// createAccount creates a simulated user, or a bot the target answers for, with a QQ number
// no account has, deleted when the run ends.
func (s *suite) createAccount(ctx context.Context, rig *eventRig, role string, bot bool) (int64, error) {
	var user int64 = 10000
	for _, a := range rig.accounts {
		user = max(user, a.UserID)
	}
	// Within a world file's nickname limit (36 characters): "onespec friend request 1a2b3c".
	nickname := fmt.Sprintf("onespec %s %s", role, s.runID)
	// Someone else may take the next number after the accounts were listed: try a few.
	var err error
	for range 3 {
		user++
		if err = s.act(ctx, rig, control.ActionCreateAccount, control.CreateAccountParams{UserID: user, Nickname: nickname, Bot: &bot}, nil); err == nil {
			break
		}
	}
	if err != nil {
		return 0, err
	}
	rig.accounts = append(rig.accounts, control.WorldAccount{UserID: user, Nickname: nickname})
	rig.undo = append(rig.undo, undoStep{control.ActionDeleteAccount, control.DeleteAccountParams{UserID: user}})
	return user, nil
}

// newMember creates an account and puts it in the fixture's group (set_member), with role.
func (s *suite) newMember(ctx context.Context, rig *eventRig, fx *fixture, what string, role *control.WorldRole) (int64, error) {
	user, err := s.newAccount(ctx, rig, what)
	if err != nil {
		return 0, err
	}
	return user, s.act(ctx, rig, control.ActionSetMember, control.SetMemberParams{GroupID: fx.group, UserID: user, Role: role}, nil)
}

// newGroup creates a group of owner with members, dismissed when the run ends. The control API
// lists no groups: a random number is tried, and another when it is taken.
func (s *suite) newGroup(ctx context.Context, rig *eventRig, owner int64, members ...int64) (int64, error) {
	params := control.CreateGroupParams{GroupName: "onespec conformance " + s.runID, OwnerID: owner}
	if len(members) > 0 {
		params.Members = &members
	}
	var err error
	for range 3 {
		var b [4]byte
		_, _ = rand.Read(b[:])
		params.GroupID = 900_000_000 + int64(binary.BigEndian.Uint32(b[:])%100_000_000)
		if err = s.act(ctx, rig, control.ActionCreateGroup, params, nil); err == nil {
			rig.undo = append(rig.undo, undoStep{control.ActionDeleteGroup, control.DeleteGroupParams{GroupID: params.GroupID}})
			return params.GroupID, nil
		}
	}
	return 0, err
}

// eventTeardown takes back what the event checks made in the world, last made first; what
// cannot be taken back is noted in the report.
func (s *suite) eventTeardown() {
	if s.rig == nil || len(s.rig.undo) == 0 {
		return
	}
	for i := len(s.rig.undo) - 1; i >= 0; i-- {
		u := s.rig.undo[i]
		// Each step has its own time, so that one slow step does not leave the rest undone.
		ctx, cancel := context.WithTimeout(context.Background(), 2*s.doer.timeout)
		err := s.worldCall(ctx, s.rig, u.action, u.params, nil)
		cancel()
		if err != nil {
			s.notes = append(s.notes, fmt.Sprintf("the event checks could not take back what they made in the world: %s %+v: %v", u.action, u.params, err))
		}
	}
	s.rig.undo = nil
}
