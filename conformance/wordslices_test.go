package conformance

import (
	"encoding/json"
	"net/http"

	"github.com/onespec/onespec/gen"
)

// wordSlicesAction answers .get_word_slices on the event test server with what set_word_slices
// scripted for the text (each character a word when nothing was, or every time under the
// cannedWords fault); false for another path.
func (es *eventServer) wordSlicesAction(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path[1:] != gen.ActionGetWordSlices {
		return false
	}
	var p gen.GetWordSlicesParams
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	words, scripted := es.words[p.Content]
	es.mu.Unlock()
	if !scripted || es.faults.cannedWords {
		words = []string{}
		for _, c := range p.Content {
			words = append(words, string(c))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": gen.WordSlicesData{Slices: words}, "message": "", "wording": ""})
	return true
}

// scriptWords keeps what set_word_slices scripts for a text.
func (es *eventServer) scriptWords(p map[string]any) {
	raw, _ := json.Marshal(p["slices"])
	var words []string
	_ = json.Unmarshal(raw, &words)
	content, _ := p["content"].(string)
	es.mu.Lock()
	es.words[content] = words
	es.mu.Unlock()
}
