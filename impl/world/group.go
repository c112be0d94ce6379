package world

import (
	"context"
	"fmt"
	"slices"

	"github.com/onespec/onespec/gen"
)

// Role is a member's role in a group.
type Role string

const (
	Owner  Role = "owner"
	Admin  Role = "admin"
	Member Role = "member"
)

// rank orders roles: a member may administer only members of lower rank.
func (r Role) rank() int {
	switch r {
	case Owner:
		return 2
	case Admin:
		return 1
	}
	return 0
}

func (r Role) valid() bool { return r == Owner || r == Admin || r == Member }

// Group is a QQ group. It exists whether or not any bot is in it.
type Group struct {
	ID             int64
	Name           string
	Memo           string
	MaxMembers     int32
	WholeBan       bool
	AllowAnonymous bool
	CreatedAt      int64
	// Talkative is the current 龙王, if any.
	Talkative *Honor
}

// GroupSummary is what group lists show, as one account sees the group.
type GroupSummary struct {
	Group
	MemberCount int32
	// Remark is the viewing account's own remark for the group (its membership's
	// GroupRemark).
	Remark string
}

// Membership is an account's membership of a group.
type Membership struct {
	GroupID         int64
	UserID          int64
	Role            Role
	Card            string
	Level           string
	Title           string
	TitleExpireTime int64
	JoinTime        int64
	LastSentTime    int64
	// MutedUntil is the Unix time the member's own mute ends (0: none; a time passed reads
	// as none, see current).
	MutedUntil int64
	// GroupRemark is the member's own name for the group (群备注), seen only by them: QQ lets
	// every account name a group for itself.
	GroupRemark string
}

// MemberView is a membership with the member's account.
type MemberView struct {
	Membership
	Account
}

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
		// The store may share the list with other callers: copy it only when a title or a
		// mute has expired, so a large group's list is not copied on every call.
		copied := false
		for i := range out {
			if o.expired(out[i].Membership) {
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

// current hides a special title and a mute that have expired.
func (o *op) current(m Membership) Membership {
	if m.TitleExpireTime != 0 && m.TitleExpireTime <= o.now {
		m.Title, m.TitleExpireTime = "", 0
	}
	if m.MutedUntil != 0 && m.MutedUntil <= o.now {
		m.MutedUntil = 0
	}
	return m
}

// expired says whether current would change m.
func (o *op) expired(m Membership) bool {
	return (m.TitleExpireTime != 0 && m.TitleExpireTime <= o.now) || (m.MutedUntil != 0 && m.MutedUntil <= o.now)
}

// Kick removes a member the actor outranks as an admin or owner; with block, their future
// join requests are refused.
func (a *Actor) Kick(ctx context.Context, groupID, userID int64, block bool) error {
	return a.update(ctx, func(o *act) error { return o.kick(groupID, userID, block) })
}

// kick removes a member the actor outranks as an admin or owner (see Kick).
func (o *act) kick(groupID, userID int64, block bool) error {
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
				return fmt.Errorf("%s owns group %d and cannot leave it, only dismiss it (is_dismiss): %w", o.who(), groupID, ErrNotPermitted)
			}
			o.record(&GroupDismissed{GroupID: groupID, OperatorID: o.self})
			return o.tx.Groups().Delete(groupID)
		}
		o.record(&MemberLeft{GroupID: groupID, UserID: o.self, OperatorID: o.self})
		return o.tx.Members().Delete(groupID, o.self)
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

// in returns a group the actor is a member of.
func (o *act) in(id int64) (Group, error) {
	g, err := o.tx.Groups().Get(id)
	if err != nil {
		return Group{}, err
	}
	if _, err := o.tx.Members().Get(id, o.self); err != nil {
		return Group{}, fmt.Errorf("group %d: %s is not a member: %w", id, o.who(), ErrNotFound)
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
		return Group{}, fmt.Errorf("%s is %s of group %d; this needs %s: %w", o.who(), me.Role, id, role, ErrNotPermitted)
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
		return Membership{}, fmt.Errorf("%s (%s) cannot act on %d (%s) in group %d: only a higher role may: %w", o.who(), me.Role, userID, target.Role, groupID, ErrNotPermitted)
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

// GroupRemarkChanged: UserID's own remark for the group is now Remark (by the world's own
// hand). No event: nobody else sees it.
type GroupRemarkChanged struct {
	Head
	unseen
	GroupID, UserID int64
	Remark          string
}
