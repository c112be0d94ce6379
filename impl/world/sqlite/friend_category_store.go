package sqlite

import "github.com/onespec/onespec/impl/world"

// friendCategoryStore keeps accounts' friend categories and which friend is in which; both go
// with their owner, and an assignment with the friend.
type friendCategoryStore struct{ *tx }

func (t *tx) FriendCategories() world.FriendCategoryStore { return friendCategoryStore{t} }

var _ = register(feature{
	name: "friend_categories",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS friend_categories (owner_id INTEGER NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL,
	sort INTEGER NOT NULL, PRIMARY KEY (owner_id, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS friend_category_members (owner_id INTEGER NOT NULL, friend_id INTEGER NOT NULL,
	category_id INTEGER NOT NULL, PRIMARY KEY (owner_id, friend_id)) WITHOUT ROWID;`},
	tables: []string{"friend_categories", "friend_category_members"},
	forgetAccount: []string{
		`DELETE FROM friend_categories WHERE owner_id = ?1`,
		`DELETE FROM friend_category_members WHERE owner_id = ?1 OR friend_id = ?1`,
	},
})

var (
	qFriendCategories  = query(`SELECT owner_id, id, name, sort FROM friend_categories WHERE owner_id = ? ORDER BY sort, id`)
	qPutFriendCategory = query(`INSERT INTO friend_categories (owner_id, id, name, sort) VALUES (?, ?, ?, ?)
		ON CONFLICT (owner_id, id) DO UPDATE SET name = excluded.name, sort = excluded.sort`)
	qFriendCategoryOf = query(`SELECT friend_id, category_id FROM friend_category_members WHERE owner_id = ?`)
	qAssignCategory   = query(`INSERT INTO friend_category_members (owner_id, friend_id, category_id) VALUES (?, ?, ?)
		ON CONFLICT (owner_id, friend_id) DO UPDATE SET category_id = excluded.category_id`)
	qUnassignCategory = query(`DELETE FROM friend_category_members WHERE owner_id = ? AND friend_id = ?`)
)

func (t friendCategoryStore) List(owner int64) ([]world.FriendCategory, error) {
	return list(t.tx, qFriendCategories, []any{owner}, columns(func(c *world.FriendCategory) []any {
		return []any{&c.OwnerID, &c.ID, &c.Name, &c.Sort}
	}))
}

func (t friendCategoryStore) Put(c world.FriendCategory) error {
	_, err := t.exec(qPutFriendCategory, c.OwnerID, c.ID, c.Name, c.Sort)
	return err
}

func (t friendCategoryStore) Of(owner int64) (map[int64]int32, error) {
	out := map[int64]int32{}
	err := t.all(qFriendCategoryOf, []any{owner}, func(scan func(...any) error) error {
		var friend int64
		var category int32
		err := scan(&friend, &category)
		out[friend] = category
		return err
	})
	return out, err
}

func (t friendCategoryStore) Assign(owner, friend int64, category int32) error {
	if category == world.DefaultCategory {
		_, err := t.exec(qUnassignCategory, owner, friend)
		return err
	}
	_, err := t.exec(qAssignCategory, owner, friend, category)
	return err
}
