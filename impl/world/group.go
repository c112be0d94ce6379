package world

import (
	"context"
	"fmt"
	"slices"

	"github.com/onespec/onespec/gen"
)

// GroupStore keeps groups.
type GroupStore interface {
	Get(id int64) (Group, error)
	Put(Group) error
	// Delete removes a group and everything every feature keeps for it (members, honors,
	// announcements, files...) but its messages.
	Delete(id int64) error
	// Of lists the groups userID is a member of.
	Of(userID int64) ([]GroupSummary, error)
	// All lists every group of the world (a world file's export).
	All() ([]Group, error)
}

// MemberStore keeps memberships and each group's block list.
type MemberStore interface {
	Get(groupID, userID int64) (Membership, error)
	Put(Membership) error
	Delete(groupID, userID int64) error
	// List is a group's members with their accounts.
	List(groupID int64) ([]MemberView, error)
	// Block refuses userID's future join requests to groupID (kicked with
	// reject_add_request).
	Block(groupID, userID int64) error
	Blocked(groupID, userID int64) (bool, error)
}

// AnonymousStore keeps the anonymous flags seen in groups and their mutes.
type AnonymousStore interface {
	// Muted is the muted-until time of an anonymous flag seen in a group.
	Muted(groupID int64, flag string) (until int64, ok bool, err error)
	Put(groupID int64, flag string, until int64) error
}

// HonorStore keeps each group's honors (the current talkative is the group's own).
type HonorStore interface {
	List(groupID int64) ([]Honor, error)
	Put(groupID int64, honors []Honor) error
}

// GroupRequestStore keeps pending join requests and invitations by flag.
type GroupRequestStore interface {
	Get(flag string) (GroupRequest, error)
	Put(GroupRequest) error
	Delete(flag string) error
	All() ([]GroupRequest, error)
}

// AnnouncementStore keeps group announcements (群公告).
type AnnouncementStore interface {
	// Add stores an announcement and returns its id.
	Add(Announcement) (int64, error)
	List(groupID int64) ([]Announcement, error)
}

// EssenceStore keeps groups' essence messages (精华消息).
type EssenceStore interface {
	Put(Essence) error
	Delete(groupID int64, messageID int32) error
	List(groupID int64) ([]Essence, error)
}

// Groups lists the groups the actor is in.
func (a *Actor) Groups(ctx context.Context) ([]GroupSummary, error) {
	var out []GroupSummary
	err := a.view(ctx, func(o *act) error {
		var err error
		out, err = o.tx.Groups().Of(o.self)
		return err
	})
	return out, err
}

// GroupInfo returns a group the actor is in.
func (a *Actor) GroupInfo(ctx context.Context, id int64) (GroupSummary, error) {
	var out GroupSummary
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(id); err != nil {
			return err
		}
		all, err := o.tx.Groups().Of(o.self)
		for _, g := range all {
			if g.ID == id {
				out = g
			}
		}
		return err
	})
	return out, err
}

// Members lists the members of a group the actor is in.
func (a *Actor) Members(ctx context.Context, groupID int64) ([]MemberView, error) {
	var out []MemberView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.Members().List(groupID)
		// The store may share the list with other callers: copy it only when a title has
		// expired, so a large group's list is not copied on every call.
		copied := false
		for i := range out {
			if t := out[i].TitleExpireTime; t != 0 && t <= o.now {
				if !copied {
					out, copied = slices.Clone(out), true
				}
				out[i].Membership = o.current(out[i].Membership)
			}
		}
		return err
	})
	return out, err
}

// MemberInfo returns one member of a group the actor is in.
func (a *Actor) MemberInfo(ctx context.Context, groupID, userID int64) (MemberView, error) {
	var out MemberView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		m, err := o.tx.Members().Get(groupID, userID)
		if err != nil {
			return err
		}
		a, err := o.tx.Accounts().Get(userID)
		out = MemberView{Membership: o.current(m), Account: a}
		return err
	})
	return out, err
}

// current hides a special title that has expired.
func (o *op) current(m Membership) Membership {
	if m.TitleExpireTime != 0 && m.TitleExpireTime <= o.now {
		m.Title, m.TitleExpireTime = "", 0
	}
	return m
}

// Honors returns a group's honors and its current talkative.
func (a *Actor) Honors(ctx context.Context, groupID int64) ([]Honor, *Honor, error) {
	var honors []Honor
	var talkative *Honor
	err := a.view(ctx, func(o *act) error {
		g, err := o.in(groupID)
		if err != nil {
			return err
		}
		talkative = g.Talkative
		honors, err = o.tx.Honors().List(groupID)
		return err
	})
	return honors, talkative, err
}

// Kick removes a member the actor outranks as an admin or owner; with block, their future
// join requests are refused.
func (a *Actor) Kick(ctx context.Context, groupID, userID int64, block bool) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.administer(groupID, userID, Admin); err != nil {
			return err
		}
		if err := o.tx.Members().Delete(groupID, userID); err != nil {
			return err
		}
		if block {
			if err := o.tx.Members().Block(groupID, userID); err != nil {
				return err
			}
		}
		o.record(&MemberKicked{GroupID: groupID, UserID: userID, OperatorID: o.self})
		return nil
	})
}

// Mute mutes a member the actor outranks as an admin or owner for seconds (0 lifts the
// mute).
func (a *Actor) Mute(ctx context.Context, groupID, userID int64, seconds int64) error {
	return a.update(ctx, func(o *act) error {
		target, err := o.administer(groupID, userID, Admin)
		if err != nil {
			return err
		}
		if seconds < 0 {
			return fmt.Errorf("mute duration %d s: %w", seconds, ErrInvalid)
		}
		target.MutedUntil = 0
		if seconds > 0 {
			target.MutedUntil = o.now + seconds
		}
		o.record(&MemberMuted{GroupID: groupID, UserID: userID, OperatorID: o.self, Duration: seconds})
		return o.tx.Members().Put(target)
	})
}

// MuteAnonymous mutes an anonymous sender of a group by flag.
func (a *Actor) MuteAnonymous(ctx context.Context, groupID int64, flag string, seconds int64) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if seconds < 0 {
			return fmt.Errorf("mute duration %d s: %w", seconds, ErrInvalid)
		}
		if _, ok, err := o.tx.Anonymous().Muted(groupID, flag); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("anonymous flag %q in group %d: %w", flag, groupID, ErrNotFound)
		}
		return o.tx.Anonymous().Put(groupID, flag, o.now+seconds)
	})
}

// SetWholeBan mutes or unmutes everyone but admins.
func (a *Actor) SetWholeBan(ctx context.Context, groupID int64, enable bool) error {
	return a.changeGroup(ctx, groupID, Admin, func(g *Group) { g.WholeBan = enable })
}

// SetAnonymous allows or forbids anonymous chat.
func (a *Actor) SetAnonymous(ctx context.Context, groupID int64, enable bool) error {
	return a.changeGroup(ctx, groupID, Admin, func(g *Group) { g.AllowAnonymous = enable })
}

// SetGroupName renames a group.
func (a *Actor) SetGroupName(ctx context.Context, groupID int64, name string) error {
	return a.changeGroup(ctx, groupID, Admin, func(g *Group) { g.Name = name })
}

func (a *Actor) changeGroup(ctx context.Context, groupID int64, role Role, change func(*Group)) error {
	return a.update(ctx, func(o *act) error {
		g, err := o.as(groupID, role)
		if err != nil {
			return err
		}
		change(&g)
		o.record(&GroupChanged{GroupID: groupID, OperatorID: o.self})
		return o.tx.Groups().Put(g)
	})
}

// SetAdmin grants or revokes the admin role; only the owner may.
func (a *Actor) SetAdmin(ctx context.Context, groupID, userID int64, enable bool) error {
	return a.update(ctx, func(o *act) error {
		target, err := o.administer(groupID, userID, Owner)
		if err != nil {
			return err
		}
		target.Role = Member
		if enable {
			target.Role = Admin
		}
		o.record(&AdminChanged{GroupID: groupID, UserID: userID, OperatorID: o.self, Role: target.Role})
		return o.tx.Members().Put(target)
	})
}

// SetCard sets a member's group card; the actor may always set its own, others' only when it
// outranks them.
func (a *Actor) SetCard(ctx context.Context, groupID, userID int64, card string) error {
	return a.update(ctx, func(o *act) error {
		var target Membership
		var err error
		if userID == o.self {
			if _, err = o.in(groupID); err == nil {
				target, err = o.tx.Members().Get(groupID, userID)
			}
		} else {
			target, err = o.administer(groupID, userID, Admin)
		}
		if err != nil {
			return err
		}
		o.record(&CardChanged{GroupID: groupID, UserID: userID, OperatorID: o.self, Old: target.Card, New: card})
		target.Card = card
		return o.tx.Members().Put(target)
	})
}

// SetTitle sets a member's special title; only the owner may. seconds < 0 means no expiry.
func (a *Actor) SetTitle(ctx context.Context, groupID, userID int64, title string, seconds int64) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Owner); err != nil {
			return err
		}
		target, err := o.tx.Members().Get(groupID, userID)
		if err != nil {
			return err
		}
		target.Title, target.TitleExpireTime = title, 0
		if seconds >= 0 && title != "" {
			target.TitleExpireTime = o.now + seconds
		}
		return o.tx.Members().Put(target)
	})
}

// Leave makes the actor leave a group: its membership goes and nothing else. The owner
// cannot leave; it can only dismiss the group (dismiss), which ends the group for everyone.
func (a *Actor) Leave(ctx context.Context, groupID int64, dismiss bool) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		me, err := o.tx.Members().Get(groupID, o.self)
		if err != nil {
			return err
		}
		if me.Role == Owner {
			if !dismiss {
				return fmt.Errorf("%s owns group %d and cannot leave it, only dismiss it (is_dismiss): %w", o.who, groupID, ErrNotPermitted)
			}
			o.record(&GroupDismissed{GroupID: groupID, OperatorID: o.self})
			return o.tx.Groups().Delete(groupID)
		}
		o.record(&MemberLeft{GroupID: groupID, UserID: o.self, OperatorID: o.self})
		return o.tx.Members().Delete(groupID, o.self)
	})
}

// AnswerGroupRequest approves or rejects a join request to a group the actor administers, or an
// invitation of the actor. kind, when not empty, must match the request's.
func (a *Actor) AnswerGroupRequest(ctx context.Context, flag string, kind RequestKind, approve bool) error {
	return a.update(ctx, func(o *act) error {
		r, err := o.tx.GroupRequests().Get(flag)
		if err != nil {
			return err
		}
		if kind != "" && kind != r.Kind {
			return fmt.Errorf("group request %q is of sub_type %q, not %q: %w", flag, r.Kind, kind, ErrInvalid)
		}
		joiner := r.UserID
		switch r.Kind {
		case AddRequest:
			if _, err := o.as(r.GroupID, Admin); err != nil {
				return err
			}
		case Invitation:
			if r.TargetID != o.self {
				return fmt.Errorf("invitation %q is for %d, not for %d: %w", flag, r.TargetID, o.self, ErrNotFound)
			}
			joiner = o.self
		}
		if err := o.tx.GroupRequests().Delete(flag); err != nil {
			return err
		}
		o.record(&RequestAnswered{Flag: flag, GroupID: r.GroupID, UserID: r.UserID, OperatorID: o.self})
		if !approve {
			return nil
		}
		if _, err := o.tx.Groups().Get(r.GroupID); err != nil {
			return fmt.Errorf("the request's group: %w", err)
		}
		return join(o.op, r.GroupID, joiner, r.UserID)
	})
}

// join adds userID to a group as a plain member (no change when already in it).
func join(o *op, groupID, userID, operator int64) error {
	if _, err := o.tx.Members().Get(groupID, userID); err == nil {
		return nil
	}
	if err := o.tx.Members().Put(Membership{GroupID: groupID, UserID: userID, Role: Member, Level: "1", JoinTime: o.now}); err != nil {
		return err
	}
	o.record(&MemberJoined{GroupID: groupID, UserID: userID, OperatorID: operator})
	return nil
}

// Announcements lists a group's announcements.
func (a *Actor) Announcements(ctx context.Context, groupID int64) ([]Announcement, error) {
	var out []Announcement
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.Announcements().List(groupID)
		return err
	})
	return out, err
}

// Announce posts a group announcement; admins only.
func (a *Actor) Announce(ctx context.Context, groupID int64, content string) (int64, error) {
	var id int64
	err := a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if content == "" {
			return fmt.Errorf("an announcement needs content: %w", ErrInvalid)
		}
		var err error
		id, err = o.tx.Announcements().Add(Announcement{GroupID: groupID, SenderID: o.self, Time: o.now, Content: content})
		o.record(&AnnouncementMade{GroupID: groupID, OperatorID: o.self})
		return err
	})
	return id, err
}

// SetEssence marks (or with !on unmarks) a group message as essence; admins only.
func (a *Actor) SetEssence(ctx context.Context, messageID int32, on bool) error {
	return a.update(ctx, func(o *act) error {
		m, err := o.visibleMessage(messageID)
		if err != nil {
			return err
		}
		if m.Type != Grouped {
			return fmt.Errorf("message %d is private; essence is for group messages: %w", messageID, ErrInvalid)
		}
		if _, err := o.as(m.GroupID, Admin); err != nil {
			return err
		}
		o.record(&EssenceChanged{GroupID: m.GroupID, SenderID: m.SenderID, OperatorID: o.self, MessageID: m.ID, On: on})
		if !on {
			return o.tx.Essence().Delete(m.GroupID, messageID)
		}
		return o.tx.Essence().Put(Essence{GroupID: m.GroupID, MessageID: messageID, OperatorID: o.self, Time: o.now})
	})
}

// Essences lists a group's essence messages.
func (a *Actor) Essences(ctx context.Context, groupID int64) ([]Essence, error) {
	var out []Essence
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.Essence().List(groupID)
		return err
	})
	return out, err
}

// in returns a group the actor is a member of.
func (o *act) in(id int64) (Group, error) {
	g, err := o.tx.Groups().Get(id)
	if err != nil {
		return Group{}, err
	}
	if _, err := o.tx.Members().Get(id, o.self); err != nil {
		return Group{}, fmt.Errorf("group %d: %s is not a member: %w", id, o.who, ErrNotFound)
	}
	return g, nil
}

// as returns a group where the actor has at least role.
func (o *act) as(id int64, role Role) (Group, error) {
	g, err := o.in(id)
	if err != nil {
		return Group{}, err
	}
	me, err := o.tx.Members().Get(id, o.self)
	if err != nil {
		return Group{}, err
	}
	if me.Role.rank() < role.rank() {
		return Group{}, fmt.Errorf("%s is %s of group %d; this needs %s: %w", o.who, me.Role, id, role, ErrNotPermitted)
	}
	return g, nil
}

// administer returns a member the actor may act on with at least role: the actor must hold
// role and outrank the target (so nobody acts on the owner, or on themselves).
func (o *act) administer(groupID, userID int64, role Role) (Membership, error) {
	if _, err := o.as(groupID, role); err != nil {
		return Membership{}, err
	}
	target, err := o.tx.Members().Get(groupID, userID)
	if err != nil {
		return Membership{}, fmt.Errorf("%d is not a member of group %d: %w", userID, groupID, ErrNotFound)
	}
	me, err := o.tx.Members().Get(groupID, o.self)
	if err != nil {
		return Membership{}, err
	}
	if userID == o.self || target.Role.rank() >= me.Role.rank() {
		return Membership{}, fmt.Errorf("%s (%s) cannot act on %d (%s) in group %d: only a higher role may: %w", o.who, me.Role, userID, target.Role, groupID, ErrNotPermitted)
	}
	return target, nil
}

// GroupCreated: a group was made by the world control API (its members join with
// MemberJoined). No event: QQ tells nobody of a group until they are in it.
type GroupCreated struct {
	Head
	unseen
	GroupID, OwnerID int64
}

// GroupChanged: a group's settings changed; Fields names them (name, memo, max_members,
// whole_ban, allow_anonymous) when the world's own hand changed them. No event in OneBot v11.
type GroupChanged struct {
	Head
	unseen
	GroupID, OperatorID int64
	Fields              []string
}

// GroupDismissed: a group ended. No event in OneBot v11.
type GroupDismissed struct {
	Head
	unseen
	GroupID, OperatorID int64
}

// MemberJoined: UserID joined the group, let in by OperatorID. The group's bots see it.
type MemberJoined struct {
	Head
	GroupID, UserID, OperatorID int64
}

func (c *MemberJoined) audience(a *audience) error { return a.group(c.GroupID, false) }

func (c *MemberJoined) Render(bot int64) (any, error) {
	return gen.GroupIncreaseNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupIncreaseNoticePostTypeNotice, NoticeType: gen.GroupIncreaseNoticeNoticeTypeGroupIncrease,
		SubType: gen.GroupIncreaseNoticeSubTypeApprove, GroupID: c.GroupID, OperatorID: c.OperatorID, UserID: c.UserID}, nil
}

// MemberLeft: UserID left the group (OperatorID is UserID, or the account deleted).
type MemberLeft struct {
	Head
	GroupID, UserID, OperatorID int64
}

func (c *MemberLeft) audience(a *audience) error { return a.parted(c.GroupID, c.UserID) }

func (c *MemberLeft) Render(bot int64) (any, error) {
	return decrease(c.Head, bot, gen.GroupDecreaseNoticeSubTypeLeave, c.GroupID, c.UserID, c.OperatorID), nil
}

// MemberKicked: OperatorID removed UserID from the group.
type MemberKicked struct {
	Head
	GroupID, UserID, OperatorID int64
}

func (c *MemberKicked) audience(a *audience) error { return a.parted(c.GroupID, c.UserID) }

func (c *MemberKicked) Render(bot int64) (any, error) {
	sub := gen.GroupDecreaseNoticeSubTypeKick
	if c.UserID == bot {
		sub = gen.GroupDecreaseNoticeSubTypeKickMe
	}
	return decrease(c.Head, bot, sub, c.GroupID, c.UserID, c.OperatorID), nil
}

// parted adds the bots that see a member go: the group's, and the member when a bot (told
// it was kicked).
func (a *audience) parted(groupID, userID int64) error {
	if err := a.group(groupID, false); err != nil {
		return err
	}
	a.bot(userID)
	return nil
}

func decrease(h Head, bot int64, sub gen.GroupDecreaseNoticeSubType, groupID, userID, operatorID int64) gen.GroupDecreaseNotice {
	return gen.GroupDecreaseNotice{Time: h.Time, SelfID: bot, PostType: gen.GroupDecreaseNoticePostTypeNotice, NoticeType: gen.GroupDecreaseNoticeNoticeTypeGroupDecrease,
		SubType: sub, GroupID: groupID, OperatorID: operatorID, UserID: userID}
}

// MemberMuted: OperatorID muted UserID for Duration seconds (0 lifts the mute).
type MemberMuted struct {
	Head
	GroupID, UserID, OperatorID int64
	Duration                    int64
}

func (c *MemberMuted) audience(a *audience) error { return a.group(c.GroupID, false) }

func (c *MemberMuted) Render(bot int64) (any, error) {
	sub := gen.GroupBanNoticeSubTypeBan
	if c.Duration == 0 {
		sub = gen.GroupBanNoticeSubTypeLiftBan
	}
	return gen.GroupBanNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupBanNoticePostTypeNotice, NoticeType: gen.GroupBanNoticeNoticeTypeGroupBan,
		SubType: sub, GroupID: c.GroupID, OperatorID: c.OperatorID, UserID: c.UserID, Duration: c.Duration}, nil
}

// AdminChanged: UserID's role is now Role (the old owner's too when ownership moves).
type AdminChanged struct {
	Head
	GroupID, UserID, OperatorID int64
	Role                        Role
}

func (c *AdminChanged) audience(a *audience) error { return a.group(c.GroupID, false) }

func (c *AdminChanged) Render(bot int64) (any, error) {
	sub := gen.GroupAdminNoticeSubTypeUnset
	if c.Role == Admin {
		sub = gen.GroupAdminNoticeSubTypeSet
	}
	return gen.GroupAdminNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupAdminNoticePostTypeNotice, NoticeType: gen.GroupAdminNoticeNoticeTypeGroupAdmin,
		SubType: sub, GroupID: c.GroupID, UserID: c.UserID}, nil
}

// CardChanged: UserID's group card went from Old to New.
type CardChanged struct {
	Head
	GroupID, UserID, OperatorID int64
	Old, New                    string
}

func (c *CardChanged) audience(a *audience) error { return a.group(c.GroupID, false) }

func (c *CardChanged) Render(bot int64) (any, error) {
	return gen.GroupCardNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupCardNoticePostTypeNotice, NoticeType: gen.GroupCardNoticeNoticeTypeGroupCard,
		GroupID: c.GroupID, UserID: c.UserID, CardOld: c.Old, CardNew: c.New}, nil
}

// TitleChanged: UserID's special title is now Title (by the world's own hand). No event in
// OneBot v11.
type TitleChanged struct {
	Head
	unseen
	GroupID, UserID int64
	Title           string
}

// EssenceChanged: OperatorID set (On) or removed a message of SenderID as essence.
type EssenceChanged struct {
	Head
	GroupID, SenderID, OperatorID int64
	MessageID                     int32
	On                            bool
}

func (c *EssenceChanged) audience(a *audience) error { return a.group(c.GroupID, false) }

func (c *EssenceChanged) Render(bot int64) (any, error) {
	sub := gen.EssenceNoticeSubTypeAdd
	if !c.On {
		sub = gen.EssenceNoticeSubTypeDelete
	}
	return gen.EssenceNotice{Time: c.Time, SelfID: bot, PostType: gen.EssenceNoticePostTypeNotice, NoticeType: gen.EssenceNoticeNoticeTypeEssence,
		SubType: sub, GroupID: c.GroupID, SenderID: c.SenderID, OperatorID: c.OperatorID, MessageID: c.MessageID}, nil
}

// AnnouncementMade: OperatorID posted an announcement. No event in OneBot v11.
type AnnouncementMade struct {
	Head
	unseen
	GroupID, OperatorID int64
}

// JoinRequested: Request.UserID asks to join Request.GroupID. The group's owner and admins
// that are bots see it.
type JoinRequested struct {
	Head
	Request GroupRequest
}

func (c *JoinRequested) audience(a *audience) error { return a.group(c.Request.GroupID, true) }

func (c *JoinRequested) Render(bot int64) (any, error) {
	return groupRequestEvent(c.Head, bot, gen.GroupRequestEventSubTypeAdd, c.Request), nil
}

// Invited: Request.UserID invites Request.TargetID into Request.GroupID; the invited bot sees
// it.
type Invited struct {
	Head
	Request GroupRequest
}

func (c *Invited) audience(a *audience) error {
	a.bot(c.Request.TargetID)
	return nil
}

func (c *Invited) Render(bot int64) (any, error) {
	return groupRequestEvent(c.Head, bot, gen.GroupRequestEventSubTypeInvite, c.Request), nil
}

func groupRequestEvent(h Head, bot int64, sub gen.GroupRequestEventSubType, r GroupRequest) gen.GroupRequestEvent {
	return gen.GroupRequestEvent{Time: h.Time, SelfID: bot, PostType: gen.GroupRequestEventPostTypeRequest,
		RequestType: gen.GroupRequestEventRequestTypeGroup, SubType: sub, GroupID: r.GroupID, UserID: r.UserID,
		Comment: r.Comment, Flag: r.Flag}
}

// RequestAnswered: OperatorID answered the friend request (GroupID 0) or group request Flag of
// UserID. No event: the asker is told by what follows (FriendAdded, MemberJoined).
type RequestAnswered struct {
	Head
	unseen
	Flag                        string
	GroupID, UserID, OperatorID int64
}

// Poked: UserID poked TargetID, in GroupID when not 0. The group's bots but the poker see
// it, or the poked bot.
type Poked struct {
	Head
	UserID, TargetID, GroupID int64
}

func (c *Poked) audience(a *audience) error {
	if c.GroupID != 0 {
		return a.group(c.GroupID, false, c.UserID)
	}
	a.bot(c.TargetID, c.UserID)
	return nil
}

func (c *Poked) Render(bot int64) (any, error) {
	ev := gen.PokeNotice{Time: c.Time, SelfID: bot, PostType: gen.PokeNoticePostTypeNotice,
		NoticeType: gen.PokeNoticeNoticeTypeNotify, SubType: gen.PokeNoticeSubTypePoke, UserID: c.UserID, TargetID: c.TargetID}
	if c.GroupID != 0 {
		ev.GroupID = &c.GroupID
	}
	return ev, nil
}

// FileUploaded: File.UploaderID uploaded File to its group; the group's bots but the uploader
// see it.
type FileUploaded struct {
	Head
	// File is the file as uploaded, without its content.
	File GroupFile
}

func (c *FileUploaded) audience(a *audience) error {
	return a.group(c.File.GroupID, false, c.File.UploaderID)
}

func (c *FileUploaded) Render(bot int64) (any, error) {
	f := c.File
	ev := gen.GroupUploadNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupUploadNoticePostTypeNotice,
		NoticeType: gen.GroupUploadNoticeNoticeTypeGroupUpload, GroupID: f.GroupID, UserID: f.UploaderID}
	ev.File.ID, ev.File.Name, ev.File.Size, ev.File.Busid = f.ID, f.Name, f.Size, int64(f.BusID)
	return ev, nil
}
