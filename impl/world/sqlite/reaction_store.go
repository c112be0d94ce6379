package sqlite

import "github.com/onespec/onespec/impl/world"

// reactionStore keeps the emoji reactions on group messages, in the order they were made
// (rowid); a reaction goes with its message, its group and its account.
type reactionStore struct{ *tx }

func (t *tx) Reactions() world.ReactionStore { return reactionStore{t} }

var _ = register(feature{
	name: "reaction",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS reactions (message_id INTEGER NOT NULL, user_id INTEGER NOT NULL, emoji_id TEXT NOT NULL,
	group_id INTEGER NOT NULL, time INTEGER NOT NULL, UNIQUE (message_id, emoji_id, user_id));
CREATE INDEX IF NOT EXISTS reactions_group ON reactions (group_id);
CREATE INDEX IF NOT EXISTS reactions_user ON reactions (user_id);`},
	tables:         []string{"reactions"},
	forgetAccount:  []string{`DELETE FROM reactions WHERE user_id = ?1`},
	forgetGroup:    []string{`DELETE FROM reactions WHERE group_id = ?1`},
	forgetMessages: []string{`DELETE FROM reactions WHERE message_id IN (SELECT id FROM doomed)`},
})

var (
	qPutReaction = query(`INSERT OR IGNORE INTO reactions (message_id, user_id, emoji_id, group_id, time) VALUES (?, ?, ?, ?, ?)`)
	qReaction    = query(`SELECT group_id, message_id, user_id, emoji_id, time FROM reactions WHERE message_id = ? AND user_id = ? AND emoji_id = ?`)
	qDelReaction = query(`DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji_id = ?`)
	qReactions   = query(`SELECT group_id, message_id, user_id, emoji_id, time FROM reactions WHERE message_id = ? ORDER BY emoji_id, rowid`)
)

func (t reactionStore) Put(r world.Reaction) error {
	_, err := t.exec(qPutReaction, r.MessageID, r.UserID, r.EmojiID, r.GroupID, r.Time)
	return err
}

func (t reactionStore) Get(messageID int32, userID int64, emojiID string) (world.Reaction, error) {
	var r world.Reaction
	err := t.one("reaction", qReaction, []any{messageID, userID, emojiID}, &r.GroupID, &r.MessageID, &r.UserID, &r.EmojiID, &r.Time)
	return r, err
}

func (t reactionStore) Delete(messageID int32, userID int64, emojiID string) error {
	_, err := t.exec(qDelReaction, messageID, userID, emojiID)
	return err
}

func (t reactionStore) List(messageID int32) ([]world.Reaction, error) {
	return list(t.tx, qReactions, []any{messageID}, columns(func(r *world.Reaction) []any {
		return []any{&r.GroupID, &r.MessageID, &r.UserID, &r.EmojiID, &r.Time}
	}))
}
