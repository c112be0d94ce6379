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

	// Accounts lists every account, bots and simulated users (the world control API).
	Accounts() ([]Account, error)
	// SentMessages lists the messages an account sent that match f, oldest first.
	SentMessages(f SentFilter) ([]Message, error)
	DeleteFriendship(owner, other int64) error
	// DeleteAccount removes an account and what hangs off it (friendships, likes, requests,
	// memberships, blocks); its messages stay, as QQ keeps a deleted account's history.
	DeleteAccount(id int64) error
	// AllGroups lists every group of the world; FriendRequests and GroupRequests every pending
	// request; Messages the messages after afterID, by id (a world file's export).
	AllGroups() ([]Group, error)
	FriendRequests() ([]FriendRequest, error)
	GroupRequests() ([]GroupRequest, error)
	Messages(afterID int32, limit int) ([]Message, error)
	PutGroupFile(GroupFile) error
	GroupFiles(groupID int64) ([]GroupFile, error)
	GroupFileContent(id string) ([]byte, error)
	// GroupFileBytes is the content all group files store.
	GroupFileBytes() (int64, error)
	DeleteGroupFiles(groupID int64) error
	// Clear empties the world (reset_world, import_world), keeping the media list (whose
	// files go once nothing refers to them) and the id sequences.
	Clear() error
}

// SentFilter selects the messages one account sent: after message AfterID, at or after Unix
// time Since, privately to PeerID or to GroupID when not 0, at most Limit.
type SentFilter struct {
	SenderID int64
	PeerID   int64
	GroupID  int64
	AfterID  int32
	Since    int64
	Limit    int
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
	// Made through the world control API (control.go).
	AccountChanged  ChangeKind = "account"        // UserID's profile was created or changed
	GroupCreated    ChangeKind = "group_create"   // GroupID exists now (its members join with MemberJoined)
	TitleChanged    ChangeKind = "group_title"    // UserID's special title in GroupID is Detail
	FriendRequested ChangeKind = "friend_request" // UserID asks TargetID; Detail is the flag
	JoinRequested   ChangeKind = "group_request"  // UserID asks to join GroupID; Detail is the flag
	Invited         ChangeKind = "group_invite"   // UserID invites TargetID into GroupID; Detail is the flag
	FriendRemoved   ChangeKind = "friend_remove"  // OperatorID and UserID are no longer friends
	AccountDeleted  ChangeKind = "account_delete" // UserID no longer exists
	Poked           ChangeKind = "poke"           // UserID pokes TargetID, in GroupID when not 0
	FileUploaded    ChangeKind = "group_upload"   // UserID uploaded file Detail (its id) to GroupID
	WorldReset      ChangeKind = "world_reset"    // the world was emptied and filled afresh
)

// Change is one domain change a world operation made, recorded in the order made and handed
// to Options.OnChange after the transaction commits (never for a rolled-back one).
type Change struct {
	Kind       ChangeKind
	GroupID    int64
	UserID     int64
	OperatorID int64
	MessageID  int32
	// TargetID is the account a request is addressed to (FriendRequested, Invited), or a
	// private message's recipient (MessageCreated, MessageRecalled).
	TargetID int64
	Time     int64
	// Detail is kind-specific: the new card, the role, the mute seconds, the request flag.
	Detail string
	// Audience are the bots that see the change (see audience), as the world stood when it
	// was made; the world fills it in before the operation commits.
	Audience []int64
}
