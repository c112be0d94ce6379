package sqlite

import "github.com/onespec/onespec/impl/world"

// aiCharacterStore keeps the scripted list of AI voices, in order (position).
type aiCharacterStore struct{ *tx }

func (t *tx) AICharacters() world.AICharacterStore { return aiCharacterStore{t} }

var _ = register(feature{
	name: "aivoice",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS ai_characters (position INTEGER PRIMARY KEY, category TEXT NOT NULL, id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL, preview_url TEXT NOT NULL);`},
	tables: []string{"ai_characters"},
})

var (
	qClearAICharacters = query(`DELETE FROM ai_characters`)
	qPutAICharacter    = query(`INSERT INTO ai_characters (position, category, id, name, preview_url) VALUES (?, ?, ?, ?, ?)`)
	qAICharacters      = query(`SELECT category, id, name, preview_url FROM ai_characters ORDER BY position`)
)

func (t aiCharacterStore) Replace(list []world.AICharacter) error {
	if _, err := t.exec(qClearAICharacters); err != nil {
		return err
	}
	for i, c := range list {
		if _, err := t.exec(qPutAICharacter, i, c.Category, c.ID, c.Name, c.PreviewURL); err != nil {
			return err
		}
	}
	return nil
}

func (t aiCharacterStore) List() ([]world.AICharacter, error) {
	return list(t.tx, qAICharacters, nil, columns(func(c *world.AICharacter) []any {
		return []any{&c.Category, &c.ID, &c.Name, &c.PreviewURL}
	}))
}
