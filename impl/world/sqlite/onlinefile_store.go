package sqlite

import (
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// onlineFileStore keeps the online file offers between accounts; an offer goes with either
// account. Its bytes' hash keeps the media file (media_store.go's Unreferenced).
type onlineFileStore struct{ *tx }

func (t *tx) OnlineFiles() world.OnlineFileStore { return onlineFileStore{t} }

var _ = register(feature{
	name:  "online_files",
	media: []string{`SELECT hash FROM online_files`},
	migrations: []string{`
CREATE TABLE IF NOT EXISTS online_files (id INTEGER PRIMARY KEY, from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, name TEXT NOT NULL,
	size INTEGER NOT NULL, hash TEXT NOT NULL, state TEXT NOT NULL, time INTEGER NOT NULL);`},
	tables:        []string{"online_files"},
	forgetAccount: []string{`DELETE FROM online_files WHERE from_id = ?1 OR to_id = ?1`},
})

const onlineFileColumns = `id, from_id, to_id, name, size, hash, state, time`

var (
	qPutOnlineFile  = query(`INSERT OR REPLACE INTO online_files (` + onlineFileColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	qOnlineFile     = query(`SELECT ` + onlineFileColumns + ` FROM online_files WHERE id = ?`)
	qOnlineBetween  = query(`SELECT ` + onlineFileColumns + ` FROM online_files WHERE (from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1) ORDER BY id`)
	qNextOnlineFile = query(`SELECT coalesce(max(id), 0) + 1 FROM online_files`)
)

func onlineFileFields(f *world.OnlineFile) []any {
	return []any{&f.ID, &f.FromID, &f.ToID, &f.Name, &f.Size, &f.Hash, &f.State, &f.Time}
}

func (t onlineFileStore) Put(f world.OnlineFile) error {
	_, err := t.exec(qPutOnlineFile, f.ID, f.FromID, f.ToID, f.Name, f.Size, f.Hash, string(f.State), f.Time)
	return err
}

func (t onlineFileStore) Get(id int32) (world.OnlineFile, error) {
	var f world.OnlineFile
	err := t.one(fmt.Sprintf("online file %d", id), qOnlineFile, []any{id}, onlineFileFields(&f)...)
	return f, err
}

func (t onlineFileStore) Between(a, b int64) ([]world.OnlineFile, error) {
	return list(t.tx, qOnlineBetween, []any{a, b}, columns(onlineFileFields))
}

func (t onlineFileStore) NextID() (int32, error) {
	var id int32
	err := t.one("next online file id", qNextOnlineFile, nil, &id)
	return id, err
}
