package sqlite

import (
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// forwardStore keeps merged forwards, their nodes as JSON.
type forwardStore struct{ *tx }

func (t *tx) Forwards() world.ForwardStore { return forwardStore{t} }

var _ = register(feature{
	name:       "forwards",
	migrations: []string{`CREATE TABLE IF NOT EXISTS forwards (id TEXT PRIMARY KEY, nodes TEXT NOT NULL) WITHOUT ROWID;`},
	tables:     []string{"forwards"},
})

var (
	qForward    = query(`SELECT nodes FROM forwards WHERE id = ?`)
	qPutForward = query(`INSERT OR REPLACE INTO forwards (id, nodes) VALUES (?, ?)`)
)

func (t forwardStore) Get(id string) ([]world.ForwardNode, error) {
	var raw string
	if err := t.one(fmt.Sprintf("forward %q", id), qForward, []any{id}, &raw); err != nil {
		return nil, err
	}
	var nodes []world.ForwardNode
	if err := json.Unmarshal([]byte(raw), &nodes); err != nil {
		return nil, fmt.Errorf("forward %q: %w", id, err)
	}
	return nodes, nil
}

func (t forwardStore) Put(id string, nodes []world.ForwardNode) error {
	raw, err := json.Marshal(nodes)
	if err != nil {
		return fmt.Errorf("encoding forward %q: %w", id, err)
	}
	_, err = t.exec(qPutForward, id, string(raw))
	return err
}
