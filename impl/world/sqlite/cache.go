package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/onespec/onespec/impl/world"
)

// cache is the committed state of the small tables almost every operation reads and few
// write: meta, accounts, groups, memberships and friendships. Reading them from SQLite cost
// most of an action (a get_group_member_info was five queries); from here it is a map lookup.
//
// Writes go through to SQLite in the transaction and are queued as cache operations that
// apply only once that transaction has committed (a rolled-back one leaves the cache as it
// was). A transaction that has written a cached table reads those tables from SQLite until it
// ends, so it sees its own writes. Every transaction holds Store.mu, so the cache never differs
// from the database as any transaction sees it.
//
// The lists (a group's members, an owner's friends, a user's groups) are built once and then
// shared with every caller until a write makes them stale: a 3,000-member group costs one
// O(n) rebuild after a change, not a copy and a sort per call.
type cache struct {
	meta     map[string]string
	accounts map[int64]world.Account
	groups   map[int64]world.Group
	members  map[int64]*groupMembers
	// userGroups indexes memberships by user: the groups each user is in.
	userGroups map[int64]map[int64]struct{}
	// friends[owner][friend] is owner's remark for friend.
	friends map[int64]map[int64]string

	// Built on demand, dropped when stale, never modified once handed out.
	friendLists map[int64][]world.Friend
	groupLists  map[int64][]world.GroupSummary
}

// groupMembers are the memberships of one group.
type groupMembers struct {
	byUser map[int64]world.Membership
	// order is the members' ids, sorted.
	order []int64
	// list is the members with their accounts in order, nil when stale.
	list []world.MemberView
}

// get is the membership of userID; gm may be nil (a group without cached members).
func (gm *groupMembers) get(userID int64) (world.Membership, bool) {
	if gm == nil {
		return world.Membership{}, false
	}
	m, ok := gm.byUser[userID]
	return m, ok
}

// loadCache reads the cached tables whole. It runs with Store.mu held and no transaction open.
func loadCache(ctx context.Context, db *sql.DB) (*cache, error) {
	c := &cache{
		meta: map[string]string{}, accounts: map[int64]world.Account{}, groups: map[int64]world.Group{},
		members: map[int64]*groupMembers{}, userGroups: map[int64]map[int64]struct{}{},
		friends: map[int64]map[int64]string{}, friendLists: map[int64][]world.Friend{},
		groupLists: map[int64][]world.GroupSummary{},
	}
	each := func(q string, scan func(*sql.Rows) error) error {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("sqlite: loading the cache: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("sqlite: loading the cache: %w", err)
			}
		}
		return rows.Err()
	}
	err := each(`SELECT key, value FROM meta`, func(r *sql.Rows) error {
		var k, v string
		err := r.Scan(&k, &v)
		c.meta[k] = v
		return err
	})
	if err == nil {
		err = each(`SELECT id, nickname, sex, age, level, sign, area, bot FROM accounts`, func(r *sql.Rows) error {
			var a world.Account
			err := r.Scan(&a.ID, &a.Nickname, &a.Sex, &a.Age, &a.Level, &a.Sign, &a.Area, &a.Bot)
			c.accounts[a.ID] = a
			return err
		})
	}
	if err == nil {
		err = each(`SELECT id, name, memo, max_members, whole_ban, allow_anonymous, created_at, talkative FROM chat_groups`, func(r *sql.Rows) error {
			g, err := scanGroup(r.Scan)
			c.groups[g.ID] = g
			return err
		})
	}
	if err == nil {
		// Sorted, so each group's order is built by appending.
		err = each(`SELECT `+memberCols+` FROM members m ORDER BY m.group_id, m.user_id`, func(r *sql.Rows) error {
			var m world.Membership
			if err := r.Scan(memberPtrs(&m)...); err != nil {
				return err
			}
			c.putMembership(m)
			return nil
		})
	}
	if err == nil {
		err = each(`SELECT owner_id, friend_id, remark FROM friendships`, func(r *sql.Rows) error {
			var owner, friend int64
			var remark string
			err := r.Scan(&owner, &friend, &remark)
			c.putFriendship(owner, friend, remark)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *cache) putAccount(a world.Account) {
	c.accounts[a.ID] = a
	// Accounts appear in friend and member lists; they change rarely (world files, the
	// control API), so dropping the lists they may be in is cheaper than tracking them.
	clear(c.friendLists)
	for g := range c.userGroups[a.ID] {
		c.members[g].list = nil
	}
}

func (c *cache) putGroup(g world.Group) {
	c.groups[g.ID] = g
	clear(c.groupLists)
}

func (c *cache) deleteGroup(id int64) {
	delete(c.groups, id)
	if gm := c.members[id]; gm != nil {
		for _, u := range gm.order {
			delete(c.userGroups[u], id)
		}
	}
	delete(c.members, id)
	clear(c.groupLists)
}

func (c *cache) putMembership(m world.Membership) {
	gm := c.members[m.GroupID]
	if gm == nil {
		gm = &groupMembers{byUser: map[int64]world.Membership{}}
		c.members[m.GroupID] = gm
	}
	_, existed := gm.byUser[m.UserID]
	gm.byUser[m.UserID] = m
	gm.list = nil
	if existed {
		return // a group list shows no membership field but the count
	}
	if i, found := slices.BinarySearch(gm.order, m.UserID); !found {
		gm.order = slices.Insert(gm.order, i, m.UserID)
	}
	ug := c.userGroups[m.UserID]
	if ug == nil {
		ug = map[int64]struct{}{}
		c.userGroups[m.UserID] = ug
	}
	ug[m.GroupID] = struct{}{}
	clear(c.groupLists)
}

func (c *cache) deleteMembership(groupID, userID int64) {
	gm := c.members[groupID]
	if gm == nil {
		return
	}
	if _, ok := gm.byUser[userID]; !ok {
		return
	}
	delete(gm.byUser, userID)
	if i, found := slices.BinarySearch(gm.order, userID); found {
		gm.order = slices.Delete(gm.order, i, i+1)
	}
	gm.list = nil
	delete(c.userGroups[userID], groupID)
	clear(c.groupLists)
}

func (c *cache) putFriendship(owner, other int64, remark string) {
	f := c.friends[owner]
	if f == nil {
		f = map[int64]string{}
		c.friends[owner] = f
	}
	f[other] = remark
	delete(c.friendLists, owner)
}

// memberList is a group's members in id order (shared: read only).
func (c *cache) memberList(groupID int64) []world.MemberView {
	gm := c.members[groupID]
	if gm == nil || len(gm.order) == 0 {
		return nil
	}
	if gm.list == nil {
		list := make([]world.MemberView, 0, len(gm.order))
		for _, u := range gm.order {
			a, ok := c.accounts[u]
			if !ok { // the SQL join's semantics; foreign keys keep it from happening
				continue
			}
			list = append(list, world.MemberView{Membership: gm.byUser[u], Account: a})
		}
		gm.list = list
	}
	return gm.list
}

// friendList is owner's friends in id order (shared: read only).
func (c *cache) friendList(owner int64) []world.Friend {
	if l, ok := c.friendLists[owner]; ok {
		return l
	}
	var list []world.Friend
	for id, remark := range c.friends[owner] {
		if a, ok := c.accounts[id]; ok {
			list = append(list, world.Friend{Account: a, Remark: remark})
		}
	}
	slices.SortFunc(list, func(a, b world.Friend) int { return cmpInt(a.ID, b.ID) })
	c.friendLists[owner] = list
	return list
}

// groupList is the groups userID is in, in id order, with their member counts (shared: read
// only).
func (c *cache) groupList(userID int64) []world.GroupSummary {
	if l, ok := c.groupLists[userID]; ok {
		return l
	}
	var list []world.GroupSummary
	for id := range c.userGroups[userID] {
		if g, ok := c.groups[id]; ok {
			list = append(list, world.GroupSummary{Group: g, MemberCount: int32(len(c.members[id].byUser))})
		}
	}
	slices.SortFunc(list, func(a, b world.GroupSummary) int { return cmpInt(a.ID, b.ID) })
	c.groupLists[userID] = list
	return list
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

// cachedTables are the tables the cache mirrors. A statement that writes one of them without
// saying what that does to the cache (tx.write) drops the whole cache at commit: a Tx method
// added without cache support stays correct, only slower.
var cachedTables = map[string]bool{"meta": true, "accounts": true, "chat_groups": true, "members": true, "friendships": true}

var writeTarget = regexp.MustCompile(`(?is)^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(\w+)`)

// writesCached reports whether statement q writes a cached table.
func writesCached(q string) bool {
	m := writeTarget.FindStringSubmatch(q)
	return m != nil && cachedTables[strings.ToLower(m[1])]
}

// writesCache is writesCached for every registered statement, computed once.
var writesCache = map[string]bool{}

func init() {
	for _, q := range queries {
		writesCache[q] = writesCached(q)
	}
}
