// Package world is the simulated QQ universe the reference server acts on: accounts (bots and
// simulated users are the same kind of thing), friendships, groups with their members, messages,
// forwards, files and pending requests. A bot sees the universe through a Bot view: its
// friends, its groups, the messages it can see. The world knows QQ's rules (who may kick whom,
// who may recall what) and nothing about OneBot's wire format or HTTP.
//
// State lives in a Store (package world/sqlite is the embedded engine); every world operation
// is one store transaction, committed before the operation returns, so an answered call is
// durable. Operations record the domain changes they made (Change) for the events to come.
//
// Errors wrap ErrNotFound (the thing named does not exist for this account: retcode 102),
// ErrNotPermitted (QQ's rules forbid it: 103) or ErrInvalid (the request contradicts itself:
// 1400), and say which rule.
package world

import (
	"errors"
	"fmt"

	"github.com/onespec/onespec/impl/cqcode"
)

var (
	ErrNotFound     = errors.New("not found")
	ErrNotPermitted = errors.New("not permitted")
	ErrInvalid      = errors.New("invalid request")
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

// Sex is an account's declared sex.
type Sex string

const (
	Male    Sex = "male"
	Female  Sex = "female"
	Unknown Sex = "unknown"
)

func (s Sex) valid() bool { return s == Male || s == Female || s == Unknown }

// MessageType says whether a message went to one account or to a group.
type MessageType string

const (
	Private MessageType = "private"
	Grouped MessageType = "group"
)

// RequestKind is a group request's kind: someone asks to join (AddRequest) or a member invites
// an account (Invitation).
type RequestKind string

const (
	AddRequest RequestKind = "add"
	Invitation RequestKind = "invite"
)

// HonorType is one of QQ's group honors.
type HonorType string

const (
	Talkative    HonorType = "talkative"
	Performer    HonorType = "performer"
	Legend       HonorType = "legend"
	StrongNewbie HonorType = "strong_newbie"
	Emotion      HonorType = "emotion"
)

// HonorTypes lists every honor type, in QQ's order.
var HonorTypes = []HonorType{Talkative, Performer, Legend, StrongNewbie, Emotion}

func (h HonorType) valid() bool {
	for _, t := range HonorTypes {
		if h == t {
			return true
		}
	}
	return false
}

// Account is a QQ account: a bot the server speaks for, or a simulated user.
type Account struct {
	ID       int64
	Nickname string
	Sex      Sex
	Age      int32
	Level    int32
	Sign     string
	Area     string
	Bot      bool
}

// Friend is a friend of some account, with that account's remark for them.
type Friend struct {
	Account
	Remark string
}

// FriendRequest is a pending request from From to become To's friend.
type FriendRequest struct {
	Flag    string
	From    int64
	To      int64
	Comment string
	Time    int64
}

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

// GroupSummary is what group lists show.
type GroupSummary struct {
	Group
	MemberCount int32
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
	MutedUntil      int64
}

// MemberView is a membership with the member's account.
type MemberView struct {
	Membership
	Account
}

// Honor is one holder of a group honor.
type Honor struct {
	Type        HonorType
	UserID      int64
	Description string
	DayCount    int32
}

// Announcement is a group announcement (群公告).
type Announcement struct {
	ID       int64
	GroupID  int64
	SenderID int64
	Time     int64
	Content  string
}

// Essence is a message set as a group's essence (精华消息).
type Essence struct {
	GroupID    int64
	MessageID  int32
	OperatorID int64
	Time       int64
}

// GroupRequest is a pending join request (AddRequest: UserID asks to join GroupID) or
// invitation (Invitation: UserID, a member, invites TargetID into GroupID).
type GroupRequest struct {
	Flag     string
	Kind     RequestKind
	GroupID  int64
	UserID   int64
	TargetID int64
	Comment  string
	Time     int64
}

// Message is a private or group message. Its ID is the one message_id every account that can
// see it uses; Seq is its position in its conversation (QQ's message_seq).
type Message struct {
	ID       int32
	Type     MessageType
	GroupID  int64 // group messages
	PeerID   int64 // private messages: the recipient
	SenderID int64
	Seq      int64
	Time     int64
	Segments []cqcode.Segment
	Recalled bool
	// RecalledBy is who recalled it, when Recalled.
	RecalledBy int64
	// Media are the content hashes of media stored with the message (see MediaStore).
	Media []string
}

// Conversation is the key message_seq and retention count within: a group, or the pair of
// accounts of a private chat (the same conversation from both sides).
func (m Message) Conversation() string {
	if m.Type == Grouped {
		return fmt.Sprintf("g:%d", m.GroupID)
	}
	a, b := m.SenderID, m.PeerID
	if a > b {
		a, b = b, a
	}
	return fmt.Sprintf("p:%d:%d", a, b)
}

// ForwardNode is one node of a merged forward; Nested holds a forward inside a node.
type ForwardNode struct {
	UserID   int64
	Nickname string
	Time     int64
	Segments []cqcode.Segment
	Nested   []ForwardNode `json:",omitempty"`
}

// FileKind says which cache a received file is in.
type FileKind string

const (
	ImageFile  FileKind = "image"
	RecordFile FileKind = "record"
)

// File is a received image or voice file in the cache.
type File struct {
	Name string
	Kind FileKind
	URL  string
	Size int64
	// Hash is the content hash of a file whose bytes the world stores (MediaStore), else "".
	Hash string
}

// Stats counts an account's traffic for get_status.
type Stats struct {
	MessagesSent     int64
	MessagesReceived int64
	LastMessageTime  int64
}

// GroupFile is a file uploaded to a group (群文件). Content is nil when only its size was
// given (the world then knows the file but not its bytes).
type GroupFile struct {
	ID         string
	GroupID    int64
	Name       string
	Size       int64
	UploaderID int64
	Time       int64
	BusID      int32
	Downloads  int32
	Content    []byte
}
