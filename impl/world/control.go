package world

import (
	"context"
	"fmt"
)

// This file holds the world's own hand, as the world control API uses it: creating and
// changing accounts, friendships, groups and memberships without any permission (recording
// the changes a real QQ server would announce), reset, import and export. What an account
// does under QQ's rules is an Actor operation, in its feature's file.

// CreateAccount adds a new account; a taken QQ number is refused.
func (w *World) CreateAccount(ctx context.Context, a Account) error {
	return w.Populate(ctx, func(u *Universe) error {
		if _, err := u.o.tx.Accounts().Get(a.ID); err == nil {
			return fmt.Errorf("account %d already exists (update_account changes it): %w", a.ID, ErrInvalid)
		}
		if err := u.AddAccount(a); err != nil {
			return err
		}
		u.o.record(&AccountChanged{UserID: a.ID})
		return nil
	})
}

// UpdateAccount changes an existing account's profile with change (which cannot make a bot
// of a simulated user or the reverse) and returns it as it is now.
func (w *World) UpdateAccount(ctx context.Context, id int64, change func(*Account)) (Account, error) {
	var a Account
	err := w.Populate(ctx, func(u *Universe) error {
		var err error
		if a, err = u.o.tx.Accounts().Get(id); err != nil {
			return err
		}
		bot := a.Bot
		change(&a)
		a.ID, a.Bot = id, bot
		if err := u.AddAccount(a); err != nil {
			return err
		}
		u.o.record(&AccountChanged{UserID: id})
		return nil
	})
	return a, err
}

// Accounts lists every account.
func (w *World) Accounts(ctx context.Context) ([]Account, error) {
	var out []Account
	err := w.view(ctx, func(o *op) error {
		var err error
		out, err = o.tx.Accounts().All()
		return err
	})
	return out, err
}

// MakeFriends makes two accounts that are not friends yet friends, each with a remark for the
// other, and drops the friend requests between them made through FriendRequest.
func (w *World) MakeFriends(ctx context.Context, a, b int64, remarkA, remarkB string) error {
	return w.update(ctx, func(o *op) error {
		if _, friends, err := o.tx.Friends().Remark(a, b); err != nil {
			return err
		} else if friends {
			return fmt.Errorf("%d and %d are already friends: %w", a, b, ErrInvalid)
		}
		for _, flag := range []string{friendFlag(a, b), friendFlag(b, a)} {
			if _, err := o.tx.FriendRequests().Get(flag); err == nil {
				if err := o.tx.FriendRequests().Delete(flag); err != nil {
					return err
				}
			}
		}
		return befriend(o, a, b, remarkA, remarkB)
	})
}

// CreateGroup creates a new group owned by owner, with further plain members.
func (w *World) CreateGroup(ctx context.Context, g Group, owner int64, members []int64) error {
	return w.Populate(ctx, func(u *Universe) error {
		if _, err := u.o.tx.Groups().Get(g.ID); err == nil {
			return fmt.Errorf("group %d already exists: %w", g.ID, ErrInvalid)
		}
		if g.Name == "" {
			return fmt.Errorf("group %d needs a name: %w", g.ID, ErrInvalid)
		}
		if err := u.AddGroup(g); err != nil {
			return err
		}
		u.o.record(&GroupCreated{GroupID: g.ID, OwnerID: owner})
		if err := u.AddMember(Membership{GroupID: g.ID, UserID: owner, Role: Owner}); err != nil {
			return fmt.Errorf("owner: %w", err)
		}
		u.o.record(&MemberJoined{GroupID: g.ID, UserID: owner, OperatorID: owner})
		for _, id := range members {
			if id == owner {
				continue
			}
			if _, err := u.o.tx.Accounts().Get(id); err != nil {
				return fmt.Errorf("members: %w", err)
			}
			if err := join(u.o, g.ID, id, owner); err != nil {
				return err
			}
		}
		return nil
	})
}

// MemberChange is what SetMember changes; nil fields stay as they are (a new member gets
// Member and no card or title).
type MemberChange struct {
	Role  *Role
	Card  *string
	Title *string
	// GroupRemark is the member's own remark for the group (群备注).
	GroupRemark *string
}

// SetMember puts an account in a group or changes its membership, by the world's own hand.
// Making someone owner makes the old owner an admin: a group has one owner.
func (w *World) SetMember(ctx context.Context, groupID, userID int64, c MemberChange) error {
	return w.update(ctx, func(o *op) error {
		if _, err := o.tx.Groups().Get(groupID); err != nil {
			return err
		}
		if _, err := o.tx.Accounts().Get(userID); err != nil {
			return err
		}
		if c.Role != nil && !c.Role.valid() {
			return fmt.Errorf("role %q is not owner, admin or member: %w", *c.Role, ErrInvalid)
		}
		m, err := o.tx.Members().Get(groupID, userID)
		if err != nil {
			if blocked, err := o.tx.Members().Blocked(groupID, userID); err != nil {
				return err
			} else if blocked {
				return fmt.Errorf("%d was kicked from group %d with reject_add_request: %w", userID, groupID, ErrNotPermitted)
			}
			if err := join(o, groupID, userID, userID); err != nil {
				return err
			}
			if m, err = o.tx.Members().Get(groupID, userID); err != nil {
				return err
			}
		}
		if c.Role != nil && *c.Role != m.Role {
			if m.Role == Owner {
				return fmt.Errorf("%d owns group %d: make another member owner instead: %w", userID, groupID, ErrInvalid)
			}
			if *c.Role == Owner {
				members, err := o.tx.Members().List(groupID)
				if err != nil {
					return err
				}
				for _, old := range members {
					if old.Role == Owner {
						old.Membership.Role = Admin
						if err := o.tx.Members().Put(old.Membership); err != nil {
							return err
						}
						o.record(&AdminChanged{GroupID: groupID, UserID: old.UserID, Role: Admin})
					}
				}
			}
			m.Role = *c.Role
			o.record(&AdminChanged{GroupID: groupID, UserID: userID, Role: m.Role})
		}
		if c.Card != nil && *c.Card != m.Card {
			o.record(&CardChanged{GroupID: groupID, UserID: userID, Old: m.Card, New: *c.Card})
			m.Card = *c.Card
		}
		if c.Title != nil && *c.Title != m.Title {
			m.Title, m.TitleExpireTime = *c.Title, 0
			o.record(&TitleChanged{GroupID: groupID, UserID: userID, Title: m.Title})
		}
		if c.GroupRemark != nil && *c.GroupRemark != m.GroupRemark {
			m.GroupRemark = *c.GroupRemark
			o.record(&GroupRemarkChanged{GroupID: groupID, UserID: userID, Remark: m.GroupRemark})
		}
		return o.tx.Members().Put(m)
	})
}

// SentMessages lists what account f.SenderID sent, oldest first.
func (w *World) SentMessages(ctx context.Context, f SentFilter) ([]Message, error) {
	var out []Message
	err := w.view(ctx, func(o *op) error {
		if _, err := o.tx.Accounts().Get(f.SenderID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.Messages().Sent(f)
		return err
	})
	return out, err
}

// RemoveFriends ends the friendship of two accounts, both directions at once.
func (w *World) RemoveFriends(ctx context.Context, a, b int64) error {
	return w.update(ctx, func(o *op) error {
		if _, friends, err := o.tx.Friends().Remark(a, b); err != nil {
			return err
		} else if !friends {
			return fmt.Errorf("%d and %d are not friends: %w", a, b, ErrNotFound)
		}
		if err := o.tx.Friends().Delete(a, b); err != nil {
			return err
		}
		o.record(&FriendRemoved{UserID: b, OperatorID: a})
		return o.tx.Friends().Delete(b, a)
	})
}

// DeleteAccount removes an account with its friendships, memberships and requests; its
// messages stay. The default bot and a group's owner cannot go (dismiss the group first).
func (w *World) DeleteAccount(ctx context.Context, id int64) error {
	return w.update(ctx, func(o *op) error {
		if _, err := o.tx.Accounts().Get(id); err != nil {
			return err
		}
		if def, err := defaultBot(o.tx); err == nil && def == id {
			return fmt.Errorf("account %d is the default bot and cannot be deleted: %w", id, ErrNotPermitted)
		}
		groups, err := o.tx.Groups().Of(id)
		if err != nil {
			return err
		}
		for _, g := range groups {
			m, err := o.tx.Members().Get(g.ID, id)
			if err != nil {
				return err
			}
			if m.Role == Owner {
				return fmt.Errorf("account %d owns group %d: delete the group or make another member owner first: %w", id, g.ID, ErrNotPermitted)
			}
			o.record(&MemberLeft{GroupID: g.ID, UserID: id, OperatorID: id})
		}
		friends, err := o.tx.Friends().List(id)
		if err != nil {
			return err
		}
		for _, f := range friends {
			o.record(&FriendRemoved{UserID: f.ID, OperatorID: id})
		}
		o.record(&AccountDeleted{UserID: id})
		return o.tx.Accounts().Delete(id)
	})
}

// GroupChange is what UpdateGroup changes; nil fields stay as they are.
type GroupChange struct {
	Name           *string
	Memo           *string
	MaxMembers     *int32
	WholeBan       *bool
	AllowAnonymous *bool
}

// UpdateGroup changes a group by the world's own hand; the change names the fields changed.
func (w *World) UpdateGroup(ctx context.Context, groupID int64, c GroupChange) (Group, error) {
	var g Group
	err := w.update(ctx, func(o *op) error {
		var err error
		if g, err = o.tx.Groups().Get(groupID); err != nil {
			return err
		}
		var changed []string
		if c.Name != nil && *c.Name != g.Name {
			if *c.Name == "" {
				return fmt.Errorf("group_name: a group needs a name: %w", ErrInvalid)
			}
			g.Name, changed = *c.Name, append(changed, "name")
		}
		if c.Memo != nil && *c.Memo != g.Memo {
			g.Memo, changed = *c.Memo, append(changed, "memo")
		}
		if c.MaxMembers != nil && *c.MaxMembers != g.MaxMembers {
			g.MaxMembers, changed = *c.MaxMembers, append(changed, "max_members")
		}
		if c.WholeBan != nil && *c.WholeBan != g.WholeBan {
			g.WholeBan, changed = *c.WholeBan, append(changed, "whole_ban")
		}
		if c.AllowAnonymous != nil && *c.AllowAnonymous != g.AllowAnonymous {
			g.AllowAnonymous, changed = *c.AllowAnonymous, append(changed, "allow_anonymous")
		}
		if len(changed) == 0 {
			return nil
		}
		o.record(&GroupChanged{GroupID: groupID, Fields: changed})
		return o.tx.Groups().Put(g)
	})
	return g, err
}

// DeleteGroup dismisses a group: it ends for everyone, its files with it; its messages stay
// until retention takes them, as after a bot's dismissal.
func (w *World) DeleteGroup(ctx context.Context, groupID int64) error {
	return w.update(ctx, func(o *op) error {
		if _, err := o.tx.Groups().Get(groupID); err != nil {
			return err
		}
		var owner int64
		members, err := o.tx.Members().List(groupID)
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.Role == Owner {
				owner = m.UserID
			}
		}
		o.record(&GroupDismissed{GroupID: groupID, OperatorID: owner})
		return o.tx.Groups().Delete(groupID)
	})
}

// Refill empties the world and fills it with fill (world.SeedUniverse, a world file's Fill)
// in one transaction: a fill that fails leaves the world as it was.
func (w *World) Refill(ctx context.Context, fill func(*Universe) error) error {
	return w.Populate(ctx, func(u *Universe) error {
		if err := u.o.tx.Clear(); err != nil {
			return fmt.Errorf("emptying the world: %w", err)
		}
		if err := w.dropMedia(u.o); err != nil {
			return err
		}
		u.o.record(&WorldReset{})
		return fill(u)
	})
}

// Snapshot is the world's state as a world file holds it.
type Snapshot struct {
	Accounts       []Account
	DefaultBot     int64
	Friends        []FriendPair
	FriendRequests []FriendRequest
	Groups         []GroupSnapshot
	GroupRequests  []GroupRequest
	// Messages are the messages not recalled, by id.
	Messages []Message
}

// FriendPair is one friendship, each side's remark for the other. OneWay: only A has B as a
// friend (B deleted A on its side only), and RemarkB is empty.
type FriendPair struct {
	A, B             int64
	RemarkA, RemarkB string
	OneWay           bool
}

// GroupSnapshot is a group with its members.
type GroupSnapshot struct {
	Group
	Members []Membership
}

// Snapshot reads the whole world in one consistent view.
func (w *World) Snapshot(ctx context.Context) (Snapshot, error) {
	var s Snapshot
	err := w.view(ctx, func(o *op) error {
		s = Snapshot{} // a view may run again from the start (Store.View)
		var err error
		if s.Accounts, err = o.tx.Accounts().All(); err != nil {
			return err
		}
		if s.DefaultBot, err = defaultBot(o.tx); err != nil {
			return err
		}
		for _, a := range s.Accounts {
			friends, err := o.tx.Friends().List(a.ID)
			if err != nil {
				return err
			}
			for _, f := range friends {
				back, mutual, err := o.tx.Friends().Remark(f.ID, a.ID)
				if err != nil {
					return err
				}
				if mutual && f.ID < a.ID {
					continue // listed from the other side
				}
				s.Friends = append(s.Friends, FriendPair{A: a.ID, B: f.ID, RemarkA: f.Remark, RemarkB: back, OneWay: !mutual})
			}
		}
		if s.FriendRequests, err = o.tx.FriendRequests().All(); err != nil {
			return err
		}
		groups, err := o.tx.Groups().All()
		if err != nil {
			return err
		}
		for _, g := range groups {
			members, err := o.tx.Members().List(g.ID)
			if err != nil {
				return err
			}
			gs := GroupSnapshot{Group: g}
			for _, m := range members {
				gs.Members = append(gs.Members, o.current(m.Membership))
			}
			s.Groups = append(s.Groups, gs)
		}
		if s.GroupRequests, err = o.tx.GroupRequests().All(); err != nil {
			return err
		}
		for after := int32(0); ; {
			batch, err := o.tx.Messages().After(after, 1000)
			if err != nil {
				return err
			}
			for _, m := range batch {
				if !m.Recalled {
					s.Messages = append(s.Messages, m)
				}
			}
			if len(batch) < 1000 {
				return nil
			}
			after = batch[len(batch)-1].ID
		}
	})
	return s, err
}
