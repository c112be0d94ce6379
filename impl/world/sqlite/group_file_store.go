package sqlite

import (
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// groupFileStore keeps files uploaded to groups, their content inline (bounded by the
// world's media limit); they go with their group.
type groupFileStore struct{ *tx }

func (t *tx) GroupFiles() world.GroupFileStore { return groupFileStore{t} }

var _ = register(feature{
	name: "group_files",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS group_files (id TEXT PRIMARY KEY, group_id INTEGER NOT NULL, name TEXT NOT NULL,
	size INTEGER NOT NULL, uploader_id INTEGER NOT NULL, time INTEGER NOT NULL, busid INTEGER NOT NULL,
	downloads INTEGER NOT NULL DEFAULT 0, content BLOB) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS group_files_by_group ON group_files(group_id);`},
	tables:      []string{"group_files"},
	forgetGroup: []string{`DELETE FROM group_files WHERE group_id = ?1`},
})

var (
	qPutGroupFile   = query(`INSERT INTO group_files (id, group_id, name, size, uploader_id, time, busid, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	qGroupFiles     = query(`SELECT id, group_id, name, size, uploader_id, time, busid, downloads FROM group_files WHERE group_id = ? ORDER BY time, id`)
	qGroupFileBytes = query(`SELECT coalesce(sum(length(content)), 0) FROM group_files`)
	qGroupFileByID  = query(`SELECT content FROM group_files WHERE id = ?`)
)

func (t groupFileStore) Put(f world.GroupFile) error {
	_, err := t.exec(qPutGroupFile, f.ID, f.GroupID, f.Name, f.Size, f.UploaderID, f.Time, f.BusID, f.Content)
	return err
}

func (t groupFileStore) List(groupID int64) ([]world.GroupFile, error) {
	return list(t.tx, qGroupFiles, []any{groupID}, columns(func(f *world.GroupFile) []any {
		return []any{&f.ID, &f.GroupID, &f.Name, &f.Size, &f.UploaderID, &f.Time, &f.BusID, &f.Downloads}
	}))
}

func (t groupFileStore) Content(id string) ([]byte, error) {
	var content []byte
	err := t.one(fmt.Sprintf("group file %q", id), qGroupFileByID, []any{id}, &content)
	return content, err
}

func (t groupFileStore) Bytes() (int64, error) {
	var n int64
	err := t.one("group file bytes", qGroupFileBytes, nil, &n)
	return n, err
}
