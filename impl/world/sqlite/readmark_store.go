package sqlite

import (
	"strings"

	"github.com/onespec/onespec/impl/world"
)

// readStore keeps each account's read mark per conversation (read_marks) and reads the recent
// conversations and their unread counts from the messages table.
type readStore struct{ *tx }

func (t *tx) Reads() world.ReadStore { return readStore{t} }

var _ = register(feature{
	name: "reads",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS read_marks (account INTEGER NOT NULL, conv TEXT NOT NULL, seq INTEGER NOT NULL,
	PRIMARY KEY (account, conv)) WITHOUT ROWID;`},
	tables:        []string{"read_marks"},
	forgetAccount: []string{`DELETE FROM read_marks WHERE account = ?1`},
	forgetGroup:   []string{`DELETE FROM read_marks WHERE conv = 'g:' || ?1`},
})

// accountConvs are the conversations of account ?1: its private chats and the groups it is
// in now.
const accountConvs = `SELECT conv FROM messages WHERE type = 'private' AND (sender_id = ?1 OR peer_id = ?1)
	UNION SELECT 'g:' || group_id FROM members WHERE user_id = ?1`

var (
	// A mark never moves back; seq -1 is the conversation's end.
	qMarkRead = query(`INSERT INTO read_marks (account, conv, seq)
		VALUES (?1, ?2, CASE WHEN ?3 < 0 THEN coalesce((SELECT last_seq FROM conversations WHERE conv = ?2), 0) ELSE ?3 END)
		ON CONFLICT (account, conv) DO UPDATE SET seq = max(seq, excluded.seq)`)
	qMarkAllRead = query(`INSERT INTO read_marks (account, conv, seq)
		SELECT ?1, conv, last_seq FROM conversations WHERE conv IN (` + accountConvs + `)
		ON CONFLICT (account, conv) DO UPDATE SET seq = max(seq, excluded.seq)`)
	// The newest message of each conversation, with the messages others sent after the mark.
	qRecent = query(`WITH last AS (SELECT conv, max(seq) AS seq FROM messages
			WHERE conv IN (` + accountConvs + `) AND recalled = 0 AND time >= ?2 GROUP BY conv)
		SELECT m.` + strings.ReplaceAll(messageCols, ", ", ", m.") + `,
			(SELECT count(*) FROM messages u WHERE u.conv = m.conv AND u.sender_id != ?1 AND u.recalled = 0 AND u.time >= ?2
				AND u.seq > coalesce((SELECT r.seq FROM read_marks r WHERE r.account = ?1 AND r.conv = m.conv), 0))
		FROM last JOIN messages m ON m.conv = last.conv AND m.seq = last.seq
		ORDER BY m.id DESC LIMIT ?3`)
)

func (t readStore) Mark(account int64, conv string, seq int64) error {
	_, err := t.exec(qMarkRead, account, conv, seq)
	return err
}

func (t readStore) MarkAll(account int64) error {
	_, err := t.exec(qMarkAllRead, account)
	return err
}

func (t readStore) Recent(account int64, since int64, limit int) ([]world.RecentContact, error) {
	return list(t.tx, qRecent, []any{account, since, limit}, func(scan func(...any) error) (world.RecentContact, error) {
		var c world.RecentContact
		var err error
		c.Last, err = scanMessage(scan, &c.Unread)
		return c, err
	})
}
