package conformance

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"

	"github.com/onespec/onespec/gen"
)

// eventFilterAction answers reload_event_filter on the event test server: it reads the file
// and, from then on, withholds the events its rules refuse (the one form the suite writes,
// {field: {".not": {".contains": text}}}, and {} which passes everything); false for another
// path.
func (es *eventServer) eventFilterAction(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path[1:] != gen.ActionReloadEventFilter {
		return false
	}
	var p struct {
		File string `json:"file"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	rules := map[string]string{}
	if p.File != "" {
		var file map[string]map[string]map[string]string
		raw, err := os.ReadFile(p.File)
		if err == nil {
			err = json.Unmarshal(raw, &file)
		}
		if err != nil {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{"status": "failed", "retcode": 1400, "data": nil, "message": err.Error(), "wording": ""})
			return true
		}
		for field, rule := range file {
			rules[field] = rule[".not"][".contains"]
		}
	}
	es.mu.Lock()
	es.filter = rules
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": nil, "message": "", "wording": ""})
	return true
}

// withholds reports whether the loaded filter refuses ev (never under the ignoreFilter fault).
func (es *eventServer) withholds(ev map[string]any) bool {
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.faults.ignoreFilter {
		return false
	}
	for field, text := range es.filter {
		if v, _ := ev[field].(string); strings.Contains(v, text) {
			return true
		}
	}
	return false
}
