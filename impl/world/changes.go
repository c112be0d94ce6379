package world

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
