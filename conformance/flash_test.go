package conformance

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/onespec/onespec/gen"
)

// flashAction answers the flash transfer actions on the event test server, as a conforming
// implementation does (its files' bytes in the test's temporary directory), so that the round
// trip of flash.go can pass; false for another path.
func (es *eventServer) flashAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	switch action {
	case gen.ActionCreateFlashTask, gen.ActionGetFlashFileList, gen.ActionGetFlashFileURL:
	default:
		return false
	}
	var p struct {
		Files     []string `json:"files"`
		Name      string   `json:"name"`
		FilesetID string   `json:"fileset_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.flash == nil {
		es.flash = map[string]string{}
	}
	var data any
	switch action {
	case gen.ActionCreateFlashTask:
		b, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(p.Files[0], "base64://"))
		id := "set-" + p.Name
		path := filepath.Join(es.t.TempDir(), "flash")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			es.t.Error(err)
		}
		es.flash[id] = path
		data = gen.FlashFileSet{FilesetID: id, Name: p.Name, FileCount: 1, TotalSize: int64(len(b)), ShareLink: "https://example.com/" + id}
	case gen.ActionGetFlashFileList:
		info, _ := os.Stat(es.flash[p.FilesetID])
		data = gen.FlashFileList{{FileName: "a.txt", Size: info.Size()}}
	case gen.ActionGetFlashFileURL:
		data = gen.FlashFileURL{FileName: "a.txt", URL: "file://" + es.flash[p.FilesetID]}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
