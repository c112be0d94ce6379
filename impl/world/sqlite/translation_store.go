package sqlite

import "github.com/onespec/onespec/impl/world"

// translationStore keeps the scripted translation table, one row per normalized word.
type translationStore struct{ *tx }

func (t *tx) Translations() world.TranslationStore { return translationStore{t} }

var _ = register(feature{
	name: "translation",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS translations (word TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;`},
	tables: []string{"translations"},
})

var (
	qTranslation    = query(`SELECT text FROM translations WHERE word = ?`)
	qPutTranslation = query(`INSERT OR REPLACE INTO translations (word, text) VALUES (?, ?)`)
	qDelTranslation = query(`DELETE FROM translations WHERE word = ?`)
)

func (t translationStore) Put(word, text string) error {
	_, err := t.exec(qPutTranslation, word, text)
	return err
}

func (t translationStore) Delete(word string) error {
	_, err := t.exec(qDelTranslation, word)
	return err
}

func (t translationStore) Get(word string) (string, error) {
	var text string
	err := t.one("translation of "+word, qTranslation, []any{word}, &text)
	return text, err
}
