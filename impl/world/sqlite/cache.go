package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
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
	// bots are the accounts that are bots.
	bots    map[int64]struct{}
	groups  map[int64]world.Group
	members map[int64]*groupMembers
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
	// list is the members with their accounts in order as last built (shared, never
	// modified); nil when the members changed since.
	list []world.MemberView
	// stale are the members whose entries in list are out of date: the next list call
	// copies list and patches them (a member sending sets their last-sent time), O(n) with a
	// small constant instead of a rebuild.
	stale map[int64]struct{}
}

// changed marks userID's entry in the built list out of date.
func (gm *groupMembers) changed(userID int64) {
	if gm.list == nil {
		return
	}
	if gm.stale == nil {
		gm.stale = map[int64]struct{}{}
	}
	gm.stale[userID] = struct{}{}
}

// dropList forgets the built list: who is a member changed.
func (gm *groupMembers) dropList() { gm.list, gm.stale = nil, nil }

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
		meta: map[string]string{}, accounts: map[int64]world.Account{}, bots: map[int64]struct{}{}, groups: map[int64]world.Group{},
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
			if err := r.Scan(&a.ID, &a.Nickname, &a.Sex, &a.Age, &a.Level, &a.Sign, &a.Area, &a.Bot); err != nil {
				return err
			}
			c.putAccount(a)
			return nil
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
	if a.Bot {
		c.bots[a.ID] = struct{}{}
	} else {
		delete(c.bots, a.ID)
	}
	// Accounts appear in friend and member lists; they change rarely (world files, the
	// control API), so dropping the lists they may be in is cheaper than tracking them.
	clear(c.friendLists)
	for g := range c.userGroups[a.ID] {
		c.members[g].changed(a.ID)
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
	if existed {
		gm.changed(m.UserID)
		return // a group list shows no membership field but the count
	}
	gm.dropList()
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
	gm.dropList()
	delete(c.userGroups[userID], groupID)
	clear(c.groupLists)
}

func (c *cache) putFriendship(owner, other int64, remark string) {
	f := c.friends[owner]
	if f == nil {
		f = map[int64]string{}
		c.friends[owner] = f
	}
	_, existed := f[other]
	f[other] = remark
	list, ok := c.friendLists[owner]
	if !ok {
		return
	}
	if i, found := slices.BinarySearchFunc(list, other, func(f world.Friend, id int64) int { return cmpInt(f.ID, id) }); existed && found {
		// A new remark: copy and patch the shared list rather than sort it again.
		list = slices.Clone(list)
		list[i].Remark = remark
		c.friendLists[owner] = list
		return
	}
	delete(c.friendLists, owner)
}

// receivingBots are the bots other than its sender that receive m: the private peer, or
// the group's members.
func (c *cache) receivingBots(m world.Message) []int64 {
	if m.Type != world.Grouped {
		if _, ok := c.bots[m.PeerID]; ok && m.PeerID != m.SenderID {
			return []int64{m.PeerID}
		}
		return nil
	}
	gm := c.members[m.GroupID]
	if gm == nil {
		return nil
	}
	var out []int64
	if len(c.bots) <= len(gm.order) {
		for id := range c.bots {
			if _, ok := gm.byUser[id]; ok && id != m.SenderID {
				out = append(out, id)
			}
		}
		return out
	}
	for _, id := range gm.order {
		if _, ok := c.bots[id]; ok && id != m.SenderID {
			out = append(out, id)
		}
	}
	return out
}

// memberList is a group's members in id order (shared: read only).
func (c *cache) memberList(groupID int64) []world.MemberView {
	gm := c.members[groupID]
	if gm == nil || len(gm.order) == 0 {
		return nil
	}
	if gm.list != nil && len(gm.stale) > 0 {
		list := slices.Clone(gm.list)
		for u := range gm.stale {
			i, found := slices.BinarySearchFunc(list, u, func(v world.MemberView, id int64) int { return cmpInt(v.UserID, id) })
			a, ok := c.accounts[u]
			if !found || !ok {
				list = nil // not in the list: build it afresh
				break
			}
			list[i] = world.MemberView{Membership: gm.byUser[u], Account: a}
		}
		gm.list, gm.stale = list, nil
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
	friends := c.friends[owner]
	ids := slices.Sorted(maps.Keys(friends))
	var list []world.Friend
	if len(ids) > 0 {
		list = make([]world.Friend, 0, len(ids))
	}
	for _, id := range ids {
		if a, ok := c.accounts[id]; ok {
			list = append(list, world.Friend{Account: a, Remark: friends[id]})
		}
	}
	c.friendLists[owner] = list
	return list
}

// groupList is the groups userID is in, in id order, with their member counts (shared: read
// only).
func (c *cache) groupList(userID int64) []world.GroupSummary {
	if l, ok := c.groupLists[userID]; ok {
		return l
	}
	in := c.userGroups[userID]
	ids := slices.Sorted(maps.Keys(in))
	var list []world.GroupSummary
	if len(ids) > 0 {
		list = make([]world.GroupSummary, 0, len(ids))
	}
	for _, id := range ids {
		if g, ok := c.groups[id]; ok {
			list = append(list, world.GroupSummary{Group: g, MemberCount: int32(len(c.members[id].byUser))})
		}
	}
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
