package conformance

import (
	"encoding/json"
	"net/http"

	"github.com/onespec/onespec/gen"
)

// aiVoiceAction answers get_ai_characters on the event test server with what
// set_ai_characters scripted, by category, as the reference server's stand-in does; false for
// another path.
func (es *eventServer) aiVoiceAction(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path[1:] != gen.ActionGetAiCharacters {
		return false
	}
	out := gen.AiCharacterCategoryList{}
	es.mu.Lock()
	for _, c := range es.aiCharacters {
		if len(out) == 0 || out[len(out)-1].Type != c.Type {
			out = append(out, gen.AiCharacterCategory{Type: c.Type, Characters: []gen.AiCharacter{}})
		}
		last := &out[len(out)-1]
		last.Characters = append(last.Characters, gen.AiCharacter{CharacterID: c.CharacterID, CharacterName: c.CharacterName})
	}
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": out, "message": "", "wording": ""})
	return true
}

// scriptAICharacters keeps what set_ai_characters scripts.
func (es *eventServer) scriptAICharacters(p map[string]any) {
	raw, _ := json.Marshal(p["characters"])
	var chars []struct {
		Type          string `json:"type"`
		CharacterID   string `json:"character_id"`
		CharacterName string `json:"character_name"`
	}
	_ = json.Unmarshal(raw, &chars)
	es.mu.Lock()
	es.aiCharacters = es.aiCharacters[:0]
	for _, c := range chars {
		es.aiCharacters = append(es.aiCharacters, aiCharacter{Type: c.Type, CharacterID: c.CharacterID, CharacterName: c.CharacterName})
	}
	es.mu.Unlock()
}

// aiCharacter is one character set_ai_characters scripted on the event test server.
type aiCharacter struct{ Type, CharacterID, CharacterName string }
