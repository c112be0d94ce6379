package world

import "context"

// Store keeps the universe. Every world operation runs in one transaction (which a store may
// share between concurrent operations, each rolled back alone when it fails): Update commits
// before it returns (an operation answered to a client is durable), View reads a consistent
// committed snapshot. Another engine (PostgreSQL, see docs/dev/store-postgres.md) implements the same
// interfaces; handlers and world rules do not change.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	// View may run fn more than once, each time from the start (a store may first try it on
	// a cheaper snapshot that cannot answer every read): fn sets its results afresh on each
	// run rather than accumulating them.
	View(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx is one transaction on the universe, composed of one store per feature, each declared
// beside its feature's domain (AccountStore in account.go...). A new feature adds its store
// here, one line.
//
// Every feature store follows the same conventions: lookups of one thing return an error
// wrapping ErrNotFound when it does not exist; lists are sorted by id and may be shared with
// other callers (a store can hand out one cached list to every reader): never modify one.
type Tx interface {
	Meta() MetaStore
	Accounts() AccountStore
	Albums() AlbumStore
	Friends() FriendStore
	FriendCategories() FriendCategoryStore
	FriendRequests() FriendRequestStore
	Groups() GroupStore
	Guilds() GuildStore
	Members() MemberStore
	Anonymous() AnonymousStore
	CustomFaces() CustomFaceStore
	Honors() HonorStore
	Likes() LikeStore
	Announcements() AnnouncementStore
	AtAll() AtAllStore
	Essence() EssenceStore
	GroupNotifies() GroupNotifyStore
	GroupOptions() GroupOptionsStore
	GroupRequests() GroupRequestStore
	GroupSigns() GroupSignStore
	Messages() MessageStore
	History() HistoryStore
	Media() MediaIndex
	OnlineFiles() OnlineFileStore
	Forwards() ForwardStore
	Files() FileStore
	Flash() FlashStore
	GroupFiles() GroupFileStore
	WordSlices() WordSlicesStore
	ModelShows() ModelShowStore
	OCR() OCRStore
	Reads() ReadStore
	Presence() PresenceStore
	URLSafety() URLSafetyStore
	AICharacters() AICharacterStore
	Reactions() ReactionStore
	Transcripts() TranscriptStore
	Translations() TranslationStore
	PrivateFiles() PrivateFileStore
	VIPs() VIPStore

	// Clear empties the world (reset_world, import_world): every feature store empties itself,
	// keeping the media list (whose files go once nothing refers to them) and the id
	// sequences.
	Clear() error

	// AfterCommit runs f once the operation has committed (never when it fails), after the
	// functions of every operation committed before it and before any later operation
	// begins; Update returns after it has run.
	AfterCommit(f func())
}

// MetaStore keeps the world's settings (the default bot).
type MetaStore interface {
	Get(key string) (value string, ok bool, err error)
	Set(key, value string) error
}
