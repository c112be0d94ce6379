package sqlite

import "github.com/onespec/onespec/impl/world"

// groupNotifyStore keeps the group system messages: every join request and invitation with
// how it was handled. They go with their group and with the accounts they name. Their ids
// (rowids, not AUTOINCREMENT) start again at 1 in an emptied world, so a reset world numbers
// its messages as a fresh one does.
type groupNotifyStore struct{ *tx }

func (t *tx) GroupNotifies() world.GroupNotifyStore { return groupNotifyStore{t} }

var _ = register(feature{
	name: "group_notifies",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS group_notifies (id INTEGER PRIMARY KEY, flag TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
	group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, target_id INTEGER NOT NULL, comment TEXT NOT NULL, time INTEGER NOT NULL,
	state TEXT NOT NULL, operator_id INTEGER NOT NULL);`},
	tables:        []string{"group_notifies"},
	forgetGroup:   []string{`DELETE FROM group_notifies WHERE group_id = ?1`},
	forgetAccount: []string{`DELETE FROM group_notifies WHERE user_id = ?1 OR target_id = ?1`},
})

var (
	// A request sent again under its flag is pending again, as a new system message.
	qGroupNotifyReceived = query(`INSERT OR REPLACE INTO group_notifies (flag, kind, group_id, user_id, target_id, comment, time, state, operator_id)
	VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0)`)
	qGroupNotifyHandled = query(`UPDATE group_notifies SET state = ?, operator_id = ? WHERE flag = ?`)
	qGroupNotifies      = query(`SELECT id, flag, kind, group_id, user_id, target_id, comment, time, state, operator_id FROM group_notifies ORDER BY id DESC`)
)

func (t groupNotifyStore) Received(r world.GroupRequest) error {
	_, err := t.exec(qGroupNotifyReceived, r.Flag, r.Kind, r.GroupID, r.UserID, r.TargetID, r.Comment, r.Time)
	return err
}

func (t groupNotifyStore) Handled(flag string, state world.NotifyState, operatorID int64) error {
	_, err := t.exec(qGroupNotifyHandled, state, operatorID, flag)
	return err
}

func (t groupNotifyStore) All() ([]world.GroupNotify, error) {
	return list(t.tx, qGroupNotifies, nil, columns(func(n *world.GroupNotify) []any {
		return []any{&n.ID, &n.Flag, &n.Kind, &n.GroupID, &n.UserID, &n.TargetID, &n.Comment, &n.Time, &n.State, &n.OperatorID}
	}))
}
