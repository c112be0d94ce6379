package world

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"
)

// GroupOptions are a group's settings that only its owner and admins change (群管理 › 群设置):
// how people join it, whether it can be found, whether bots may be invited, what members
// may do and whether newcomers see the recent history. A group nobody set them for has
// DefaultGroupOptions.
type GroupOptions struct {
	GroupID int64
	// AddType is QQ's join option (addOption, 加群方式); AddTypeQuestion and AddTypeAnswer
	// ask joiners Question, the latter checking their reply against Answer.
	AddType          int32
	Question, Answer string
	// NoCodeFingerOpen and NoFingerOpen are QQ's search flags (群搜索: noCodeFingerOpenFlag,
	// noFingerOpenFlag), kept as set.
	NoCodeFingerOpen, NoFingerOpen int32
	// RobotMemberSwitch and RobotMemberExamine: whether bots may be invited, and whether
	// their invitation is reviewed (inviteRobotMemberSwitch, inviteRobotMemberExamine).
	RobotMemberSwitch, RobotMemberExamine int32
	// InvitePolicy is who may invite friends in, one of InvitePolicies.
	InvitePolicy string
	// What members may do (群成员功能权限).
	AllowUploadAlbum, AllowTemporarySession, AllowCreateGroup bool
	// NewMemberHistoryVisible: newcomers see the recent messages (新成员可见最近聊天记录).
	NewMemberHistoryVisible bool
	// MsgMask is how the reading account itself takes the group's messages (群消息设置,
	// one of the MsgMask values); each member sets its own.
	MsgMask int32
	// SilencedBots are the group's bots (QQ's group robots, members) its admins told not to
	// speak (群机器人发言状态), by number.
	SilencedBots []int64
}

// QQ's message settings for a group (群消息设置, NTQQ's group msg mask), each account its own.
const (
	MsgMaskNotify   = 1 // receive and notify 接收并提醒
	MsgMaskFolded   = 2 // into the group assistant 收进群助手且不提醒
	MsgMaskBlocked  = 3 // do not receive 屏蔽群消息
	MsgMaskNoNotify = 4 // receive without notifying 接收但不提醒
)

// QQ's join options (addOption) that carry a question: with AddTypeAnswer QQ checks the
// joiner's reply against the answer; with AddTypeQuestion an admin reads it.
const (
	AddTypeAnswer   = 4
	AddTypeQuestion = 5
	// MaxAddType is the largest join option QQ knows.
	MaxAddType = 5
	// MaxGroupQuestionRunes is how long a join question or answer may be.
	MaxGroupQuestionRunes = 50
)

// InvitePolicies are the member invitation policies NapCat names (成员邀请策略): forbidden,
// reviewed by an admin, free, free while the group has fewer than 100 members.
var InvitePolicies = []string{"disabled", "require_approval", "no_approval", "no_approval_under_100"}

// DefaultGroupOptions are what QQ gives a new group: anyone may ask to join (reviewed),
// members may invite (reviewed), use the album and start temporary sessions; each member
// is notified of its messages.
func DefaultGroupOptions(groupID int64) GroupOptions {
	return GroupOptions{GroupID: groupID, AddType: 2, InvitePolicy: "require_approval", MsgMask: MsgMaskNotify,
		AllowUploadAlbum: true, AllowTemporarySession: true, AllowCreateGroup: true, NewMemberHistoryVisible: true}
}

// GroupOptionsStore keeps the options set for groups; Get wraps ErrNotFound for a group
// nobody set them for.
type GroupOptionsStore interface {
	Get(groupID int64) (GroupOptions, error)
	Put(o GroupOptions) error
	// MsgMask is an account's message setting for a group; ErrNotFound when it set none.
	MsgMask(groupID, userID int64) (int32, error)
	SetMsgMask(groupID, userID int64, mask int32) error
	// SilencedBots are the group's bots told not to speak, by number; SetBotSilenced
	// changes one.
	SilencedBots(groupID int64) ([]int64, error)
	SetBotSilenced(groupID, botID int64, silenced bool) error
}

// GroupOptionsChanged: an admin changed a group's options; Field names the action's part.
// No event in OneBot v11.
type GroupOptionsChanged struct {
	Head
	unseen
	GroupID, OperatorID int64
	Field               string
}

// groupOptions reads a group's options, its defaults when nobody set them.
func groupOptions(o *op, groupID int64) (GroupOptions, error) {
	opts, err := o.tx.GroupOptions().Get(groupID)
	if errors.Is(err, ErrNotFound) {
		return DefaultGroupOptions(groupID), nil
	}
	return opts, err
}

// GroupOptions are the options of a group the actor is in (any member sees them).
func (a *Actor) GroupOptions(ctx context.Context, groupID int64) (GroupOptions, error) {
	var out GroupOptions
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		var err error
		if out, err = groupOptions(o.op, groupID); err != nil {
			return err
		}
		out.MsgMask, err = o.tx.GroupOptions().MsgMask(groupID, o.self)
		if errors.Is(err, ErrNotFound) {
			out.MsgMask, err = MsgMaskNotify, nil
		}
		if err != nil {
			return err
		}
		out.SilencedBots, err = o.tx.GroupOptions().SilencedBots(groupID)
		return err
	})
	return out, err
}

// SetGroupBotStatus lets a bot of the group (a member) speak or silences it (群机器人发言
// 状态), as the group's owner or an admin.
func (a *Actor) SetGroupBotStatus(ctx context.Context, groupID, botID int64, enable bool) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if _, err := o.tx.Members().Get(groupID, botID); err != nil {
			return fmt.Errorf("bot_id: %d is not a member of group %d: %w", botID, groupID, ErrNotFound)
		}
		o.record(&GroupOptionsChanged{GroupID: groupID, OperatorID: o.self, Field: "bot_status"})
		return o.tx.GroupOptions().SetBotSilenced(groupID, botID, !enable)
	})
}

// SetGroupMsgMask sets how the actor itself takes a group's messages (any member may).
func (a *Actor) SetGroupMsgMask(ctx context.Context, groupID int64, mask int32) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		if mask < MsgMaskNotify || mask > MsgMaskNoNotify {
			return fmt.Errorf("mask: %d is not one of QQ's message settings %d to %d: %w", mask, MsgMaskNotify, MsgMaskNoNotify, ErrInvalid)
		}
		o.record(&GroupOptionsChanged{GroupID: groupID, OperatorID: o.self, Field: "msg_mask"})
		return o.tx.GroupOptions().SetMsgMask(groupID, o.self, mask)
	})
}

// changeOptions applies change to a group's options as its owner or an admin.
func (a *Actor) changeOptions(ctx context.Context, groupID int64, field string, change func(*GroupOptions) error) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		opts, err := groupOptions(o.op, groupID)
		if err != nil {
			return err
		}
		if err := change(&opts); err != nil {
			return err
		}
		o.record(&GroupOptionsChanged{GroupID: groupID, OperatorID: o.self, Field: field})
		return o.tx.GroupOptions().Put(opts)
	})
}

// SetGroupAddOption sets how people join (加群方式); a question goes with AddTypeAnswer and
// AddTypeQuestion only (the answer with AddTypeAnswer only), as QQ keeps them.
func (a *Actor) SetGroupAddOption(ctx context.Context, groupID int64, addType int32, question, answer string) error {
	return a.changeOptions(ctx, groupID, "add_type", func(g *GroupOptions) error {
		if addType < 1 || addType > MaxAddType {
			return fmt.Errorf("add_type: %d is not one of QQ's join options 1 to %d: %w", addType, MaxAddType, ErrInvalid)
		}
		for _, f := range []struct{ name, text string }{{"group_question", question}, {"group_answer", answer}} {
			if n := utf8.RuneCountInString(f.text); n > MaxGroupQuestionRunes {
				return fmt.Errorf("%s: %d characters, more than the %d QQ allows: %w", f.name, n, MaxGroupQuestionRunes, ErrInvalid)
			}
		}
		if addType != AddTypeAnswer && addType != AddTypeQuestion {
			question = ""
		}
		if addType != AddTypeAnswer {
			answer = ""
		}
		g.AddType, g.Question, g.Answer = addType, question, answer
		return nil
	})
}

// SetGroupSearch sets QQ's search flags (群搜索); an absent flag stays as it was.
func (a *Actor) SetGroupSearch(ctx context.Context, groupID int64, noCodeFingerOpen, noFingerOpen *int32) error {
	return a.changeOptions(ctx, groupID, "search", func(g *GroupOptions) error {
		setIf(&g.NoCodeFingerOpen, noCodeFingerOpen)
		setIf(&g.NoFingerOpen, noFingerOpen)
		return nil
	})
}

// SetGroupRobotAddOption sets whether bots may be invited and whether that is reviewed; an
// absent switch stays as it was.
func (a *Actor) SetGroupRobotAddOption(ctx context.Context, groupID int64, memberSwitch, memberExamine *int32) error {
	return a.changeOptions(ctx, groupID, "robot_add_option", func(g *GroupOptions) error {
		setIf(&g.RobotMemberSwitch, memberSwitch)
		setIf(&g.RobotMemberExamine, memberExamine)
		return nil
	})
}

// SetGroupInvitePolicy sets who may invite friends into the group (one of InvitePolicies).
func (a *Actor) SetGroupInvitePolicy(ctx context.Context, groupID int64, policy string) error {
	return a.changeOptions(ctx, groupID, "member_invite_policy", func(g *GroupOptions) error {
		for _, p := range InvitePolicies {
			if p == policy {
				g.InvitePolicy = policy
				return nil
			}
		}
		return fmt.Errorf("policy: %q is not one of %v: %w", policy, InvitePolicies, ErrInvalid)
	})
}

// SetGroupMemberPermissions sets what members may do; an absent permission stays as it was,
// and at least one must be given (as NapCat requires).
func (a *Actor) SetGroupMemberPermissions(ctx context.Context, groupID int64, uploadAlbum, temporarySession, createGroup *bool) error {
	return a.changeOptions(ctx, groupID, "member_permissions", func(g *GroupOptions) error {
		if uploadAlbum == nil && temporarySession == nil && createGroup == nil {
			return fmt.Errorf("allow_member_upload_album, allow_member_temporary_session, allow_member_create_group: at least one is needed: %w", ErrInvalid)
		}
		setIf(&g.AllowUploadAlbum, uploadAlbum)
		setIf(&g.AllowTemporarySession, temporarySession)
		setIf(&g.AllowCreateGroup, createGroup)
		return nil
	})
}

// SetGroupNewMemberHistoryVisible sets whether newcomers see the recent history.
func (a *Actor) SetGroupNewMemberHistoryVisible(ctx context.Context, groupID int64, visible bool) error {
	return a.changeOptions(ctx, groupID, "new_member_history_visibility", func(g *GroupOptions) error {
		g.NewMemberHistoryVisible = visible
		return nil
	})
}

// setIf sets *dst to *v when v is given.
func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
