package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/onespec/onespec/impl/world"
)

// metaStore is the world's settings, cached whole (cache.meta).
type metaStore struct{ *tx }

func (t *tx) Meta() world.MetaStore { return metaStore{t} }

var _ = register(feature{
	name:       "meta",
	migrations: []string{`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`},
	tables:     []string{"meta"},
	cached:     []string{"meta"},
	load: func(ctx context.Context, db *sql.DB, c *cache) error {
		return each(ctx, db, `SELECT key, value FROM meta`, func(r *sql.Rows) error {
			var k, v string
			err := r.Scan(&k, &v)
			c.meta[k] = v
			return err
		})
	},
})

var (
	qMeta    = query(`SELECT value FROM meta WHERE key = ?`)
	qSetMeta = query(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
)

func (t metaStore) Get(key string) (string, bool, error) {
	if t.c != nil {
		v, ok := t.c.meta[key]
		return v, ok, nil
	}
	var v string
	err := t.one("meta "+key, qMeta, []any{key}, &v)
	if errors.Is(err, world.ErrNotFound) {
		return "", false, nil
	}
	return v, err == nil, err
}

func (t metaStore) Set(key, value string) error {
	return t.write(qSetMeta, func(c *cache) { c.meta[key] = value }, key, value)
}
