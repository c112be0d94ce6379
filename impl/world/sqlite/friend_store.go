package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"

	"github.com/onespec/onespec/impl/world"
)

// friendStore keeps friendships, cached (cache.friends, cache.friendLists). Its likes table
// is what earlier onespecs counted likes in: the likes feature (like_store.go) took them over.
type friendStore struct{ *tx }

func (t *tx) Friends() world.FriendStore { return friendStore{t} }

var _ = register(feature{
	name: "friends",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS friendships (
	owner_id INTEGER NOT NULL REFERENCES accounts(id), friend_id INTEGER NOT NULL REFERENCES accounts(id),
	remark TEXT NOT NULL, PRIMARY KEY (owner_id, friend_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS likes (from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, count INTEGER NOT NULL,
	PRIMARY KEY (from_id, to_id)) WITHOUT ROWID;`},
	tables: []string{"friendships", "likes"},
	cached: []string{"friendships"},
	load: func(ctx context.Context, db *sql.DB, c *cache) error {
		return each(ctx, db, `SELECT owner_id, friend_id, remark FROM friendships`, func(r *sql.Rows) error {
			var owner, friend int64
			var remark string
			err := r.Scan(&owner, &friend, &remark)
			c.putFriendship(owner, friend, remark)
			return err
		})
	},
	forgetAccount: []string{
		`DELETE FROM friendships WHERE owner_id = ?1 OR friend_id = ?1`,
		`DELETE FROM likes WHERE from_id = ?1 OR to_id = ?1`,
	},
})

var (
	qFriends = query(`SELECT ` + accountColsA + `, f.remark
		FROM friendships f JOIN accounts a ON a.id = f.friend_id WHERE f.owner_id = ? ORDER BY a.id`)
	qFriendship    = query(`SELECT remark FROM friendships WHERE owner_id = ? AND friend_id = ?`)
	qPutFriendship = query(`INSERT INTO friendships (owner_id, friend_id, remark) VALUES (?, ?, ?)
		ON CONFLICT (owner_id, friend_id) DO UPDATE SET remark = excluded.remark`)
	qDelFriendship = query(`DELETE FROM friendships WHERE owner_id = ? AND friend_id = ?`)
)

func (t friendStore) List(owner int64) ([]world.Friend, error) {
	if t.c != nil {
		return t.c.friendList(owner), nil
	}
	return list(t.tx, qFriends, []any{owner}, columns(func(f *world.Friend) []any {
		return append(accountPtrs(&f.Account), &f.Remark)
	}))
}

func (t friendStore) Remark(owner, other int64) (string, bool, error) {
	if t.c != nil {
		remark, ok := t.c.friends[owner][other]
		return remark, ok, nil
	}
	var remark string
	err := t.one("friendship", qFriendship, []any{owner, other}, &remark)
	if errors.Is(err, world.ErrNotFound) {
		return "", false, nil
	}
	return remark, err == nil, err
}

func (t friendStore) Put(owner, other int64, remark string) error {
	return t.write(qPutFriendship, func(c *cache) { c.putFriendship(owner, other, remark) }, owner, other, remark)
}

// Delete writes the friendships through exec: the cache is dropped at commit (friendships
// end rarely).
func (t friendStore) Delete(owner, other int64) error {
	_, err := t.exec(qDelFriendship, owner, other)
	return err
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

// friendList is owner's friends in id order (shared: read only).
func (c *cache) friendList(owner int64) []world.Friend {
	c.lists.Lock()
	defer c.lists.Unlock()
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
