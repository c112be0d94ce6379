package sqlite

import (
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// fileStore is the cache of received image and voice files.
type fileStore struct{ *tx }

func (t *tx) Files() world.FileStore { return fileStore{t} }

var _ = register(feature{
	name: "files",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS files (kind TEXT NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL, size INTEGER NOT NULL,
	hash TEXT NOT NULL, PRIMARY KEY (kind, name)) WITHOUT ROWID;`},
	tables: []string{"files"},
})

var (
	qFile    = query(`SELECT name, kind, url, size, hash FROM files WHERE kind = ? AND name = ?`)
	qPutFile = query(`INSERT OR REPLACE INTO files (kind, name, url, size, hash) VALUES (?, ?, ?, ?, ?)`)
)

func (t fileStore) Get(kind world.FileKind, name string) (world.File, error) {
	var f world.File
	err := t.one(fmt.Sprintf("%s %q", kind, name), qFile, []any{kind, name}, &f.Name, &f.Kind, &f.URL, &f.Size, &f.Hash)
	return f, err
}

func (t fileStore) Put(f world.File) error {
	_, err := t.exec(qPutFile, f.Kind, f.Name, f.URL, f.Size, f.Hash)
	return err
}
