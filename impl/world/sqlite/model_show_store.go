package sqlite

import (
	"errors"

	"github.com/onespec/onespec/impl/world"
)

// modelShowStore keeps each account's chosen model name; it goes with its account.
type modelShowStore struct{ *tx }

func (t *tx) ModelShows() world.ModelShowStore { return modelShowStore{t} }

var _ = register(feature{
	name: "model_show",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS model_shows (user_id INTEGER PRIMARY KEY, model TEXT NOT NULL, show TEXT NOT NULL);`},
	tables:        []string{"model_shows"},
	forgetAccount: []string{`DELETE FROM model_shows WHERE user_id = ?1`},
})

var (
	qModelShow    = query(`SELECT user_id, model, show FROM model_shows WHERE user_id = ?`)
	qPutModelShow = query(`INSERT INTO model_shows (user_id, model, show) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET model = excluded.model, show = excluded.show`)
)

func (t modelShowStore) Get(userID int64) (world.ModelShow, bool, error) {
	var m world.ModelShow
	err := t.one("model show", qModelShow, []any{userID}, &m.UserID, &m.Model, &m.Show)
	if errors.Is(err, world.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}

func (t modelShowStore) Put(m world.ModelShow) error {
	_, err := t.exec(qPutModelShow, m.UserID, m.Model, m.Show)
	return err
}
