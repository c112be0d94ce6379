package sqlite

import (
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// groupFileStore keeps files uploaded to groups and their folders; a file's bytes are in the
// media store (hash), or inline when the world keeps no media files. They go with their group.
type groupFileStore struct{ *tx }

func (t *tx) GroupFiles() world.GroupFileStore { return groupFileStore{t} }

var _ = register(feature{
	name: "group_files",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS group_files (id TEXT PRIMARY KEY, group_id INTEGER NOT NULL, name TEXT NOT NULL,
	size INTEGER NOT NULL, uploader_id INTEGER NOT NULL, time INTEGER NOT NULL, busid INTEGER NOT NULL,
	downloads INTEGER NOT NULL DEFAULT 0, content BLOB) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS group_files_by_group ON group_files(group_id);`, `
ALTER TABLE group_files ADD COLUMN folder_id TEXT NOT NULL DEFAULT '/';
ALTER TABLE group_files ADD COLUMN modify_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE group_files ADD COLUMN dead_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE group_files ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE INDEX group_files_by_hash ON group_files(hash);
CREATE TABLE group_file_folders (group_id INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
	creator_id INTEGER NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (group_id, id)) WITHOUT ROWID;`},
	tables:      []string{"group_files", "group_file_folders"},
	forgetGroup: []string{`DELETE FROM group_files WHERE group_id = ?1`, `DELETE FROM group_file_folders WHERE group_id = ?1`},
	media:       []string{`SELECT hash FROM group_files WHERE hash != ''`},
})

const groupFileColumns = `id, group_id, folder_id, name, size, uploader_id, time, modify_time, dead_time, busid, downloads, hash`

var (
	qPutGroupFile    = query(`INSERT INTO group_files (` + groupFileColumns + `, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	qGroupFiles      = query(`SELECT ` + groupFileColumns + ` FROM group_files WHERE group_id = ? ORDER BY time, id`)
	qGroupFile       = query(`SELECT ` + groupFileColumns + ` FROM group_files WHERE group_id = ? AND id = ?`)
	qGroupFileByHash = query(`SELECT ` + groupFileColumns + `, content FROM group_files WHERE hash = ? ORDER BY content IS NULL LIMIT 1`)
	qUpdateGroupFile = query(`UPDATE group_files SET folder_id = ?, name = ?, modify_time = ?, dead_time = ?, downloads = ? WHERE group_id = ? AND id = ?`)
	qDelGroupFile    = query(`DELETE FROM group_files WHERE group_id = ? AND id = ?`)
	// Bytes the world keeps for group files: each distinct content once.
	qGroupFileBytes    = query(`SELECT coalesce(sum(size), 0) FROM (SELECT DISTINCT hash, size FROM group_files WHERE hash != '' OR content IS NOT NULL)`)
	qGroupFileByID     = query(`SELECT content FROM group_files WHERE id = ?`)
	qPutGroupFolder    = query(`INSERT INTO group_file_folders (group_id, id, name, creator_id, time) VALUES (?, ?, ?, ?, ?)`)
	qGroupFolder       = query(`SELECT group_id, id, name, creator_id, time FROM group_file_folders WHERE group_id = ? AND id = ?`)
	qGroupFolders      = query(`SELECT group_id, id, name, creator_id, time FROM group_file_folders WHERE group_id = ? ORDER BY time, id`)
	qRenameGroupFolder = query(`UPDATE group_file_folders SET name = ? WHERE group_id = ? AND id = ?`)
	qDelGroupFolder    = query(`DELETE FROM group_file_folders WHERE group_id = ? AND id = ?`)
)

func groupFileFields(f *world.GroupFile) []any {
	return []any{&f.ID, &f.GroupID, &f.FolderID, &f.Name, &f.Size, &f.UploaderID, &f.Time, &f.ModifyTime, &f.DeadTime, &f.BusID, &f.Downloads, &f.Hash}
}

func (t groupFileStore) Put(f world.GroupFile) error {
	_, err := t.exec(qPutGroupFile, f.ID, f.GroupID, f.FolderID, f.Name, f.Size, f.UploaderID, f.Time, f.ModifyTime, f.DeadTime, f.BusID, f.Downloads, f.Hash, f.Content)
	return err
}

func (t groupFileStore) Get(groupID int64, id string) (world.GroupFile, error) {
	var f world.GroupFile
	err := t.one(fmt.Sprintf("group file %q", id), qGroupFile, []any{groupID, id}, groupFileFields(&f)...)
	return f, err
}

func (t groupFileStore) ByHash(hash string) (world.GroupFile, error) {
	var f world.GroupFile
	err := t.one(fmt.Sprintf("group file %s", hash), qGroupFileByHash, []any{hash}, append(groupFileFields(&f), &f.Content)...)
	return f, err
}

func (t groupFileStore) Update(f world.GroupFile) error {
	_, err := t.exec(qUpdateGroupFile, f.FolderID, f.Name, f.ModifyTime, f.DeadTime, f.Downloads, f.GroupID, f.ID)
	return err
}

func (t groupFileStore) Delete(groupID int64, id string) error {
	_, err := t.exec(qDelGroupFile, groupID, id)
	return err
}

func (t groupFileStore) List(groupID int64) ([]world.GroupFile, error) {
	return list(t.tx, qGroupFiles, []any{groupID}, columns(groupFileFields))
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

func (t groupFileStore) PutFolder(f world.GroupFolder) error {
	_, err := t.exec(qPutGroupFolder, f.GroupID, f.ID, f.Name, f.CreatorID, f.Time)
	return err
}

func groupFolderFields(f *world.GroupFolder) []any {
	return []any{&f.GroupID, &f.ID, &f.Name, &f.CreatorID, &f.Time}
}

func (t groupFileStore) Folder(groupID int64, id string) (world.GroupFolder, error) {
	var f world.GroupFolder
	err := t.one(fmt.Sprintf("folder %q", id), qGroupFolder, []any{groupID, id}, groupFolderFields(&f)...)
	return f, err
}

func (t groupFileStore) Folders(groupID int64) ([]world.GroupFolder, error) {
	return list(t.tx, qGroupFolders, []any{groupID}, columns(groupFolderFields))
}

func (t groupFileStore) RenameFolder(groupID int64, id, name string) error {
	_, err := t.exec(qRenameGroupFolder, name, groupID, id)
	return err
}

func (t groupFileStore) DeleteFolder(groupID int64, id string) error {
	_, err := t.exec(qDelGroupFolder, groupID, id)
	return err
}
