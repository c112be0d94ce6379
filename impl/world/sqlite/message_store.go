package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// messageStore keeps messages, each conversation's last seq, and which media each message
// references. Pruning collects the doomed ids in table doomed, then deletes them and what
// every feature keeps for them (forgetMessages).
type messageStore struct{ *tx }

func (t *tx) Messages() world.MessageStore { return messageStore{t} }

var _ = register(feature{
	name: "messages",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS conversations (conv TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
-- AUTOINCREMENT: an id is never reused, even after the newest message is deleted.
CREATE TABLE IF NOT EXISTS messages (
	id INTEGER PRIMARY KEY AUTOINCREMENT, conv TEXT NOT NULL, seq INTEGER NOT NULL,
	type TEXT NOT NULL, group_id INTEGER NOT NULL, peer_id INTEGER NOT NULL, sender_id INTEGER NOT NULL,
	time INTEGER NOT NULL, segments TEXT NOT NULL, recalled INTEGER NOT NULL DEFAULT 0,
	recalled_by INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS messages_by_conv ON messages(conv, seq);
-- Retention by age looks a conversation's messages up by time.
CREATE INDEX IF NOT EXISTS messages_by_conv_time ON messages(conv, time);
CREATE TABLE IF NOT EXISTS message_media (message_id INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (message_id, hash)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS message_media_by_hash ON message_media(hash);
-- Scratch space of one pruning, always empty between transactions.
CREATE TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY);`},
	tables: []string{"conversations", "messages", "message_media", "doomed"},
	forgetMessages: []string{
		`DELETE FROM messages WHERE id IN (SELECT id FROM doomed)`,
		`DELETE FROM message_media WHERE message_id IN (SELECT id FROM doomed)`,
	},
})

const messageCols = `id, type, group_id, peer_id, sender_id, seq, time, segments, recalled, recalled_by`

var (
	qNextSeq = query(`INSERT INTO conversations (conv, last_seq) VALUES (?, 1)
		ON CONFLICT (conv) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`)
	qInsertMessage = query(`INSERT INTO messages (id, conv, seq, type, group_id, peer_id, sender_id, time, segments)
		VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)`)
	qMessage = query(`SELECT ` + messageCols + `,
		(SELECT group_concat(hash) FROM message_media mm WHERE mm.message_id = messages.id) FROM messages WHERE id = ?`)
	qRecall    = query(`UPDATE messages SET recalled = 1, recalled_by = ? WHERE id = ?`)
	qLinkMedia = query(`INSERT OR IGNORE INTO message_media (message_id, hash) VALUES (?, ?)`)
	// Sent messages walk the primary key from after_id: ids grow with time, so the oldest
	// match comes first.
	qSent = query(`SELECT ` + messageCols + ` FROM messages WHERE id > ? AND sender_id = ? AND time >= ?
		AND (? = 0 OR (type = 'private' AND peer_id = ?)) AND (? = 0 OR (type = 'group' AND group_id = ?))
		ORDER BY id LIMIT ?`)
	qAfter = query(`SELECT ` + messageCols + ` FROM messages WHERE id > ? ORDER BY id LIMIT ?`)
	// Pruning: the doomed ids first, then everything that hangs off them.
	qPruneCount = query(`INSERT INTO doomed SELECT id FROM messages WHERE conv = ? AND seq <= (SELECT last_seq FROM conversations WHERE conv = ?) - ?`)
	qPruneAge   = query(`INSERT OR IGNORE INTO doomed SELECT id FROM messages WHERE conv = ? AND time < ?`)
	qPruneMedia = query(`INSERT OR IGNORE INTO doomed SELECT DISTINCT mm.message_id FROM message_media mm
		WHERE mm.message_id <= (SELECT max(message_id) FROM (SELECT mm2.message_id,
			sum(m.size) OVER (ORDER BY mm2.message_id DESC) AS newer_bytes
			FROM message_media mm2 JOIN media m ON m.hash = mm2.hash) WHERE newer_bytes > ?)`)
	qCountDoomed = query(`SELECT count(*) FROM doomed`)
	qClearDoomed = query(`DELETE FROM doomed`)
)

func (t messageStore) Insert(m *world.Message) error {
	conv := m.Conversation()
	if err := t.one("conversation", qNextSeq, []any{conv}, &m.Seq); err != nil {
		return err
	}
	segs, err := json.Marshal(m.Segments)
	if err != nil {
		return fmt.Errorf("encoding message segments: %w", err)
	}
	r, err := t.exec(qInsertMessage, m.ID, conv, m.Seq, m.Type, m.GroupID, m.PeerID, m.SenderID, m.Time, string(segs))
	if err != nil {
		return err
	}
	id, err := r.LastInsertId() // the id: an INTEGER PRIMARY KEY is the rowid
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	t.lastConv, t.lastSeq = conv, m.Seq
	if id > int64(^uint32(0)>>1) {
		return fmt.Errorf("message id %d does not fit in int32: %w", id, world.ErrInvalid)
	}
	m.ID = int32(id)
	for _, h := range m.Media {
		if _, err := t.exec(qLinkMedia, m.ID, h); err != nil {
			return err
		}
	}
	return nil
}

func (t messageStore) Get(id int32) (world.Message, error) {
	var m world.Message
	var media sql.NullString
	found := false
	err := t.all(qMessage, []any{id}, func(scan func(...any) error) error {
		var err error
		m, err = scanMessage(scan, &media)
		found = true
		return err
	})
	if err != nil {
		return m, fmt.Errorf("message %d: %w", id, err)
	}
	if !found {
		return m, fmt.Errorf("message %d: %w", id, world.ErrNotFound)
	}
	if media.Valid {
		m.Media = splitComma(media.String)
	}
	return m, nil
}

// scanMessage reads a row of messageCols (and extra columns after them): a message, its
// segments as JSON.
func scanMessage(scan func(...any) error, extra ...any) (world.Message, error) {
	var m world.Message
	var segs string
	if err := scan(append([]any{&m.ID, &m.Type, &m.GroupID, &m.PeerID, &m.SenderID, &m.Seq, &m.Time, &segs, &m.Recalled, &m.RecalledBy}, extra...)...); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(segs), &m.Segments); err != nil {
		return m, fmt.Errorf("message %d segments: %w", m.ID, err)
	}
	return m, nil
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func (t messageStore) MarkRecalled(id int32, by int64) error {
	_, err := t.exec(qRecall, by, id)
	return err
}

func (t messageStore) Sent(f world.SentFilter) ([]world.Message, error) {
	return t.messages(qSent, f.AfterID, f.SenderID, f.Since, f.PeerID, f.PeerID, f.GroupID, f.GroupID, f.Limit)
}

func (t messageStore) After(afterID int32, limit int) ([]world.Message, error) {
	return t.messages(qAfter, afterID, limit)
}

func (t messageStore) messages(q string, args ...any) ([]world.Message, error) {
	return list(t.tx, q, args, func(scan func(...any) error) (world.Message, error) { return scanMessage(scan) })
}

// prune deletes the doomed messages and what every feature keeps for them, returning how
// many went.
func (t messageStore) prune() (int, error) {
	var n int
	if err := t.one("doomed", qCountDoomed, nil, &n); err != nil {
		return 0, err
	}
	if err := t.forget(func(f *feature) []string { return f.forgetMessages }); err != nil {
		return 0, err
	}
	if _, err := t.exec(qClearDoomed); err != nil {
		return 0, err
	}
	return n, nil
}

// doom runs a statement that adds ids to doomed and reports how many it added.
func (t messageStore) doom(q string, args ...any) (int64, error) {
	r, err := t.exec(q, args...)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

// pruneShare sets how often a conversation with a count limit is pruned: on one message in
// every keep/pruneShare of it (every message when that is under 2). Pruning costs some statements even when it
// deletes one row, so a 10,000-message conversation is pruned every 156th message, deleting
// 156 at once, and holds up to 1/pruneShare more than keep in between. Messages past MaxAge
// are never shown meanwhile (reads check the age).
const pruneShare = 64

func (t messageStore) PruneConversation(conv string, keep int, before int64) (int, error) {
	// Just after Insert the conversation's last seq is known: prune on every keep/pruneShare
	// message (a conversation without a count limit is pruned by age every time).
	if every := int64(keep / pruneShare); conv == t.lastConv && every > 1 && t.lastSeq%every != 0 {
		return 0, nil
	}
	var doomed int64
	// At most keep messages means none is beyond it, and the query can be skipped.
	if keep > 0 && !(conv == t.lastConv && t.lastSeq <= int64(keep)) {
		n, err := t.doom(qPruneCount, conv, conv, keep)
		if err != nil {
			return 0, err
		}
		doomed += n
	}
	if before > 0 {
		n, err := t.doom(qPruneAge, conv, before)
		if err != nil {
			return 0, err
		}
		doomed += n
	}
	if doomed == 0 {
		// Nearly every write: nothing fell out, so skip the deletes.
		return 0, nil
	}
	return t.prune()
}

func (t messageStore) PruneMedia(maxBytes int64) (int, error) {
	n, err := t.doom(qPruneMedia, maxBytes)
	if err != nil || n == 0 {
		return 0, err
	}
	return t.prune()
}
