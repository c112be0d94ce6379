package world

import (
	"context"
	"fmt"
	"strconv"
)

// Universe builds the world outside any bot's view: the seed, world files, and (later) the
// world control API use it. Each method checks what it is given against the universe so far,
// so a world can only describe things that exist: a member's account, an invitation's group.
type Universe struct {
	o *op
	w *World
}

// Populate runs fn as one transaction: a world file loads completely or not at all.
func (w *World) Populate(ctx context.Context, fn func(u *Universe) error) error {
	return w.update(ctx, func(o *op) error { return fn(&Universe{o: o, w: w}) })
}

// Now is the operation's clock reading (Unix seconds).
func (u *Universe) Now() int64 { return u.o.now }

// AddAccount adds or replaces an account. The first bot added becomes the default bot.
func (u *Universe) AddAccount(a Account) error {
	if a.ID <= 0 {
		return fmt.Errorf("account id %d: QQ numbers are positive: %w", a.ID, ErrInvalid)
	}
	if a.Sex == "" {
		a.Sex = Unknown
	}
	if !a.Sex.valid() {
		return fmt.Errorf("account %d: sex %q is not male, female or unknown: %w", a.ID, a.Sex, ErrInvalid)
	}
	if a.Age < 0 || a.Level < 0 {
		return fmt.Errorf("account %d: age and level cannot be negative: %w", a.ID, ErrInvalid)
	}
	if err := u.o.tx.Accounts().Put(a); err != nil {
		return err
	}
	if !a.Bot {
		return nil
	}
	if _, ok, err := u.o.tx.Meta().Get(metaDefaultBot); err != nil || ok {
		return err
	}
	return u.SetDefaultBot(a.ID)
}

// SetDefaultBot names the bot that answers calls that do not name one.
func (u *Universe) SetDefaultBot(id int64) error {
	a, err := u.o.tx.Accounts().Get(id)
	if err != nil {
		return err
	}
	if !a.Bot {
		return fmt.Errorf("default bot %d is not a bot account: %w", id, ErrInvalid)
	}
	return u.o.tx.Meta().Set(metaDefaultBot, strconv.FormatInt(id, 10))
}

// Befriend makes two accounts friends, each with a remark for the other.
func (u *Universe) Befriend(a, b int64, remarkA, remarkB string) error {
	return befriend(u.o, a, b, remarkA, remarkB)
}

// AddFriendRequest records a pending request between two accounts that are not friends.
func (u *Universe) AddFriendRequest(r FriendRequest) error {
	if r.Flag == "" {
		return fmt.Errorf("a friend request needs a flag: %w", ErrInvalid)
	}
	for _, id := range []int64{r.From, r.To} {
		if _, err := u.o.tx.Accounts().Get(id); err != nil {
			return fmt.Errorf("friend request %q: %w", r.Flag, err)
		}
	}
	if _, friends, err := u.o.tx.Friends().Remark(r.From, r.To); err != nil {
		return err
	} else if friends {
		return fmt.Errorf("friend request %q: %d and %d are already friends: %w", r.Flag, r.From, r.To, ErrInvalid)
	}
	if r.Time == 0 {
		r.Time = u.o.now
	}
	return u.o.tx.FriendRequests().Put(r)
}

// AddGroup adds or replaces a group (its members are added with AddMember).
func (u *Universe) AddGroup(g Group) error {
	if g.ID <= 0 {
		return fmt.Errorf("group id %d: group numbers are positive: %w", g.ID, ErrInvalid)
	}
	if g.MaxMembers == 0 {
		g.MaxMembers = 200
	}
	if g.MaxMembers < 0 {
		return fmt.Errorf("group %d: max_members %d: %w", g.ID, g.MaxMembers, ErrInvalid)
	}
	if g.CreatedAt == 0 {
		g.CreatedAt = u.o.now
	}
	return u.o.tx.Groups().Put(g)
}

// AddMember adds an account to a group. A group has one owner.
func (u *Universe) AddMember(m Membership) error {
	if _, err := u.o.tx.Groups().Get(m.GroupID); err != nil {
		return err
	}
	if _, err := u.o.tx.Accounts().Get(m.UserID); err != nil {
		return fmt.Errorf("member of group %d: %w", m.GroupID, err)
	}
	if m.Role == "" {
		m.Role = Member
	}
	if !m.Role.valid() {
		return fmt.Errorf("member %d of group %d: role %q is not owner, admin or member: %w", m.UserID, m.GroupID, m.Role, ErrInvalid)
	}
	if m.Role == Owner {
		members, err := u.o.tx.Members().List(m.GroupID)
		if err != nil {
			return err
		}
		for _, other := range members {
			if other.Role == Owner && other.UserID != m.UserID {
				return fmt.Errorf("group %d already has owner %d, %d cannot be one too: %w", m.GroupID, other.UserID, m.UserID, ErrInvalid)
			}
		}
	}
	if m.Level == "" {
		m.Level = "1"
	}
	if m.JoinTime == 0 {
		m.JoinTime = u.o.now
	}
	return u.o.tx.Members().Put(m)
}

// AddAnonymous records an anonymous flag seen in a group.
func (u *Universe) AddAnonymous(groupID int64, flag string) error {
	if _, err := u.o.tx.Groups().Get(groupID); err != nil {
		return err
	}
	return u.o.tx.Anonymous().Put(groupID, flag, 0)
}

// SetHonors sets a group's honors and its current talkative (nil: none).
func (u *Universe) SetHonors(groupID int64, honors []Honor, talkative *Honor) error {
	g, err := u.o.tx.Groups().Get(groupID)
	if err != nil {
		return err
	}
	for _, h := range append(honors, talkativeOrNone(talkative)...) {
		if !h.Type.valid() {
			return fmt.Errorf("group %d: honor type %q is not one of %v: %w", groupID, h.Type, HonorTypes, ErrInvalid)
		}
		if _, err := u.o.tx.Accounts().Get(h.UserID); err != nil {
			return fmt.Errorf("group %d honor %s: %w", groupID, h.Type, err)
		}
	}
	g.Talkative = talkative
	if err := u.o.tx.Groups().Put(g); err != nil {
		return err
	}
	return u.o.tx.Honors().Put(groupID, honors)
}

// AddGroupRequest records a pending join request or invitation into an existing group.
func (u *Universe) AddGroupRequest(r GroupRequest) error {
	if r.Flag == "" {
		return fmt.Errorf("a group request needs a flag: %w", ErrInvalid)
	}
	if _, err := u.o.tx.Groups().Get(r.GroupID); err != nil {
		return fmt.Errorf("group request %q: %w", r.Flag, err)
	}
	if _, err := u.o.tx.Accounts().Get(r.UserID); err != nil {
		return fmt.Errorf("group request %q: %w", r.Flag, err)
	}
	switch r.Kind {
	case AddRequest:
		r.TargetID = 0
		if blocked, err := u.o.tx.Members().Blocked(r.GroupID, r.UserID); err != nil {
			return err
		} else if blocked {
			return fmt.Errorf("join request %q: %d was kicked from group %d with reject_add_request and cannot ask again: %w", r.Flag, r.UserID, r.GroupID, ErrNotPermitted)
		}
	case Invitation:
		if _, err := u.o.tx.Members().Get(r.GroupID, r.UserID); err != nil {
			return fmt.Errorf("invitation %q: the inviter %d is not a member of group %d: %w", r.Flag, r.UserID, r.GroupID, ErrInvalid)
		}
		if _, err := u.o.tx.Accounts().Get(r.TargetID); err != nil {
			return fmt.Errorf("invitation %q: %w", r.Flag, err)
		}
	default:
		return fmt.Errorf("group request %q: kind %q is not add or invite: %w", r.Flag, r.Kind, ErrInvalid)
	}
	if r.Time == 0 {
		r.Time = u.o.now
	}
	if err := u.o.tx.GroupNotifies().Received(r); err != nil {
		return err
	}
	return u.o.tx.GroupRequests().Put(r)
}

// AddMessage delivers a message as its sender would send it (QQ's rules apply), keeping an
// explicit ID and Time when given, and returns its id.
func (u *Universe) AddMessage(m Message) (int32, error) {
	if m.ID != 0 {
		if _, err := u.o.tx.Messages().Get(m.ID); err == nil {
			return 0, fmt.Errorf("message id %d is taken: %w", m.ID, ErrInvalid)
		}
	}
	return deliver(u.o, u.w, m, 0)
}

// AddForward stores a merged forward under id.
func (u *Universe) AddForward(id string, nodes []ForwardNode) error {
	if id == "" || len(nodes) == 0 {
		return fmt.Errorf("a forward needs an id and nodes: %w", ErrInvalid)
	}
	return u.o.tx.Forwards().Put(id, nodes)
}

// AddFile puts a received file in the cache.
func (u *Universe) AddFile(f File) error {
	if f.Name == "" || (f.Kind != ImageFile && f.Kind != RecordFile) {
		return fmt.Errorf("file %q of kind %q: a name and kind image or record: %w", f.Name, f.Kind, ErrInvalid)
	}
	return u.o.tx.Files().Put(f)
}

// DefaultBot is the bot that answers calls that do not name one, as the transaction sees it.
func (u *Universe) DefaultBot() (int64, error) { return defaultBot(u.o.tx) }
