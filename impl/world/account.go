package world

// Sex is an account's declared sex.
type Sex string

const (
	Male    Sex = "male"
	Female  Sex = "female"
	Unknown Sex = "unknown"
)

func (s Sex) valid() bool { return s == Male || s == Female || s == Unknown }

// Account is a QQ account: a bot the server speaks for, or a simulated user.
type Account struct {
	ID       int64
	Nickname string
	Sex      Sex
	Age      int32
	Level    int32
	Sign     string
	Area     string
	// Bot says the server answers OneBot calls for the account. A bot is an ordinary QQ
	// account logged in through an implementation, so it is not an OfficialBot.
	Bot bool
	// OfficialBot marks one of QQ's own robot accounts (QQ 机器人, such as Q群管家): NapCat's
	// is_robot. A property of the account, declared by world files and the control API.
	OfficialBot bool
}

// Stats counts an account's traffic for get_status.
type Stats struct {
	MessagesSent     int64
	MessagesReceived int64
	LastMessageTime  int64
}

// AccountStore keeps accounts, bots and simulated users alike, and their traffic counters.
type AccountStore interface {
	Get(id int64) (Account, error)
	Put(Account) error
	// All lists every account (the world control API, world files).
	All() ([]Account, error)
	// Delete removes an account and what hangs off it in every feature (friendships, likes,
	// requests, memberships, blocks); its messages stay, as QQ keeps a deleted account's
	// history.
	Delete(id int64) error
	Stats(id int64) (Stats, error)
	// CountTraffic adds a stored message to its sender's sent count and to every bot that
	// receives it (the private peer or the group's other members).
	CountTraffic(Message) error
}

// AccountChanged: UserID's profile was created or changed (the world control API). No event.
type AccountChanged struct {
	Head
	unseen
	UserID int64
}

// AccountDeleted: UserID no longer exists. No event.
type AccountDeleted struct {
	Head
	unseen
	UserID int64
}

// WorldReset: the world was emptied and filled afresh (what the fill records follows). No
// event.
type WorldReset struct {
	Head
	unseen
}
