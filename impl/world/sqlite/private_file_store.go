package sqlite

import (
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// privateFileStore keeps the files accounts sent each other; their bytes are in the media
// store (hash), or inline when the world keeps no media files. They go with either account.
type privateFileStore struct{ *tx }

func (t *tx) PrivateFiles() world.PrivateFileStore { return privateFileStore{t} }

var _ = register(feature{
	name: "private_files",
	migrations: []string{`
CREATE TABLE private_files (id TEXT PRIMARY KEY, sender_id INTEGER NOT NULL, peer_id INTEGER NOT NULL, name TEXT NOT NULL,
	size INTEGER NOT NULL, time INTEGER NOT NULL, hash TEXT NOT NULL, content BLOB) WITHOUT ROWID;
CREATE INDEX private_files_by_hash ON private_files(hash);`},
	tables:        []string{"private_files"},
	forgetAccount: []string{`DELETE FROM private_files WHERE sender_id = ?1 OR peer_id = ?1`},
	media:         []string{`SELECT hash FROM private_files`},
})

var (
	qPutPrivateFile    = query(`INSERT INTO private_files (id, sender_id, peer_id, name, size, time, hash, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	qPrivateFile       = query(`SELECT id, sender_id, peer_id, name, size, time, hash FROM private_files WHERE id = ?`)
	qPrivateFileByHash = query(`SELECT id, sender_id, peer_id, name, size, time, hash, content FROM private_files WHERE hash = ? ORDER BY content IS NULL LIMIT 1`)
)

func (t privateFileStore) Put(f world.PrivateFile) error {
	_, err := t.exec(qPutPrivateFile, f.ID, f.SenderID, f.PeerID, f.Name, f.Size, f.Time, f.Hash, f.Content)
	return err
}

func (t privateFileStore) Get(id string) (world.PrivateFile, error) {
	var f world.PrivateFile
	err := t.one(fmt.Sprintf("private file %q", id), qPrivateFile, []any{id}, &f.ID, &f.SenderID, &f.PeerID, &f.Name, &f.Size, &f.Time, &f.Hash)
	return f, err
}

func (t privateFileStore) ByHash(hash string) (world.PrivateFile, error) {
	var f world.PrivateFile
	err := t.one(fmt.Sprintf("private file %s", hash), qPrivateFileByHash, []any{hash}, &f.ID, &f.SenderID, &f.PeerID, &f.Name, &f.Size, &f.Time, &f.Hash, &f.Content)
	return f, err
}
