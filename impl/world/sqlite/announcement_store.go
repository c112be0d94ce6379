package sqlite

import "github.com/onespec/onespec/impl/world"

// announcementStore keeps group announcements.
type announcementStore struct{ *tx }

func (t *tx) Announcements() world.AnnouncementStore { return announcementStore{t} }

var _ = register(feature{
	name: "announcements",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS announcements (id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER NOT NULL,
	sender_id INTEGER NOT NULL, time INTEGER NOT NULL, content TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS announcements_by_group ON announcements(group_id);`},
	tables:      []string{"announcements"},
	forgetGroup: []string{`DELETE FROM announcements WHERE group_id = ?1`},
})

var (
	qAnnounce      = query(`INSERT INTO announcements (id, group_id, sender_id, time, content) VALUES (NULLIF(?, 0), ?, ?, ?, ?)`)
	qAnnouncements = query(`SELECT id, group_id, sender_id, time, content FROM announcements WHERE group_id = ? ORDER BY id`)
)

func (t announcementStore) Add(a world.Announcement) (int64, error) {
	r, err := t.exec(qAnnounce, a.ID, a.GroupID, a.SenderID, a.Time, a.Content)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

func (t announcementStore) List(groupID int64) ([]world.Announcement, error) {
	return list(t.tx, qAnnouncements, []any{groupID}, columns(func(a *world.Announcement) []any {
		return []any{&a.ID, &a.GroupID, &a.SenderID, &a.Time, &a.Content}
	}))
}
