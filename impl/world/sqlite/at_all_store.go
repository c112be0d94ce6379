package sqlite

import "github.com/onespec/onespec/impl/world"

// atAllStore counts the @全体成员 mentions spent per group, account and day; the counts go
// with their group (and stay for an account that left: the group's quota was spent).
type atAllStore struct{ *tx }

func (t *tx) AtAll() world.AtAllStore { return atAllStore{t} }

var _ = register(feature{
	name: "at_all",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS at_all_spent (group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, day INTEGER NOT NULL,
	count INTEGER NOT NULL, PRIMARY KEY (group_id, day, user_id)) WITHOUT ROWID;`},
	tables:      []string{"at_all_spent"},
	forgetGroup: []string{`DELETE FROM at_all_spent WHERE group_id = ?1`},
})

var (
	qAtAllSpent = query(`SELECT coalesce(sum(count), 0), coalesce(sum(CASE WHEN user_id = ? THEN count END), 0) FROM at_all_spent WHERE group_id = ? AND day = ?`)
	qSpendAtAll = query(`INSERT INTO at_all_spent (group_id, user_id, day, count) VALUES (?, ?, ?, 1)
	ON CONFLICT (group_id, day, user_id) DO UPDATE SET count = count + 1`)
	// Older days are of no use: spending drops them.
	qForgetAtAll = query(`DELETE FROM at_all_spent WHERE group_id = ? AND day < ?`)
)

func (t atAllStore) Spent(groupID, userID, day int64) (group, member int, err error) {
	err = t.one("at-all quota", qAtAllSpent, []any{userID, groupID, day}, &group, &member)
	return group, member, err
}

func (t atAllStore) Spend(groupID, userID, day int64) error {
	if _, err := t.exec(qForgetAtAll, groupID, day); err != nil {
		return err
	}
	_, err := t.exec(qSpendAtAll, groupID, userID, day)
	return err
}
