package sqlite

import (
	"errors"

	"github.com/onespec/onespec/impl/world"
)

// urlSafetyStore keeps the safety levels scripted per URL.
type urlSafetyStore struct{ *tx }

func (t *tx) URLSafety() world.URLSafetyStore { return urlSafetyStore{t} }

var _ = register(feature{
	name: "url_safety",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS url_safety (url TEXT PRIMARY KEY, level INTEGER NOT NULL) WITHOUT ROWID;`},
	tables: []string{"url_safety"},
})

var (
	qURLSafety    = query(`SELECT level FROM url_safety WHERE url = ?`)
	qPutURLSafety = query(`INSERT INTO url_safety (url, level) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET level = excluded.level`)
)

func (t urlSafetyStore) Get(url string) (int32, bool, error) {
	var level int32
	err := t.one("url safety", qURLSafety, []any{url}, &level)
	if errors.Is(err, world.ErrNotFound) {
		return 0, false, nil
	}
	return level, err == nil, err
}

func (t urlSafetyStore) Put(url string, level int32) error {
	_, err := t.exec(qPutURLSafety, url, level)
	return err
}
