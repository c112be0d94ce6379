package sqlite

import (
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// wordSlicesStore keeps the scripted segmentations, one row per text, the words as JSON: they
// are read and written whole.
type wordSlicesStore struct{ *tx }

func (t *tx) WordSlices() world.WordSlicesStore { return wordSlicesStore{t} }

var _ = register(feature{
	name: "wordslices",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS word_slices (content TEXT PRIMARY KEY, slices TEXT NOT NULL) WITHOUT ROWID;`},
	tables: []string{"word_slices"},
})

var (
	qWordSlices    = query(`SELECT slices FROM word_slices WHERE content = ?`)
	qPutWordSlices = query(`INSERT OR REPLACE INTO word_slices (content, slices) VALUES (?, ?)`)
)

func (t wordSlicesStore) Put(content string, slices []string) error {
	raw, err := json.Marshal(slices)
	if err != nil {
		return fmt.Errorf("word slices: %w", err)
	}
	_, err = t.exec(qPutWordSlices, content, string(raw))
	return err
}

func (t wordSlicesStore) Get(content string) ([]string, error) {
	var raw string
	if err := t.one("word slices of a text", qWordSlices, []any{content}, &raw); err != nil {
		return nil, err
	}
	var out []string
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, fmt.Errorf("word slices: %w", err)
	}
	return out, nil
}
