package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/onespec/onespec/impl/world"
)

// memberStore keeps memberships, cached (cache.members, cache.userGroups), and each group's
// block list.
type memberStore struct{ *tx }

func (t *tx) Members() world.MemberStore { return memberStore{t} }

var _ = register(feature{
	name: "members",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS members (
	group_id INTEGER NOT NULL REFERENCES chat_groups(id), user_id INTEGER NOT NULL REFERENCES accounts(id),
	role TEXT NOT NULL, card TEXT NOT NULL, level TEXT NOT NULL, title TEXT NOT NULL,
	title_expire_time INTEGER NOT NULL, join_time INTEGER NOT NULL, last_sent_time INTEGER NOT NULL,
	muted_until INTEGER NOT NULL, PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_by_user ON members(user_id, group_id);
CREATE TABLE IF NOT EXISTS blocked (group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;`,
		// Each member's own remark for the group (群备注).
		`ALTER TABLE members ADD COLUMN group_remark TEXT NOT NULL DEFAULT '';`},
	tables: []string{"members", "blocked"},
	cached: []string{"members"},
	load: func(ctx context.Context, db *sql.DB, c *cache) error {
		// Sorted, so each group's order is built by appending.
		return each(ctx, db, `SELECT `+memberCols+` FROM members m ORDER BY m.group_id, m.user_id`, func(r *sql.Rows) error {
			var m world.Membership
			if err := r.Scan(memberPtrs(&m)...); err != nil {
				return err
			}
			c.putMembership(m)
			return nil
		})
	},
	forgetAccount: []string{
		`DELETE FROM members WHERE user_id = ?1`,
		`DELETE FROM blocked WHERE user_id = ?1`,
	},
	forgetGroup: []string{
		`DELETE FROM members WHERE group_id = ?1`,
		`DELETE FROM blocked WHERE group_id = ?1`,
	},
})

const memberCols = `m.group_id, m.user_id, m.role, m.card, m.level, m.title, m.title_expire_time, m.join_time, m.last_sent_time, m.muted_until, m.group_remark`

var (
	qMembership    = query(`SELECT ` + memberCols + ` FROM members m WHERE m.group_id = ? AND m.user_id = ?`)
	qPutMembership = query(`INSERT OR REPLACE INTO members (group_id, user_id, role, card, level, title, title_expire_time,
		join_time, last_sent_time, muted_until, group_remark) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	qDelMembership = query(`DELETE FROM members WHERE group_id = ? AND user_id = ?`)
	qMembers       = query(`SELECT ` + memberCols + `, ` + accountColsA + `
		FROM members m JOIN accounts a ON a.id = m.user_id WHERE m.group_id = ? ORDER BY m.user_id`)
	qBlock   = query(`INSERT OR IGNORE INTO blocked (group_id, user_id) VALUES (?, ?)`)
	qBlocked = query(`SELECT 1 FROM blocked WHERE group_id = ? AND user_id = ?`)
)

func memberPtrs(m *world.Membership) []any {
	return []any{&m.GroupID, &m.UserID, &m.Role, &m.Card, &m.Level, &m.Title, &m.TitleExpireTime, &m.JoinTime, &m.LastSentTime, &m.MutedUntil, &m.GroupRemark}
}

func (t memberStore) Get(groupID, userID int64) (world.Membership, error) {
	if t.c != nil {
		if m, ok := t.c.members[groupID].get(userID); ok {
			return m, nil
		}
		return world.Membership{}, fmt.Errorf("user %d in group %d: %w", userID, groupID, world.ErrNotFound)
	}
	var m world.Membership
	err := t.one(fmt.Sprintf("user %d in group %d", userID, groupID), qMembership, []any{groupID, userID}, memberPtrs(&m)...)
	return m, err
}

func (t memberStore) Put(m world.Membership) error {
	if t.c != nil {
		if old, ok := t.c.members[m.GroupID].get(m.UserID); ok && old == m {
			// Unchanged (a member sending again within the second): nothing to write.
			return nil
		}
	}
	if _, ok := t.s.cache.members[m.GroupID].get(m.UserID); !ok {
		t.shaped = true // a new member
	}
	return t.write(qPutMembership, func(c *cache) { c.putMembership(m) },
		m.GroupID, m.UserID, m.Role, m.Card, m.Level, m.Title, m.TitleExpireTime, m.JoinTime, m.LastSentTime, m.MutedUntil, m.GroupRemark)
}

func (t memberStore) Delete(groupID, userID int64) error {
	t.shaped = true
	return t.write(qDelMembership, func(c *cache) { c.deleteMembership(groupID, userID) }, groupID, userID)
}

func (t memberStore) List(groupID int64) ([]world.MemberView, error) {
	if t.c != nil {
		return t.c.memberList(groupID), nil
	}
	return list(t.tx, qMembers, []any{groupID}, columns(func(v *world.MemberView) []any {
		return append(memberPtrs(&v.Membership), accountPtrs(&v.Account)...)
	}))
}

func (t memberStore) Block(groupID, userID int64) error {
	_, err := t.exec(qBlock, groupID, userID)
	return err
}

func (t memberStore) Blocked(groupID, userID int64) (bool, error) {
	var one int
	err := t.one("blocked", qBlocked, []any{groupID, userID}, &one)
	if errors.Is(err, world.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
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

func (c *cache) putMembership(m world.Membership) {
	gm := c.members[m.GroupID]
	if gm == nil {
		gm = &groupMembers{byUser: map[int64]world.Membership{}}
		c.members[m.GroupID] = gm
	}
	old, existed := gm.byUser[m.UserID]
	gm.byUser[m.UserID] = m
	if existed {
		gm.changed(m.UserID)
		if old.GroupRemark != m.GroupRemark {
			delete(c.groupLists, m.UserID) // the member's group list shows its remark
		}
		return // a group list shows no other membership field, only the count
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

// memberList is a group's members in id order (shared: read only).
func (c *cache) memberList(groupID int64) []world.MemberView {
	c.lists.Lock()
	defer c.lists.Unlock()
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
