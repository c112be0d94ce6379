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
CREATE INDEX IF NOT EXISTS announcements_by_group ON announcements(group_id);`,
		// The picture and the settings _send_group_notice takes.
		`
ALTER TABLE announcements ADD COLUMN image TEXT NOT NULL DEFAULT '';
ALTER TABLE announcements ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE announcements ADD COLUMN confirm_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE announcements ADD COLUMN show_edit_card INTEGER NOT NULL DEFAULT 0;
ALTER TABLE announcements ADD COLUMN tip_window_type INTEGER NOT NULL DEFAULT 0;
ALTER TABLE announcements ADD COLUMN type INTEGER NOT NULL DEFAULT 1;`},
	tables:      []string{"announcements"},
	forgetGroup: []string{`DELETE FROM announcements WHERE group_id = ?1`},
	media:       []string{`SELECT f.hash FROM announcements a JOIN files f ON f.kind = 'image' AND f.name = a.image`},
})

const announcementColumns = `id, group_id, sender_id, time, content, image, pinned, confirm_required, show_edit_card, tip_window_type, type`

var (
	qAnnounce = query(`INSERT INTO announcements (` + announcementColumns + `) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	// Pinned announcements first, as QQ lists them, then oldest first.
	qAnnouncements   = query(`SELECT ` + announcementColumns + ` FROM announcements WHERE group_id = ? ORDER BY pinned DESC, id`)
	qAnnouncement    = query(`SELECT ` + announcementColumns + ` FROM announcements WHERE group_id = ? AND id = ?`)
	qDelAnnouncement = query(`DELETE FROM announcements WHERE group_id = ? AND id = ?`)
)

func (t announcementStore) Add(a world.Announcement) (int64, error) {
	r, err := t.exec(qAnnounce, a.ID, a.GroupID, a.SenderID, a.Time, a.Content, a.Image, a.Pinned, a.ConfirmRequired, a.ShowEditCard, a.TipWindowType, a.Type)
	if err != nil {
		return 0, err
	}
	return r.LastInsertId()
}

func announcementFields(a *world.Announcement) []any {
	return []any{&a.ID, &a.GroupID, &a.SenderID, &a.Time, &a.Content, &a.Image, &a.Pinned, &a.ConfirmRequired, &a.ShowEditCard, &a.TipWindowType, &a.Type}
}

func (t announcementStore) Get(groupID, id int64) (world.Announcement, error) {
	var a world.Announcement
	err := t.one("announcement", qAnnouncement, []any{groupID, id}, announcementFields(&a)...)
	return a, err
}

func (t announcementStore) Delete(groupID, id int64) error {
	_, err := t.exec(qDelAnnouncement, groupID, id)
	return err
}

func (t announcementStore) List(groupID int64) ([]world.Announcement, error) {
	return list(t.tx, qAnnouncements, []any{groupID}, columns(announcementFields))
}
