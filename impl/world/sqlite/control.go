package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// Reads the world control API needs: every account, and what one account has sent.
var (
	qAccounts = query(`SELECT id, nickname, sex, age, level, sign, area, bot FROM accounts ORDER BY id`)
	// Sent messages walk the primary key from after_id: ids grow with time, so the oldest
	// match comes first.
	qSent = query(`SELECT id, type, group_id, peer_id, sender_id, seq, time, segments, recalled, recalled_by
		FROM messages WHERE id > ? AND sender_id = ? AND time >= ?
		AND (? = 0 OR (type = 'private' AND peer_id = ?)) AND (? = 0 OR (type = 'group' AND group_id = ?))
		ORDER BY id LIMIT ?`)
)

func (t *tx) Accounts() ([]world.Account, error) {
	var out []world.Account
	err := t.all(qAccounts, nil, func(rows *sql.Rows) error {
		var a world.Account
		if err := rows.Scan(&a.ID, &a.Nickname, &a.Sex, &a.Age, &a.Level, &a.Sign, &a.Area, &a.Bot); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

func (t *tx) SentMessages(f world.SentFilter) ([]world.Message, error) {
	var out []world.Message
	args := []any{f.AfterID, f.SenderID, f.Since, f.PeerID, f.PeerID, f.GroupID, f.GroupID, f.Limit}
	err := t.all(qSent, args, func(rows *sql.Rows) error {
		var m world.Message
		var segs string
		if err := rows.Scan(&m.ID, &m.Type, &m.GroupID, &m.PeerID, &m.SenderID, &m.Seq, &m.Time, &segs, &m.Recalled, &m.RecalledBy); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(segs), &m.Segments); err != nil {
			return fmt.Errorf("message %d segments: %w", m.ID, err)
		}
		out = append(out, m)
		return nil
	})
	return out, err
}
