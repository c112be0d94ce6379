package sqlite

import "github.com/onespec/onespec/impl/world"

// groupSignStore keeps groups' daily check-ins; they go with their group and with their
// member's account.
type groupSignStore struct{ *tx }

func (t *tx) GroupSigns() world.GroupSignStore { return groupSignStore{t} }

var _ = register(feature{
	name: "group_signs",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS group_signs (group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, day INTEGER NOT NULL,
	time INTEGER NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (group_id, day, user_id)) WITHOUT ROWID;`},
	tables:        []string{"group_signs"},
	forgetGroup:   []string{`DELETE FROM group_signs WHERE group_id = ?1`},
	forgetAccount: []string{`DELETE FROM group_signs WHERE user_id = ?1`},
})

var (
	qPutGroupSign = query(`INSERT OR REPLACE INTO group_signs (group_id, user_id, day, time, rank) VALUES (?, ?, ?, ?, ?)`)
	qGroupSign    = query(`SELECT group_id, user_id, day, time, rank FROM group_signs WHERE group_id = ? AND user_id = ? AND day = ?`)
	qGroupSigns   = query(`SELECT group_id, user_id, day, time, rank FROM group_signs WHERE group_id = ? AND day = ? ORDER BY rank`)
)

func (t groupSignStore) Put(s world.GroupSign) error {
	_, err := t.exec(qPutGroupSign, s.GroupID, s.UserID, s.Day, s.Time, s.Rank)
	return err
}

func signFields(s *world.GroupSign) []any {
	return []any{&s.GroupID, &s.UserID, &s.Day, &s.Time, &s.Rank}
}

func (t groupSignStore) Get(groupID, userID, day int64) (world.GroupSign, error) {
	var s world.GroupSign
	err := t.one("group sign", qGroupSign, []any{groupID, userID, day}, signFields(&s)...)
	return s, err
}

func (t groupSignStore) List(groupID, day int64) ([]world.GroupSign, error) {
	return list(t.tx, qGroupSigns, []any{groupID, day}, columns(signFields))
}
