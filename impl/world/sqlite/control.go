package sqlite

import (
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
	err := t.all(qAccounts, nil, func(scan func(...any) error) error {
		var a world.Account
		if err := scan(&a.ID, &a.Nickname, &a.Sex, &a.Age, &a.Level, &a.Sign, &a.Area, &a.Bot); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// scanMessage reads a row of qSent or qAllMessages: a message's columns, its segments as JSON.
func scanMessage(scan func(...any) error) (world.Message, error) {
	var m world.Message
	var segs string
	if err := scan(&m.ID, &m.Type, &m.GroupID, &m.PeerID, &m.SenderID, &m.Seq, &m.Time, &segs, &m.Recalled, &m.RecalledBy); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(segs), &m.Segments); err != nil {
		return m, fmt.Errorf("message %d segments: %w", m.ID, err)
	}
	return m, nil
}

func (t *tx) SentMessages(f world.SentFilter) ([]world.Message, error) {
	var out []world.Message
	args := []any{f.AfterID, f.SenderID, f.Since, f.PeerID, f.PeerID, f.GroupID, f.GroupID, f.Limit}
	err := t.all(qSent, args, func(scan func(...any) error) error {
		m, err := scanMessage(scan)
		if err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

var (
	qDelFriendship  = query(`DELETE FROM friendships WHERE owner_id = ? AND friend_id = ?`)
	qAllGroups      = query(`SELECT id, name, memo, max_members, whole_ban, allow_anonymous, created_at, talkative FROM chat_groups ORDER BY id`)
	qFriendRequests = query(`SELECT flag, from_id, to_id, comment, time FROM friend_requests ORDER BY flag`)
	qGroupRequests  = query(`SELECT flag, kind, group_id, user_id, target_id, comment, time FROM group_requests ORDER BY flag`)
	qAllMessages    = query(`SELECT id, type, group_id, peer_id, sender_id, seq, time, segments, recalled, recalled_by
		FROM messages WHERE id > ? ORDER BY id LIMIT ?`)
	deleteAccount = []string{
		query(`DELETE FROM friendships WHERE owner_id = ?1 OR friend_id = ?1`),
		query(`DELETE FROM likes WHERE from_id = ?1 OR to_id = ?1`),
		query(`DELETE FROM friend_requests WHERE from_id = ?1 OR to_id = ?1`),
		query(`DELETE FROM members WHERE user_id = ?1`),
		query(`DELETE FROM blocked WHERE user_id = ?1`),
		query(`DELETE FROM group_requests WHERE user_id = ?1 OR target_id = ?1`),
		query(`DELETE FROM accounts WHERE id = ?1`),
	}
	qPutGroupFile   = query(`INSERT INTO group_files (id, group_id, name, size, uploader_id, time, busid, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	qGroupFiles     = query(`SELECT id, group_id, name, size, uploader_id, time, busid, downloads FROM group_files WHERE group_id = ? ORDER BY time, id`)
	qGroupFileBytes = query(`SELECT coalesce(sum(length(content)), 0) FROM group_files`)
	qDelGroupFiles  = query(`DELETE FROM group_files WHERE group_id = ?`)
	qGroupFileByID  = query(`SELECT content FROM group_files WHERE id = ?`)
	qTables         = query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', 'media') ORDER BY name`)
)

func (t *tx) DeleteFriendship(owner, other int64) error {
	_, err := t.exec(qDelFriendship, owner, other)
	return err
}

func (t *tx) AllGroups() ([]world.Group, error) {
	var out []world.Group
	err := t.all(qAllGroups, nil, func(scan func(...any) error) error {
		g, err := scanGroup(scan)
		out = append(out, g)
		return err
	})
	return out, err
}

func (t *tx) FriendRequests() ([]world.FriendRequest, error) {
	var out []world.FriendRequest
	err := t.all(qFriendRequests, nil, func(scan func(...any) error) error {
		var r world.FriendRequest
		err := scan(&r.Flag, &r.From, &r.To, &r.Comment, &r.Time)
		out = append(out, r)
		return err
	})
	return out, err
}

func (t *tx) GroupRequests() ([]world.GroupRequest, error) {
	var out []world.GroupRequest
	err := t.all(qGroupRequests, nil, func(scan func(...any) error) error {
		var r world.GroupRequest
		err := scan(&r.Flag, &r.Kind, &r.GroupID, &r.UserID, &r.TargetID, &r.Comment, &r.Time)
		out = append(out, r)
		return err
	})
	return out, err
}

func (t *tx) Messages(afterID int32, limit int) ([]world.Message, error) {
	var out []world.Message
	err := t.all(qAllMessages, []any{afterID, limit}, func(scan func(...any) error) error {
		m, err := scanMessage(scan)
		if err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

func (t *tx) DeleteAccount(id int64) error {
	for _, q := range deleteAccount {
		if _, err := t.exec(q, id); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) PutGroupFile(f world.GroupFile) error {
	_, err := t.exec(qPutGroupFile, f.ID, f.GroupID, f.Name, f.Size, f.UploaderID, f.Time, f.BusID, f.Content)
	return err
}

func (t *tx) GroupFiles(groupID int64) ([]world.GroupFile, error) {
	var out []world.GroupFile
	err := t.all(qGroupFiles, []any{groupID}, func(scan func(...any) error) error {
		var f world.GroupFile
		err := scan(&f.ID, &f.GroupID, &f.Name, &f.Size, &f.UploaderID, &f.Time, &f.BusID, &f.Downloads)
		out = append(out, f)
		return err
	})
	return out, err
}

func (t *tx) GroupFileContent(id string) ([]byte, error) {
	var content []byte
	err := t.one(fmt.Sprintf("group file %q", id), qGroupFileByID, []any{id}, &content)
	return content, err
}

func (t *tx) GroupFileBytes() (int64, error) {
	var n int64
	err := t.one("group file bytes", qGroupFileBytes, nil, &n)
	return n, err
}

func (t *tx) DeleteGroupFiles(groupID int64) error {
	_, err := t.exec(qDelGroupFiles, groupID)
	return err
}

// Clear deletes every row of every table but the media list (whose files the world deletes
// once nothing refers to them) and the id sequences (message ids are never reused).
func (t *tx) Clear() error {
	var tables []string
	if err := t.all(qTables, nil, func(scan func(...any) error) error {
		var name string
		err := scan(&name)
		tables = append(tables, name)
		return err
	}); err != nil {
		return err
	}
	// Tables refer to each other (members to accounts...): check the references at commit,
	// when every table is empty or filled afresh. These statements are not prepared ones (the
	// table list is read from the schema), so they run on the transaction's connection as they
	// are; the cache is dropped at commit, everything it holds being gone.
	t.c, t.reload, t.shaped = nil, true, true
	if _, err := t.conn.ExecContext(t.ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	for _, name := range tables {
		if _, err := t.conn.ExecContext(t.ctx, `DELETE FROM "`+name+`"`); err != nil {
			return fmt.Errorf("sqlite: clearing %s: %w", name, err)
		}
	}
	return nil
}
