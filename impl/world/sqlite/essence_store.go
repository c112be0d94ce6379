package sqlite

import "github.com/onespec/onespec/impl/world"

// essenceStore keeps groups' essence messages; an essence goes with its group and with its
// message when retention prunes it.
type essenceStore struct{ *tx }

func (t *tx) Essence() world.EssenceStore { return essenceStore{t} }

var _ = register(feature{
	name: "essence",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS essences (group_id INTEGER NOT NULL, message_id INTEGER NOT NULL, operator_id INTEGER NOT NULL,
	time INTEGER NOT NULL, PRIMARY KEY (group_id, message_id)) WITHOUT ROWID;`},
	tables:         []string{"essences"},
	forgetGroup:    []string{`DELETE FROM essences WHERE group_id = ?1`},
	forgetMessages: []string{`DELETE FROM essences WHERE message_id IN (SELECT id FROM doomed)`},
})

var (
	qPutEssence = query(`INSERT OR REPLACE INTO essences (group_id, message_id, operator_id, time) VALUES (?, ?, ?, ?)`)
	qEssence    = query(`SELECT group_id, message_id, operator_id, time FROM essences WHERE group_id = ? AND message_id = ?`)
	qDelEssence = query(`DELETE FROM essences WHERE group_id = ? AND message_id = ?`)
	qEssences   = query(`SELECT group_id, message_id, operator_id, time FROM essences WHERE group_id = ? ORDER BY message_id`)
)

func (t essenceStore) Put(e world.Essence) error {
	_, err := t.exec(qPutEssence, e.GroupID, e.MessageID, e.OperatorID, e.Time)
	return err
}

func (t essenceStore) Get(groupID int64, messageID int32) (world.Essence, error) {
	var e world.Essence
	err := t.one("essence", qEssence, []any{groupID, messageID}, &e.GroupID, &e.MessageID, &e.OperatorID, &e.Time)
	return e, err
}

func (t essenceStore) Delete(groupID int64, messageID int32) error {
	_, err := t.exec(qDelEssence, groupID, messageID)
	return err
}

func (t essenceStore) List(groupID int64) ([]world.Essence, error) {
	return list(t.tx, qEssences, []any{groupID}, columns(func(e *world.Essence) []any {
		return []any{&e.GroupID, &e.MessageID, &e.OperatorID, &e.Time}
	}))
}
