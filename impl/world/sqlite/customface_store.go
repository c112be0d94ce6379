package sqlite

import "github.com/onespec/onespec/impl/world"

// customFaceStore keeps accounts' custom faces (收藏表情); a face goes with its owner. Its
// image's hash keeps the media file (media_store.go's Unreferenced).
type customFaceStore struct{ *tx }

func (t *tx) CustomFaces() world.CustomFaceStore { return customFaceStore{t} }

var _ = register(feature{
	name:  "custom_faces",
	media: []string{`SELECT hash FROM custom_faces`},
	migrations: []string{`
CREATE TABLE IF NOT EXISTS custom_faces (owner_id INTEGER NOT NULL, md5 TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL,
	description TEXT NOT NULL, size INTEGER NOT NULL, url TEXT NOT NULL, hash TEXT NOT NULL, time INTEGER NOT NULL,
	PRIMARY KEY (owner_id, md5)) WITHOUT ROWID;`},
	tables:        []string{"custom_faces"},
	forgetAccount: []string{`DELETE FROM custom_faces WHERE owner_id = ?1`},
})

const customFaceColumns = `owner_id, md5, id, name, description, size, url, hash, time`

var (
	qPutCustomFace = query(`INSERT OR REPLACE INTO custom_faces (` + customFaceColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	qCustomFace    = query(`SELECT ` + customFaceColumns + ` FROM custom_faces WHERE owner_id = ? AND md5 = ?`)
	qDelCustomFace = query(`DELETE FROM custom_faces WHERE owner_id = ? AND md5 = ?`)
	qCustomFaces   = query(`SELECT ` + customFaceColumns + ` FROM custom_faces WHERE owner_id = ? ORDER BY id DESC`)
	qFacesMatching = query(`SELECT ` + customFaceColumns + ` FROM custom_faces WHERE instr(description, ?) > 0 ORDER BY time DESC, owner_id, id DESC`)
	qNextFaceID    = query(`SELECT coalesce(max(id), 0) + 1 FROM custom_faces WHERE owner_id = ?`)
)

func faceColumns(f *world.CustomFace) []any {
	return []any{&f.OwnerID, &f.MD5, &f.ID, &f.Name, &f.Desc, &f.Size, &f.URL, &f.Hash, &f.Time}
}

func (t customFaceStore) Put(f world.CustomFace) error {
	_, err := t.exec(qPutCustomFace, f.OwnerID, f.MD5, f.ID, f.Name, f.Desc, f.Size, f.URL, f.Hash, f.Time)
	return err
}

func (t customFaceStore) Get(ownerID int64, md5 string) (world.CustomFace, error) {
	var f world.CustomFace
	err := t.one("custom face "+md5, qCustomFace, []any{ownerID, md5}, faceColumns(&f)...)
	return f, err
}

func (t customFaceStore) Delete(ownerID int64, md5 string) error {
	_, err := t.exec(qDelCustomFace, ownerID, md5)
	return err
}

func (t customFaceStore) List(ownerID int64) ([]world.CustomFace, error) {
	return list(t.tx, qCustomFaces, []any{ownerID}, columns(faceColumns))
}

func (t customFaceStore) Matching(word string) ([]world.CustomFace, error) {
	return list(t.tx, qFacesMatching, []any{word}, columns(faceColumns))
}

func (t customFaceStore) NextID(ownerID int64) (int32, error) {
	var id int32
	err := t.one("next custom face id", qNextFaceID, []any{ownerID}, &id)
	return id, err
}
