package sqlite

import (
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// flashStore keeps the flash transfer file sets (闪传) and their files; a set goes with its
// owner. A file's hash keeps the media file (media_store.go's Unreferenced).
type flashStore struct{ *tx }

func (t *tx) Flash() world.FlashStore { return flashStore{t} }

var _ = register(feature{
	name:  "flash",
	media: []string{`SELECT hash FROM flash_files`},
	migrations: []string{`
CREATE TABLE IF NOT EXISTS flash_sets (number INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, code TEXT NOT NULL UNIQUE, owner_id INTEGER NOT NULL,
	name TEXT NOT NULL, time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS flash_files (set_id TEXT NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
	hash TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (set_id, idx));`},
	tables: []string{"flash_files", "flash_sets"},
	forgetAccount: []string{
		`DELETE FROM flash_files WHERE set_id IN (SELECT id FROM flash_sets WHERE owner_id = ?1)`,
		`DELETE FROM flash_sets WHERE owner_id = ?1`,
	},
})

const (
	flashSetColumns  = `id, code, owner_id, name, time`
	flashFileColumns = `set_id, idx, name, size, hash, url`
)

var (
	qPutFlashSet  = query(`INSERT INTO flash_sets (` + flashSetColumns + `) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET code = excluded.code, owner_id = excluded.owner_id, name = excluded.name, time = excluded.time`)
	qFlashSet     = query(`SELECT ` + flashSetColumns + ` FROM flash_sets WHERE id = ?`)
	qFlashSetCode = query(`SELECT ` + flashSetColumns + ` FROM flash_sets WHERE code = ?`)
	qPutFlashFile = query(`INSERT OR REPLACE INTO flash_files (` + flashFileColumns + `) VALUES (?, ?, ?, ?, ?, ?)`)
	qFlashFiles   = query(`SELECT ` + flashFileColumns + ` FROM flash_files WHERE set_id = ? ORDER BY idx`)
	qNextFlashSet = query(`SELECT coalesce(max(number), 0) + 1 FROM flash_sets`)
)

func flashSetFields(s *world.FlashSet) []any {
	return []any{&s.ID, &s.Code, &s.OwnerID, &s.Name, &s.Time}
}

func flashFileFields(f *world.FlashFile) []any {
	return []any{&f.SetID, &f.Index, &f.Name, &f.Size, &f.Hash, &f.URL}
}

func (t flashStore) PutSet(s world.FlashSet) error {
	_, err := t.exec(qPutFlashSet, s.ID, s.Code, s.OwnerID, s.Name, s.Time)
	return err
}

func (t flashStore) Set(id string) (world.FlashSet, error) {
	var s world.FlashSet
	err := t.one(fmt.Sprintf("flash set %q", id), qFlashSet, []any{id}, flashSetFields(&s)...)
	return s, err
}

func (t flashStore) ByCode(code string) (world.FlashSet, error) {
	var s world.FlashSet
	err := t.one(fmt.Sprintf("flash set of share code %q", code), qFlashSetCode, []any{code}, flashSetFields(&s)...)
	return s, err
}

func (t flashStore) PutFile(f world.FlashFile) error {
	_, err := t.exec(qPutFlashFile, f.SetID, f.Index, f.Name, f.Size, f.Hash, f.URL)
	return err
}

func (t flashStore) Files(setID string) ([]world.FlashFile, error) {
	return list(t.tx, qFlashFiles, []any{setID}, columns(flashFileFields))
}

func (t flashStore) NextNumber() (int64, error) {
	var n int64
	err := t.one("next flash set number", qNextFlashSet, nil, &n)
	return n, err
}
