package sqlite

import (
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/impl/world"
)

// ocrStore keeps the scripted OCR results, one row per image key (a content hash or a file
// name), the texts as JSON: they are read and written whole.
type ocrStore struct{ *tx }

func (t *tx) OCR() world.OCRStore { return ocrStore{t} }

var _ = register(feature{
	name: "ocr",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS ocr_results (image_key TEXT PRIMARY KEY, language TEXT NOT NULL, texts TEXT NOT NULL) WITHOUT ROWID;`},
	tables: []string{"ocr_results"},
})

var (
	qOCR    = query(`SELECT image_key, language, texts FROM ocr_results WHERE image_key = ?`)
	qPutOCR = query(`INSERT OR REPLACE INTO ocr_results (image_key, language, texts) VALUES (?, ?, ?)`)
)

func (t ocrStore) Put(r world.OCRResult) error {
	raw, err := json.Marshal(r.Texts)
	if err != nil {
		return fmt.Errorf("OCR texts of %s: %w", r.Key, err)
	}
	_, err = t.exec(qPutOCR, r.Key, r.Language, string(raw))
	return err
}

func (t ocrStore) Get(key string) (world.OCRResult, error) {
	r := world.OCRResult{Key: key}
	var raw string
	if err := t.one(fmt.Sprintf("OCR of %s", key), qOCR, []any{key}, &r.Key, &r.Language, &raw); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(raw), &r.Texts); err != nil {
		return r, fmt.Errorf("OCR texts of %s: %w", key, err)
	}
	return r, nil
}
