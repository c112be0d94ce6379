package sqlite

import (
	"errors"

	"github.com/onespec/onespec/impl/world"
)

// mediaIndex is the list of stored media files with their sizes. Clear keeps it: the files
// go once no message refers to them (Unreferenced).
type mediaIndex struct{ *tx }

func (t *tx) Media() world.MediaIndex { return mediaIndex{t} }

var _ = register(feature{
	name:       "media",
	migrations: []string{`CREATE TABLE IF NOT EXISTS media (hash TEXT PRIMARY KEY, size INTEGER NOT NULL) WITHOUT ROWID;`},
})

var (
	qPutMedia     = query(`INSERT OR IGNORE INTO media (hash, size) VALUES (?, ?)`)
	qUnreferenced = query(`SELECT hash FROM media WHERE hash NOT IN (SELECT hash FROM message_media) AND hash NOT IN (SELECT hash FROM custom_faces) AND hash NOT IN (SELECT hash FROM online_files) AND hash NOT IN (SELECT hash FROM flash_files)`)
	qDelMedia     = query(`DELETE FROM media WHERE hash = ?`)
	// A cached file naming gone media goes with it.
	qDelMediaFiles = query(`DELETE FROM files WHERE hash = ?`)
	qMediaBytes    = query(`SELECT coalesce(sum(size), 0) FROM media`)
	qHasMedia      = query(`SELECT 1 FROM media WHERE hash = ?`)
	qMediaMessages = query(`SELECT message_id FROM message_media WHERE hash = ? ORDER BY message_id`)
)

func (t mediaIndex) Put(hash string, size int64) error {
	_, err := t.exec(qPutMedia, hash, size)
	return err
}

func (t mediaIndex) Has(hash string) (bool, error) {
	var one int
	err := t.one("media", qHasMedia, []any{hash}, &one)
	if errors.Is(err, world.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (t mediaIndex) Messages(hash string) ([]int32, error) {
	return list(t.tx, qMediaMessages, []any{hash}, columns(func(id *int32) []any { return []any{id} }))
}

func (t mediaIndex) Bytes() (int64, error) {
	var n int64
	err := t.one("media bytes", qMediaBytes, nil, &n)
	return n, err
}

func (t mediaIndex) Unreferenced() ([]string, error) {
	out, err := list(t.tx, qUnreferenced, nil, columns(func(h *string) []any { return []any{h} }))
	if err != nil {
		return nil, err
	}
	for _, h := range out {
		if _, err := t.exec(qDelMedia, h); err != nil {
			return nil, err
		}
		if _, err := t.exec(qDelMediaFiles, h); err != nil {
			return nil, err
		}
	}
	return out, nil
}
