package world

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
