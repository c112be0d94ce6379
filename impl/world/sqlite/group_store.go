package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/onespec/onespec/impl/world"
)

// groupStore keeps groups, cached (cache.groups, cache.groupLists).
type groupStore struct{ *tx }

func (t *tx) Groups() world.GroupStore { return groupStore{t} }

var _ = register(feature{
	name: "groups",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS chat_groups (
	id INTEGER PRIMARY KEY, name TEXT NOT NULL, memo TEXT NOT NULL, max_members INTEGER NOT NULL,
	whole_ban INTEGER NOT NULL, allow_anonymous INTEGER NOT NULL, created_at INTEGER NOT NULL,
	talkative TEXT);`},
	tables: []string{"chat_groups"},
	cached: []string{"chat_groups"},
	load: func(ctx context.Context, db *sql.DB, c *cache) error {
		return each(ctx, db, `SELECT `+groupCols+` FROM chat_groups`, func(r *sql.Rows) error {
			g, err := scanGroup(r.Scan)
			c.groups[g.ID] = g
			return err
		})
	},
})

const groupCols = `id, name, memo, max_members, whole_ban, allow_anonymous, created_at, talkative`

var (
	qGroup     = query(`SELECT ` + groupCols + ` FROM chat_groups WHERE id = ?`)
	qAllGroups = query(`SELECT ` + groupCols + ` FROM chat_groups ORDER BY id`)
	qPutGroup  = query(`INSERT INTO chat_groups (` + groupCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, memo = excluded.memo,
		max_members = excluded.max_members, whole_ban = excluded.whole_ban, allow_anonymous = excluded.allow_anonymous,
		created_at = excluded.created_at, talkative = excluded.talkative`)
	qDelGroup = query(`DELETE FROM chat_groups WHERE id = ?1`)
	qGroupsOf = query(`SELECT g.id, g.name, g.memo, g.max_members, g.whole_ban, g.allow_anonymous, g.created_at, g.talkative,
		(SELECT count(*) FROM members c WHERE c.group_id = g.id), m.group_remark
		FROM members m JOIN chat_groups g ON g.id = m.group_id WHERE m.user_id = ? ORDER BY g.id`)
)

func scanGroup(scan func(...any) error, extra ...any) (world.Group, error) {
	var g world.Group
	var talkative sql.NullString
	if err := scan(append([]any{&g.ID, &g.Name, &g.Memo, &g.MaxMembers, &g.WholeBan, &g.AllowAnonymous, &g.CreatedAt, &talkative}, extra...)...); err != nil {
		return g, err
	}
	if talkative.Valid {
		g.Talkative = &world.Honor{}
		if err := json.Unmarshal([]byte(talkative.String), g.Talkative); err != nil {
			return g, fmt.Errorf("group %d talkative: %w", g.ID, err)
		}
	}
	return g, nil
}

func (t groupStore) Get(id int64) (world.Group, error) {
	if t.c != nil {
		g, ok := t.c.groups[id]
		if !ok {
			return g, fmt.Errorf("group %d: %w", id, world.ErrNotFound)
		}
		return g, nil
	}
	var g world.Group
	found := false
	err := t.all(qGroup, []any{id}, func(scan func(...any) error) error {
		var err error
		g, err = scanGroup(scan)
		found = true
		return err
	})
	if err == nil && !found {
		err = fmt.Errorf("group %d: %w", id, world.ErrNotFound)
	}
	return g, err
}

func (t groupStore) Put(g world.Group) error {
	var talkative sql.NullString
	if g.Talkative != nil {
		b, err := json.Marshal(g.Talkative)
		if err != nil {
			return err
		}
		talkative = sql.NullString{String: string(b), Valid: true}
	}
	return t.write(qPutGroup, func(c *cache) { c.putGroup(g) }, g.ID, g.Name, g.Memo, g.MaxMembers, g.WholeBan, g.AllowAnonymous, g.CreatedAt, talkative)
}

// Delete runs every feature's forgetGroup, then deletes the group. The cache follows through
// deleteGroup, which drops every cached piece keyed by the group (its members).
func (t groupStore) Delete(id int64) error {
	t.shaped = true
	for _, f := range features {
		for _, q := range f.forgetGroup {
			if err := t.write(q, nil, id); err != nil {
				return err
			}
		}
	}
	return t.write(qDelGroup, func(c *cache) { c.deleteGroup(id) }, id)
}

func (t groupStore) Of(userID int64) ([]world.GroupSummary, error) {
	if t.c != nil {
		return t.c.groupList(userID), nil
	}
	return list(t.tx, qGroupsOf, []any{userID}, func(scan func(...any) error) (world.GroupSummary, error) {
		var count int32
		var remark string
		g, err := scanGroup(scan, &count, &remark)
		return world.GroupSummary{Group: g, MemberCount: count, Remark: remark}, err
	})
}

func (t groupStore) All() ([]world.Group, error) {
	return list(t.tx, qAllGroups, nil, func(scan func(...any) error) (world.Group, error) { return scanGroup(scan) })
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

// groupList is the groups userID is in, in id order, with their member counts (shared: read
// only).
func (c *cache) groupList(userID int64) []world.GroupSummary {
	c.lists.Lock()
	defer c.lists.Unlock()
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
			gm := c.members[id]
			list = append(list, world.GroupSummary{Group: g, MemberCount: int32(len(gm.byUser)), Remark: gm.byUser[userID].GroupRemark})
		}
	}
	c.groupLists[userID] = list
	return list
}
