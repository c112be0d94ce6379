package sqlite

import "github.com/onespec/onespec/impl/world"

// transcriptStore keeps the scripted transcripts, one row per voice key (a content hash or a
// file name).
type transcriptStore struct{ *tx }

func (t *tx) Transcripts() world.TranscriptStore { return transcriptStore{t} }

var _ = register(feature{
	name: "transcript",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS transcripts (voice_key TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;`},
	tables: []string{"transcripts"},
})

var (
	qTranscript    = query(`SELECT text FROM transcripts WHERE voice_key = ?`)
	qPutTranscript = query(`INSERT OR REPLACE INTO transcripts (voice_key, text) VALUES (?, ?)`)
)

func (t transcriptStore) Put(key, text string) error {
	_, err := t.exec(qPutTranscript, key, text)
	return err
}

func (t transcriptStore) Get(key string) (string, error) {
	var text string
	err := t.one("transcript of "+key, qTranscript, []any{key}, &text)
	return text, err
}
