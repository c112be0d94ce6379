package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/onespec/onespec/impl/world"
)

// cache is the committed state of the small tables almost every operation reads and few
// write: meta, accounts, groups, memberships and friendships. Reading them from SQLite cost
// most of an action (a get_group_member_info was five queries); from here it is a map lookup.
//
// Writes go through to SQLite in the transaction and are queued as cache operations that
// apply only once that transaction has committed (a rolled-back one leaves the cache as it
// was). A transaction that has written a cached table reads those tables from SQLite until it
// ends, so it sees its own writes (and a group commit's later operations see the earlier
// ones'). The cache is always the last committed state: a transaction on the connection holds
// Store.mu and applies its writes after its commit under Store.cacheMu, and views served from
// the cache alone hold cacheMu's read lock (they see the last commit, never wait for the
// next one).
//
// The lists (a group's members, an owner's friends, a user's groups) are built once and then
// shared with every caller until a write makes them stale: a 3,000-member group costs one
// O(n) rebuild after a change, not a copy and a sort per call.
//
// The cache is composed here; each piece is loaded (feature.load) and kept up to date by its
// feature's store file (meta_store.go, account_store.go, group_store.go, member_store.go,
// friend_store.go).
type cache struct {
	meta     map[string]string
	accounts map[int64]world.Account
	// bots are the accounts that are bots.
	bots    map[int64]struct{}
	groups  map[int64]world.Group
	members map[int64]*groupMembers
	// userGroups indexes memberships by user: the groups each user is in.
	userGroups map[int64]map[int64]struct{}
	// friends[owner][friend] is owner's remark for friend.
	friends map[int64]map[int64]string

	// Built on demand, dropped when stale, never modified once handed out. Views build
	// them concurrently: lists guards the building (friendLists, groupLists, and each
	// groupMembers' list and stale), where a write to the cache has it to itself.
	lists       sync.Mutex
	friendLists map[int64][]world.Friend
	groupLists  map[int64][]world.GroupSummary
}

func newCache() *cache {
	return &cache{
		meta: map[string]string{}, accounts: map[int64]world.Account{}, bots: map[int64]struct{}{}, groups: map[int64]world.Group{},
		members: map[int64]*groupMembers{}, userGroups: map[int64]map[int64]struct{}{},
		friends: map[int64]map[int64]string{}, friendLists: map[int64][]world.Friend{},
		groupLists: map[int64][]world.GroupSummary{},
	}
}

// loadCache reads every feature's piece of the cache. It runs with Store.mu held and no
// transaction open.
func loadCache(ctx context.Context, db *sql.DB) (*cache, error) {
	c := newCache()
	for _, f := range features {
		if f.load == nil {
			continue
		}
		if err := f.load(ctx, db, c); err != nil {
			return nil, fmt.Errorf("sqlite: loading the cache of %s: %w", f.name, err)
		}
	}
	return c, nil
}

// each runs q on db and calls scan for every row (a feature's load).
func each(ctx context.Context, db *sql.DB, q string, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var writeTarget = regexp.MustCompile(`(?is)^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(\w+)`)

// writesCached reports whether statement q writes a table some feature caches
// (feature.cached). A statement that writes one without saying what that does to the cache
// (tx.write) drops the whole cache at commit: a store method added without cache support
// stays correct, only slower.
func writesCached(q string) bool {
	m := writeTarget.FindStringSubmatch(q)
	if m == nil {
		return false
	}
	for _, f := range features {
		if slices.Contains(f.cached, strings.ToLower(m[1])) {
			return true
		}
	}
	return false
}

// writesCache is writesCached for every registered statement, computed once.
var writesCache = map[string]bool{}

func init() {
	for _, q := range queries {
		writesCache[q] = writesCached(q)
	}
}
