package sqlite

import (
	"slices"

	"github.com/onespec/onespec/impl/world"
)

// historyStore pages the messages table by (conv, seq), the unique index messages_by_conv:
// a page is one index range scan. It owns no table.
type historyStore struct{ *tx }

func (t *tx) History() world.HistoryStore { return historyStore{t} }

var (
	// Older pages walk the index backwards from seq (? = 0: from the newest).
	qHistoryOlder = query(`SELECT ` + messageCols + ` FROM messages
		WHERE conv = ? AND (? = 0 OR seq <= ?) AND recalled = 0 AND time >= ?
		ORDER BY seq DESC LIMIT ?`)
	qHistoryNewer = query(`SELECT ` + messageCols + ` FROM messages
		WHERE conv = ? AND seq >= ? AND recalled = 0 AND time >= ?
		ORDER BY seq LIMIT ?`)
)

func (t historyStore) Page(conv string, seq int64, count int, newer bool, since int64) ([]world.Message, error) {
	read := func(scan func(...any) error) (world.Message, error) { return scanMessage(scan) }
	if newer {
		return list(t.tx, qHistoryNewer, []any{conv, seq, since, count}, read)
	}
	msgs, err := list(t.tx, qHistoryOlder, []any{conv, seq, seq, since, count}, read)
	slices.Reverse(msgs) // read newest first, answered oldest first
	return msgs, err
}
