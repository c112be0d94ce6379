package sqlite

import (
	"errors"

	"github.com/onespec/onespec/impl/world"
)

// anonymousStore keeps the anonymous flags seen in groups and their mutes.
type anonymousStore struct{ *tx }

func (t *tx) Anonymous() world.AnonymousStore { return anonymousStore{t} }

var _ = register(feature{
	name: "anonymous",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS anonymous (group_id INTEGER NOT NULL, flag TEXT NOT NULL, muted_until INTEGER NOT NULL,
	PRIMARY KEY (group_id, flag)) WITHOUT ROWID;`},
	tables:      []string{"anonymous"},
	forgetGroup: []string{`DELETE FROM anonymous WHERE group_id = ?1`},
})

var (
	qAnonymous    = query(`SELECT muted_until FROM anonymous WHERE group_id = ? AND flag = ?`)
	qPutAnonymous = query(`INSERT OR REPLACE INTO anonymous (group_id, flag, muted_until) VALUES (?, ?, ?)`)
)

func (t anonymousStore) Muted(groupID int64, flag string) (int64, bool, error) {
	var until int64
	err := t.one("anonymous", qAnonymous, []any{groupID, flag}, &until)
	if errors.Is(err, world.ErrNotFound) {
		return 0, false, nil
	}
	return until, err == nil, err
}

func (t anonymousStore) Put(groupID int64, flag string, until int64) error {
	_, err := t.exec(qPutAnonymous, groupID, flag, until)
	return err
}
