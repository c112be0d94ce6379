package world

import "context"

// Store keeps the universe. Every world operation runs in one transaction: Update commits
// before it returns (an operation answered to a client is durable), View reads a consistent
// snapshot. Another engine (PostgreSQL, see docs/dev/store-postgres.md) implements the same
// two interfaces; handlers and world rules do not change.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx is one transaction on the universe, shaped by the domain. Lookups of one thing return an
// error wrapping ErrNotFound when it does not exist; lists are sorted by id and may be shared
// with other callers (a store can hand out one cached list to every reader): never modify one.
type Tx interface {
	Meta(key string) (value string, ok bool, err error)
	SetMeta(key, value string) error

	Account(id int64) (Account, error)
	PutAccount(Account) error
	Stats(id int64) (Stats, error)
	// CountTraffic adds a stored message to its sender's sent count and to every bot that
	// receives it (the private peer or the group's other members).
	CountTraffic(Message) error

	Friends(owner int64) ([]Friend, error)
	// Friendship is owner's remark for other; ok is false when they are not friends.
	Friendship(owner, other int64) (remark string, ok bool, err error)
	PutFriendship(owner, other int64, remark string) error
	AddLikes(from, to int64, times int32) error

	FriendRequest(flag string) (FriendRequest, error)
	PutFriendRequest(FriendRequest) error
	DeleteFriendRequest(flag string) error

	Group(id int64) (Group, error)
	PutGroup(Group) error
	// DeleteGroup removes a group and everything that belongs to it but its messages.
	DeleteGroup(id int64) error
	// Groups lists the groups userID is a member of.
	Groups(userID int64) ([]GroupSummary, error)
	Membership(groupID, userID int64) (Membership, error)
	PutMembership(Membership) error
	DeleteMembership(groupID, userID int64) error
	Members(groupID int64) ([]MemberView, error)
	Block(groupID, userID int64) error
	Blocked(groupID, userID int64) (bool, error)
	// AnonymousMute is the muted-until time of an anonymous flag seen in a group.
	AnonymousMute(groupID int64, flag string) (until int64, ok bool, err error)
	PutAnonymous(groupID int64, flag string, until int64) error
	Honors(groupID int64) ([]Honor, error)
	PutHonors(groupID int64, honors []Honor) error
	AddAnnouncement(Announcement) (int64, error)
	Announcements(groupID int64) ([]Announcement, error)
	PutEssence(Essence) error
	DeleteEssence(groupID int64, messageID int32) error
	Essences(groupID int64) ([]Essence, error)

	GroupRequest(flag string) (GroupRequest, error)
	PutGroupRequest(GroupRequest) error
	DeleteGroupRequest(flag string) error

	// InsertMessage stores m, assigning its ID (when 0; ids are never reused) and its Seq in
	// its conversation, and references its Media.
	InsertMessage(m *Message) error
	Message(id int32) (Message, error)
	MarkRecalled(id int32, by int64) error
	// PruneConversation deletes the conversation's messages beyond the newest keep (keep 0:
	// no count limit) and those older than before (0: no age limit).
	PruneConversation(conv string, keep int, before int64) (int, error)
	// PruneMedia deletes the oldest messages that carry media until the media they reference
	// take at most maxBytes.
	PruneMedia(maxBytes int64) (int, error)
	// UnreferencedMedia removes and returns the media no message references any more, so their
	// files can go.
	UnreferencedMedia() ([]string, error)
	PutMedia(hash string, size int64) error
	// HasMedia reports whether the store knows media hash (its file is to be kept).
	HasMedia(hash string) (bool, error)
	MediaBytes() (int64, error)

	Forward(id string) ([]ForwardNode, error)
	PutForward(id string, nodes []ForwardNode) error
	File(kind FileKind, name string) (File, error)
	PutFile(File) error
}

// ChangeKind names a domain change; the event layer renders changes into OneBot events for
// every bot that can see them.
type ChangeKind string

const (
	MessageCreated   ChangeKind = "message"
	MessageRecalled  ChangeKind = "recall"
	FriendAdded      ChangeKind = "friend_add"
	MemberJoined     ChangeKind = "group_increase"
	MemberLeft       ChangeKind = "group_decrease"
	MemberKicked     ChangeKind = "group_kick"
	MemberMuted      ChangeKind = "group_ban"
	AdminChanged     ChangeKind = "group_admin"
	CardChanged      ChangeKind = "group_card"
	GroupChanged     ChangeKind = "group_update"
	GroupDismissed   ChangeKind = "group_dismiss"
	EssenceChanged   ChangeKind = "essence"
	MessagesExpired  ChangeKind = "expired"
	RequestAnswered  ChangeKind = "request_answered"
	AnnouncementMade ChangeKind = "announcement"
)

// Change is one domain change a world operation made, recorded in the order made and handed
// to Options.OnChange after the transaction commits (never for a rolled-back one).
type Change struct {
	Kind       ChangeKind
	GroupID    int64
	UserID     int64
	OperatorID int64
	MessageID  int32
	Time       int64
	// Detail is kind-specific: the new card, the role, the mute seconds, the request flag.
	Detail string
}
