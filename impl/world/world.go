// Package world is the simulated QQ world the reference server acts on: the bot's account, the
// users it knows, its friends and groups with their members, the messages sent and received,
// files and pending requests. It knows QQ's rules (who may kick whom, who may recall what) and
// nothing about OneBot's wire format.
//
// Errors wrap ErrNotFound (the thing named does not exist for this account), ErrNotPermitted
// (the bot's role does not allow it) or ErrInvalid (the request contradicts itself), so the
// transport can pick the retcode.
package world

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
)

var (
	ErrNotFound     = errors.New("not found")
	ErrNotPermitted = errors.New("not permitted")
	ErrInvalid      = errors.New("invalid request")
)

// Role, sex, message type, request sub-type and honor type are the spec's enums: the world
// speaks the spec's vocabulary rather than repeating its strings.
type (
	Role        = gen.Role
	Sex         = gen.Sex
	MessageType = gen.MessageType
	RequestType = gen.SetGroupAddRequestParamsSubType
	HonorType   = gen.GetGroupHonorInfoParamsType
)

const (
	Owner  = gen.RoleOwner
	Admin  = gen.RoleAdmin
	Member = gen.RoleMember

	Private = gen.MessageTypePrivate
	Grouped = gen.MessageTypeGroup

	AddRequest = gen.SetGroupAddRequestParamsSubTypeAdd
	Invitation = gen.SetGroupAddRequestParamsSubTypeInvite
)

// rank orders roles: a member may administer only members of lower rank.
func rank(r Role) int {
	switch r {
	case Owner:
		return 2
	case Admin:
		return 1
	}
	return 0
}

// User is anyone's public profile.
type User struct {
	ID       int64
	Nickname string
	Sex      Sex
	Age      int32
	Area     string
}

// GroupMember is a user's membership of a group.
type GroupMember struct {
	UserID          int64
	Card            string
	Role            Role
	Level           string
	Title           string
	TitleExpireTime int64
	JoinTime        int64
	LastSentTime    int64
	MutedUntil      int64
}

// Group is a QQ group.
type Group struct {
	ID             int64
	Name           string
	MaxMembers     int32
	WholeBan       bool
	AllowAnonymous bool
	Members        map[int64]*GroupMember
	// Anonymous maps anonymous flags seen in this group to the muted-until time (0 not muted).
	Anonymous map[string]int64
	// Honors by honor type (talkative, performer, legend, strong_newbie, emotion).
	Honors map[HonorType][]Honor
	// Talkative is the current 龙王, if any.
	Talkative *Honor
	// Blocked users were kicked with reject_add_request.
	Blocked map[int64]bool
}

// Honor is one holder of a group honor.
type Honor struct {
	UserID      int64
	Description string
	DayCount    int32
}

// Message is a message the bot sent or received.
type Message struct {
	ID       int32
	Time     int64
	Type     MessageType
	GroupID  int64 // group messages
	PeerID   int64 // private messages: the other party
	SenderID int64
	Segments []cqcode.Segment
	Deleted  bool
}

// ForwardNode is one node of a merged forward.
type ForwardNode struct {
	UserID   int64
	Nickname string
	Time     int64
	Segments []cqcode.Segment
}

// File is a received image or voice file in the bot's cache.
type File struct {
	Name string
	URL  string
	Size int64
}

// FriendRequest is a pending request to become the bot's friend.
type FriendRequest struct {
	Flag    string
	UserID  int64
	Comment string
}

// GroupRequest is a pending join request to a group the bot administers (AddRequest) or an
// invitation of the bot into a group (Invitation).
type GroupRequest struct {
	Flag    string
	SubType RequestType
	GroupID int64
	UserID  int64
	Comment string
}

// Stats counts traffic for get_status.
type Stats struct {
	MessagesSent     int64
	MessagesReceived int64
	LastMessageTime  int64
}

// World is safe for concurrent use.
type World struct {
	mu             sync.RWMutex
	now            func() time.Time
	self           int64
	users          map[int64]*User
	friends        map[int64]string // user id -> remark
	groups         map[int64]*Group
	messages       map[int32]*Message
	nextMessageID  int32
	forwards       map[string][]ForwardNode
	images         map[string]File
	records        map[string]File
	friendRequests map[string]FriendRequest
	groupRequests  map[string]GroupRequest
	likes          map[int64]int32
	stats          Stats
}

// New returns an empty world whose bot account is self.
func New(self User, now func() time.Time) *World {
	if now == nil {
		now = time.Now
	}
	w := &World{
		now:            now,
		self:           self.ID,
		users:          map[int64]*User{},
		friends:        map[int64]string{},
		groups:         map[int64]*Group{},
		messages:       map[int32]*Message{},
		nextMessageID:  1,
		forwards:       map[string][]ForwardNode{},
		images:         map[string]File{},
		records:        map[string]File{},
		friendRequests: map[string]FriendRequest{},
		groupRequests:  map[string]GroupRequest{},
		likes:          map[int64]int32{},
	}
	w.users[self.ID] = &self
	return w
}

// Self is the bot's own profile.
func (w *World) Self() User {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return *w.users[w.self]
}

// Stats returns the traffic counters.
func (w *World) Stats() Stats {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.stats
}

// --- users and friends ---

// AddUser adds or replaces a profile.
func (w *World) AddUser(u User) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.users[u.ID] = &u
}

// AddFriend makes a known user the bot's friend.
func (w *World) AddFriend(userID int64, remark string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.users[userID]; !ok {
		return fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	w.friends[userID] = remark
	return nil
}

// User returns a profile.
func (w *World) User(id int64) (User, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	u, ok := w.users[id]
	if !ok {
		return User{}, fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	return *u, nil
}

// Friend is a friend with the bot's remark.
type Friend struct {
	User
	Remark string
}

// Friends lists the bot's friends by QQ number.
func (w *World) Friends() []Friend {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]Friend, 0, len(w.friends))
	for id, remark := range w.friends {
		out = append(out, Friend{User: *w.users[id], Remark: remark})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Like gives a friend times likes.
func (w *World) Like(userID int64, times int32) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.friends[userID]; !ok {
		return fmt.Errorf("user %d is not a friend: %w", userID, ErrNotFound)
	}
	w.likes[userID] += times
	return nil
}

// AddFriendRequest records a pending friend request.
func (w *World) AddFriendRequest(r FriendRequest) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.friendRequests[r.Flag] = r
}

// AnswerFriendRequest accepts (adding the friend with remark) or rejects a pending request.
func (w *World) AnswerFriendRequest(flag string, approve bool, remark string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, ok := w.friendRequests[flag]
	if !ok {
		return fmt.Errorf("friend request %q: %w", flag, ErrNotFound)
	}
	delete(w.friendRequests, flag)
	if approve {
		w.knowUser(r.UserID)
		w.friends[r.UserID] = remark
	}
	return nil
}

// knowUser adds a bare profile for a user the world meets only through a request (requests
// can come from anyone). Callers hold the lock.
func (w *World) knowUser(id int64) {
	if _, known := w.users[id]; !known {
		w.users[id] = &User{ID: id, Sex: gen.SexUnknown}
	}
}

// --- files and forwards ---

// AddImage puts a received image in the cache.
func (w *World) AddImage(f File) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.images[f.Name] = f
}

// AddRecord puts a received voice file in the cache.
func (w *World) AddRecord(f File) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.records[f.Name] = f
}

// Image returns a cached image by file name.
func (w *World) Image(name string) (File, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	f, ok := w.images[name]
	if !ok {
		return File{}, fmt.Errorf("image %q: %w", name, ErrNotFound)
	}
	return f, nil
}

// Record returns a cached voice file by file name.
func (w *World) Record(name string) (File, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	f, ok := w.records[name]
	if !ok {
		return File{}, fmt.Errorf("voice %q: %w", name, ErrNotFound)
	}
	return f, nil
}

// AddForward stores a merged forward under id.
func (w *World) AddForward(id string, nodes []ForwardNode) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.forwards[id] = nodes
}

// Forward returns a merged forward's nodes.
func (w *World) Forward(id string) ([]ForwardNode, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	nodes, ok := w.forwards[id]
	if !ok {
		return nil, fmt.Errorf("forward %q: %w", id, ErrNotFound)
	}
	return nodes, nil
}
