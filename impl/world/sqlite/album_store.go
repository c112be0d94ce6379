package sqlite

import "github.com/onespec/onespec/impl/world"

// albumStore keeps group albums, their pictures (naming media by hash: qUnreferenced keeps
// what a picture refers to), likes and comments; all go with their group, an account's likes
// and comments with the account.
type albumStore struct{ *tx }

func (t *tx) Albums() world.AlbumStore { return albumStore{t} }

var _ = register(feature{
	name:  "albums",
	media: []string{`SELECT hash FROM album_media`},
	migrations: []string{`
CREATE TABLE IF NOT EXISTS albums (group_id INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, descr TEXT NOT NULL,
	creator_id INTEGER NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL, PRIMARY KEY (group_id, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS album_media (group_id INTEGER NOT NULL, album_id TEXT NOT NULL, lloc TEXT NOT NULL, batch_id TEXT NOT NULL,
	uploader_id INTEGER NOT NULL, time INTEGER NOT NULL, ord INTEGER NOT NULL, name TEXT NOT NULL, hash TEXT NOT NULL, size INTEGER NOT NULL,
	PRIMARY KEY (group_id, album_id, lloc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS album_media_by_hash ON album_media(hash);
CREATE TABLE IF NOT EXISTS album_likes (group_id INTEGER NOT NULL, album_id TEXT NOT NULL, lloc TEXT NOT NULL, user_id INTEGER NOT NULL,
	PRIMARY KEY (group_id, album_id, lloc, user_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS album_comments (id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, album_id TEXT NOT NULL, lloc TEXT NOT NULL,
	user_id INTEGER NOT NULL, content TEXT NOT NULL, time INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS album_comments_by_media ON album_comments(group_id, album_id, lloc);`},
	tables: []string{"albums", "album_media", "album_likes", "album_comments"},
	forgetGroup: []string{`DELETE FROM albums WHERE group_id = ?1`, `DELETE FROM album_media WHERE group_id = ?1`,
		`DELETE FROM album_likes WHERE group_id = ?1`, `DELETE FROM album_comments WHERE group_id = ?1`},
	forgetAccount: []string{`DELETE FROM album_likes WHERE user_id = ?1`, `DELETE FROM album_comments WHERE user_id = ?1`},
})

var (
	qPutAlbum = query(`INSERT OR REPLACE INTO albums (group_id, id, name, descr, creator_id, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	qAlbum    = query(`SELECT group_id, id, name, descr, creator_id, created, modified FROM albums WHERE group_id = ? AND id = ?`)
	qAlbums   = query(`SELECT group_id, id, name, descr, creator_id, created, modified FROM albums WHERE group_id = ? ORDER BY created, id`)
	qDelAlbum = []string{
		query(`DELETE FROM albums WHERE group_id = ?1 AND id = ?2`),
		query(`DELETE FROM album_media WHERE group_id = ?1 AND album_id = ?2`),
		query(`DELETE FROM album_likes WHERE group_id = ?1 AND album_id = ?2`),
		query(`DELETE FROM album_comments WHERE group_id = ?1 AND album_id = ?2`),
	}
	qPutAlbumMedia = query(`INSERT OR REPLACE INTO album_media (group_id, album_id, lloc, batch_id, uploader_id, time, ord, name, hash, size)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	qAlbumMedium = query(`SELECT group_id, album_id, lloc, batch_id, uploader_id, time, ord, name, hash, size FROM album_media
	WHERE group_id = ? AND album_id = ? AND lloc = ?`)
	qAlbumMedia = query(`SELECT group_id, album_id, lloc, batch_id, uploader_id, time, ord, name, hash, size FROM album_media
	WHERE group_id = ? AND album_id = ? ORDER BY time DESC, batch_id DESC, ord, lloc`)
	qDelAlbumMedia = []string{
		query(`DELETE FROM album_media WHERE group_id = ?1 AND album_id = ?2 AND lloc = ?3`),
		query(`DELETE FROM album_likes WHERE group_id = ?1 AND album_id = ?2 AND lloc = ?3`),
		query(`DELETE FROM album_comments WHERE group_id = ?1 AND album_id = ?2 AND lloc = ?3`),
	}
	qLikeAlbumMedia   = query(`INSERT OR IGNORE INTO album_likes (group_id, album_id, lloc, user_id) VALUES (?, ?, ?, ?)`)
	qUnlikeAlbumMedia = query(`DELETE FROM album_likes WHERE group_id = ? AND album_id = ? AND lloc = ? AND user_id = ?`)
	qAlbumLikers      = query(`SELECT user_id FROM album_likes WHERE group_id = ? AND album_id = ? AND lloc = ? ORDER BY user_id`)
	qAddAlbumComment  = query(`INSERT INTO album_comments (group_id, album_id, lloc, user_id, content, time) VALUES (?, ?, ?, ?, ?, ?)`)
	qAlbumComments    = query(`SELECT group_id, album_id, lloc, user_id, content, time FROM album_comments
	WHERE group_id = ? AND album_id = ? AND lloc = ? ORDER BY id`)
)

func albumColumns(a *world.Album) []any {
	return []any{&a.GroupID, &a.ID, &a.Name, &a.Desc, &a.CreatorID, &a.Created, &a.Modified}
}

func albumMediaColumns(m *world.AlbumMedia) []any {
	return []any{&m.GroupID, &m.AlbumID, &m.Lloc, &m.BatchID, &m.UploaderID, &m.Time, &m.Order, &m.Name, &m.Hash, &m.Size}
}

func (t albumStore) Put(a world.Album) error {
	_, err := t.exec(qPutAlbum, a.GroupID, a.ID, a.Name, a.Desc, a.CreatorID, a.Created, a.Modified)
	return err
}

func (t albumStore) Get(groupID int64, id string) (world.Album, error) {
	var a world.Album
	err := t.one("album", qAlbum, []any{groupID, id}, albumColumns(&a)...)
	return a, err
}

func (t albumStore) Delete(groupID int64, id string) error {
	return t.execAll(qDelAlbum, groupID, id)
}

func (t albumStore) List(groupID int64) ([]world.Album, error) {
	return list(t.tx, qAlbums, []any{groupID}, columns(albumColumns))
}

func (t albumStore) PutMedia(m world.AlbumMedia) error {
	_, err := t.exec(qPutAlbumMedia, m.GroupID, m.AlbumID, m.Lloc, m.BatchID, m.UploaderID, m.Time, m.Order, m.Name, m.Hash, m.Size)
	return err
}

func (t albumStore) GetMedia(groupID int64, albumID, lloc string) (world.AlbumMedia, error) {
	var m world.AlbumMedia
	err := t.one("album picture", qAlbumMedium, []any{groupID, albumID, lloc}, albumMediaColumns(&m)...)
	return m, err
}

func (t albumStore) DeleteMedia(groupID int64, albumID, lloc string) error {
	return t.execAll(qDelAlbumMedia, groupID, albumID, lloc)
}

func (t albumStore) Media(groupID int64, albumID string) ([]world.AlbumMedia, error) {
	return list(t.tx, qAlbumMedia, []any{groupID, albumID}, columns(albumMediaColumns))
}

func (t albumStore) Like(groupID int64, albumID, lloc string, userID int64, on bool) error {
	q := qLikeAlbumMedia
	if !on {
		q = qUnlikeAlbumMedia
	}
	_, err := t.exec(q, groupID, albumID, lloc, userID)
	return err
}

func (t albumStore) Likers(groupID int64, albumID, lloc string) ([]int64, error) {
	return list(t.tx, qAlbumLikers, []any{groupID, albumID, lloc}, columns(func(id *int64) []any { return []any{id} }))
}

func (t albumStore) AddComment(c world.AlbumComment) error {
	_, err := t.exec(qAddAlbumComment, c.GroupID, c.AlbumID, c.Lloc, c.UserID, c.Content, c.Time)
	return err
}

func (t albumStore) Comments(groupID int64, albumID, lloc string) ([]world.AlbumComment, error) {
	return list(t.tx, qAlbumComments, []any{groupID, albumID, lloc}, columns(func(c *world.AlbumComment) []any {
		return []any{&c.GroupID, &c.AlbumID, &c.Lloc, &c.UserID, &c.Content, &c.Time}
	}))
}

// execAll runs statements with the same arguments, in order.
func (t albumStore) execAll(qs []string, args ...any) error {
	for _, q := range qs {
		if _, err := t.exec(q, args...); err != nil {
			return err
		}
	}
	return nil
}
