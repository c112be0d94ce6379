package sqlite

import "github.com/onespec/onespec/impl/world"

// honorStore keeps each group's honors, in their order.
type honorStore struct{ *tx }

func (t *tx) Honors() world.HonorStore { return honorStore{t} }

var _ = register(feature{
	name: "honors",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS honors (group_id INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL,
	user_id INTEGER NOT NULL, description TEXT NOT NULL, day_count INTEGER NOT NULL,
	PRIMARY KEY (group_id, position)) WITHOUT ROWID;`},
	tables:      []string{"honors"},
	forgetGroup: []string{qDelHonors},
})

const qDelHonors = `DELETE FROM honors WHERE group_id = ?1`

var (
	qHonors   = query(`SELECT type, user_id, description, day_count FROM honors WHERE group_id = ? ORDER BY position`)
	qPutHonor = query(`INSERT INTO honors (group_id, position, type, user_id, description, day_count) VALUES (?, ?, ?, ?, ?, ?)`)
)

func (t honorStore) List(groupID int64) ([]world.Honor, error) {
	return list(t.tx, qHonors, []any{groupID}, columns(func(h *world.Honor) []any {
		return []any{&h.Type, &h.UserID, &h.Description, &h.DayCount}
	}))
}

func (t honorStore) Put(groupID int64, honors []world.Honor) error {
	if _, err := t.exec(qDelHonors, groupID); err != nil {
		return err
	}
	for i, h := range honors {
		if _, err := t.exec(qPutHonor, groupID, i, h.Type, h.UserID, h.Description, h.DayCount); err != nil {
			return err
		}
	}
	return nil
}
