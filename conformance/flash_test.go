package conformance

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// flashAction answers the flash transfer actions on the event test server, as a conforming
// implementation does (its files' bytes in the test's temporary directory), so that the round
// trip of flash.go can pass; false for another path.
func (es *eventServer) flashAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	switch action {
	case gen.ActionCreateFlashTask, gen.ActionGetFilesetID, gen.ActionGetFlashFileList, gen.ActionGetFlashFileURL:
	default:
		return false
	}
	var p struct {
		Files     []string `json:"files"`
		Name      string   `json:"name"`
		FilesetID string   `json:"fileset_id"`
		ShareCode string   `json:"share_code"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	defer es.mu.Unlock()
	var data any
	switch action {
	case gen.ActionCreateFlashTask:
		b, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(p.Files[0], "base64://"))
		id := es.keepFlash(b)
		data = gen.FlashFileSet{FilesetID: id, Name: p.Name, FileCount: 1, TotalSize: int64(len(b)), ShareLink: "https://example.com/" + id}
	case gen.ActionGetFilesetID:
		data = gen.FilesetID{FilesetID: strings.TrimPrefix(p.ShareCode, "https://example.com/")}
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

// keepFlash keeps a flash set of one file (es.mu held) and returns its id.
func (es *eventServer) keepFlash(b []byte) string {
	if es.flash == nil {
		es.flash = map[string]string{}
	}
	id := fmt.Sprintf("set-%d", len(es.flash)+1)
	path := filepath.Join(es.t.TempDir(), id)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		es.t.Error(err)
	}
	es.flash[id] = path
	return id
}

// shareFlash keeps what the world control API's share_flash_set shared.
func (es *eventServer) shareFlash(id func(string) int64, p map[string]any) control.WorldFlashSet {
	es.mu.Lock()
	defer es.mu.Unlock()
	files, _ := p["files"].([]any)
	first, _ := files[0].(map[string]any)
	content, _ := first["content"].(string)
	b, _ := base64.StdEncoding.DecodeString(content)
	set := es.keepFlash(b)
	return control.WorldFlashSet{FilesetID: set, UserID: id("user_id"), Name: set, ShareCode: set, ShareLink: "https://example.com/" + set, FileCount: 1}
}
