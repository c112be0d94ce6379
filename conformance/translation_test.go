package conformance

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/onespec/onespec/gen"
)

// translationAction answers translate_en2zh on the event test server from what
// set_translation scripted ("" for an unknown word), as the reference server's stand-in does;
// false for another path.
func (es *eventServer) translationAction(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path[1:] != gen.ActionTranslateEn2Zh {
		return false
	}
	var p gen.TranslateEn2ZhParams
	_ = json.NewDecoder(r.Body).Decode(&p)
	out := make([]string, len(p.Words))
	es.mu.Lock()
	for i, word := range p.Words {
		out[i] = es.translations[strings.ToLower(word)]
	}
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": gen.TranslateEn2ZhData{Words: out}, "message": "", "wording": ""})
	return true
}

// scriptTranslations keeps what set_translation scripts.
func (es *eventServer) scriptTranslations(p map[string]any) {
	list, _ := p["translations"].([]any)
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.translations == nil {
		es.translations = map[string]string{}
	}
	for _, e := range list {
		entry, _ := e.(map[string]any)
		word, _ := entry["word"].(string)
		text, _ := entry["text"].(string)
		es.translations[strings.ToLower(word)] = text
	}
}
