package world

import (
	"fmt"
	"sort"
)

// AddGroup adds a group; its members' users must already exist.
func (w *World) AddGroup(g Group) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for id := range g.Members {
		if _, ok := w.users[id]; !ok {
			return fmt.Errorf("group %d member %d: %w", g.ID, id, ErrNotFound)
		}
	}
	if g.Members == nil {
		g.Members = map[int64]*GroupMember{}
	}
	if g.Anonymous == nil {
		g.Anonymous = map[string]int64{}
	}
	if g.Blocked == nil {
		g.Blocked = map[int64]bool{}
	}
	w.groups[g.ID] = &g
	return nil
}

// GroupSummary is what group lists show.
type GroupSummary struct {
	ID          int64
	Name        string
	MemberCount int32
	MaxMembers  int32
}

func summarize(g *Group) GroupSummary {
	return GroupSummary{ID: g.ID, Name: g.Name, MemberCount: int32(len(g.Members)), MaxMembers: g.MaxMembers}
}

// Groups lists the groups the bot is in, by number.
func (w *World) Groups() []GroupSummary {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]GroupSummary, 0, len(w.groups))
	for _, g := range w.groups {
		out = append(out, summarize(g))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// GroupInfo returns one group the bot is in.
func (w *World) GroupInfo(id int64) (GroupSummary, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	g, err := w.group(id)
	if err != nil {
		return GroupSummary{}, err
	}
	return summarize(g), nil
}

// MemberView is a member with their profile.
type MemberView struct {
	GroupMember
	User
	GroupID int64
}

// Members lists a group's members by QQ number.
func (w *World) Members(groupID int64) ([]MemberView, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	g, err := w.group(groupID)
	if err != nil {
		return nil, err
	}
	out := make([]MemberView, 0, len(g.Members))
	for _, m := range g.Members {
		out = append(out, MemberView{GroupMember: *m, User: *w.users[m.UserID], GroupID: g.ID})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out, nil
}

// MemberInfo returns one member of a group.
func (w *World) MemberInfo(groupID, userID int64) (MemberView, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	g, err := w.group(groupID)
	if err != nil {
		return MemberView{}, err
	}
	m, err := member(g, userID)
	if err != nil {
		return MemberView{}, err
	}
	return MemberView{GroupMember: *m, User: *w.users[userID], GroupID: g.ID}, nil
}

// Honors returns a group's honors and its current talkative.
func (w *World) Honors(groupID int64) (map[HonorType][]Honor, *Honor, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	g, err := w.group(groupID)
	if err != nil {
		return nil, nil, err
	}
	honors := make(map[HonorType][]Honor, len(g.Honors))
	for k, v := range g.Honors {
		honors[k] = append([]Honor(nil), v...)
	}
	var talkative *Honor
	if g.Talkative != nil {
		t := *g.Talkative
		talkative = &t
	}
	return honors, talkative, nil
}

// Kick removes a member; with block, their future join requests are refused.
func (w *World) Kick(groupID, userID int64, block bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, target, err := w.administer(groupID, userID, Admin)
	if err != nil {
		return err
	}
	delete(g.Members, target.UserID)
	if block {
		g.Blocked[target.UserID] = true
	}
	return nil
}

// Mute mutes a member for seconds (0 lifts the mute).
func (w *World) Mute(groupID, userID int64, seconds int64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, target, err := w.administer(groupID, userID, Admin)
	if err != nil {
		return err
	}
	target.MutedUntil = 0
	if seconds > 0 {
		target.MutedUntil = w.now().Unix() + seconds
	}
	return nil
}

// MuteAnonymous mutes an anonymous sender of a group by flag.
func (w *World) MuteAnonymous(groupID int64, flag string, seconds int64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, err := w.groupAs(groupID, Admin)
	if err != nil {
		return err
	}
	if _, ok := g.Anonymous[flag]; !ok {
		return fmt.Errorf("anonymous flag %q in group %d: %w", flag, groupID, ErrNotFound)
	}
	g.Anonymous[flag] = w.now().Unix() + seconds
	return nil
}

// SetWholeBan mutes or unmutes everyone but admins.
func (w *World) SetWholeBan(groupID int64, enable bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, err := w.groupAs(groupID, Admin)
	if err != nil {
		return err
	}
	g.WholeBan = enable
	return nil
}

// SetAnonymous allows or forbids anonymous chat.
func (w *World) SetAnonymous(groupID int64, enable bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, err := w.groupAs(groupID, Admin)
	if err != nil {
		return err
	}
	g.AllowAnonymous = enable
	return nil
}

// SetAdmin grants or revokes the admin role; only the owner may.
func (w *World) SetAdmin(groupID, userID int64, enable bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, target, err := w.administer(groupID, userID, Owner)
	if err != nil {
		return err
	}
	target.Role = Member
	if enable {
		target.Role = Admin
	}
	return nil
}

// SetCard sets a member's group card; the bot may always set its own.
func (w *World) SetCard(groupID, userID int64, card string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if userID == w.self {
		g, err := w.group(groupID)
		if err != nil {
			return err
		}
		g.Members[w.self].Card = card
		return nil
	}
	_, target, err := w.administer(groupID, userID, Admin)
	if err != nil {
		return err
	}
	target.Card = card
	return nil
}

// SetGroupName renames a group.
func (w *World) SetGroupName(groupID int64, name string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, err := w.groupAs(groupID, Admin)
	if err != nil {
		return err
	}
	g.Name = name
	return nil
}

// SetTitle sets a member's special title; only the owner may. seconds < 0 means no expiry.
func (w *World) SetTitle(groupID, userID int64, title string, seconds int64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, err := w.groupAs(groupID, Owner)
	if err != nil {
		return err
	}
	target, err := member(g, userID)
	if err != nil {
		return err
	}
	target.Title, target.TitleExpireTime = title, 0
	if seconds >= 0 && title != "" {
		target.TitleExpireTime = w.now().Unix() + seconds
	}
	return nil
}

// Leave makes the bot leave a group; the owner can only dismiss it.
func (w *World) Leave(groupID int64, dismiss bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, err := w.group(groupID)
	if err != nil {
		return err
	}
	if g.Members[w.self].Role == Owner && !dismiss {
		return fmt.Errorf("the bot owns group %d and can only dismiss it (is_dismiss): %w", groupID, ErrNotPermitted)
	}
	delete(w.groups, groupID)
	return nil
}

// AddGroupRequest records a pending join request or invitation.
func (w *World) AddGroupRequest(r GroupRequest) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.groupRequests[r.Flag] = r
}

// AnswerGroupRequest approves or rejects a join request or invitation. subType, when not
// empty, must match the request's.
func (w *World) AnswerGroupRequest(flag string, subType RequestType, approve bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, ok := w.groupRequests[flag]
	if !ok {
		return fmt.Errorf("group request %q: %w", flag, ErrNotFound)
	}
	if subType != "" && subType != r.SubType {
		return fmt.Errorf("group request %q is of sub_type %q, not %q: %w", flag, r.SubType, subType, ErrInvalid)
	}
	if r.SubType == AddRequest {
		if _, err := w.groupAs(r.GroupID, Admin); err != nil {
			return err
		}
	}
	delete(w.groupRequests, flag)
	if !approve {
		return nil
	}
	now := w.now().Unix()
	switch r.SubType {
	case AddRequest:
		w.knowUser(r.UserID)
		w.groups[r.GroupID].Members[r.UserID] = &GroupMember{UserID: r.UserID, Role: Member, Level: "1", JoinTime: now}
	case Invitation:
		if _, in := w.groups[r.GroupID]; !in {
			w.groups[r.GroupID] = &Group{
				ID: r.GroupID, Name: fmt.Sprintf("群 %d", r.GroupID), MaxMembers: 200,
				Members:   map[int64]*GroupMember{w.self: {UserID: w.self, Role: Member, Level: "1", JoinTime: now}},
				Anonymous: map[string]int64{}, Blocked: map[int64]bool{},
			}
		}
	}
	return nil
}

// group returns a group the bot is in. Callers hold the lock.
func (w *World) group(id int64) (*Group, error) {
	g, ok := w.groups[id]
	if !ok {
		return nil, fmt.Errorf("group %d (the bot is not in it): %w", id, ErrNotFound)
	}
	return g, nil
}

// groupAs returns a group where the bot has at least role. Callers hold the lock.
func (w *World) groupAs(id int64, role Role) (*Group, error) {
	g, err := w.group(id)
	if err != nil {
		return nil, err
	}
	if rank(g.Members[w.self].Role) < rank(role) {
		return nil, fmt.Errorf("the bot is %s of group %d, this needs %s: %w", g.Members[w.self].Role, id, role, ErrNotPermitted)
	}
	return g, nil
}

// administer returns a group and a target member the bot may act on with at least role:
// the bot must hold role and outrank the target. Callers hold the lock.
func (w *World) administer(groupID, userID int64, role Role) (*Group, *GroupMember, error) {
	g, err := w.groupAs(groupID, role)
	if err != nil {
		return nil, nil, err
	}
	target, err := member(g, userID)
	if err != nil {
		return nil, nil, err
	}
	if self := g.Members[w.self]; userID == w.self || rank(target.Role) >= rank(self.Role) {
		return nil, nil, fmt.Errorf("the bot (%s) cannot act on %d (%s) in group %d: %w", self.Role, userID, target.Role, groupID, ErrNotPermitted)
	}
	return g, target, nil
}

func member(g *Group, userID int64) (*GroupMember, error) {
	m, ok := g.Members[userID]
	if !ok {
		return nil, fmt.Errorf("user %d in group %d: %w", userID, g.ID, ErrNotFound)
	}
	return m, nil
}
