package conformance

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/onespec/onespec/gen"
)

// groupFiles is the event test server's group file system: what the bot uploaded, where,
// served at /files/<id>, as the reference server keeps and serves them.
type groupFiles struct {
	mu      sync.Mutex
	next    int
	files   map[string]groupFileEntry
	folders map[string]string // id -> name
}

type groupFileEntry struct {
	group        int64
	folder, name string
	content      []byte
}

// groupFileAction answers the bot's group file actions on the event test server; false for
// another path.
func (es *eventServer) groupFileAction(w http.ResponseWriter, r *http.Request) bool {
	fs := &es.files
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.files == nil {
		fs.files, fs.folders = map[string]groupFileEntry{}, map[string]string{}
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/files/"); ok {
		f, ok := fs.files["/"+id]
		if !ok {
			http.NotFound(w, r)
			return true
		}
		_, _ = w.Write(f.content)
		return true
	}
	var p struct {
		GroupID  int64  `json:"group_id"`
		Name     string `json:"name"`
		File     string `json:"file"`
		FileID   string `json:"file_id"`
		FolderID string `json:"folder_id"`
		Target   string `json:"target_parent_directory"`
	}
	var data any
	list := func(folder string) gen.GroupFileList {
		l := gen.GroupFileList{Files: []gen.GroupFileInfo{}, Folders: []gen.GroupFolderInfo{}}
		for id, f := range fs.files {
			if f.group == p.GroupID && f.folder == folder {
				l.Files = append(l.Files, gen.GroupFileInfo{GroupID: f.group, FileID: id, FileName: f.name, Busid: 102, FileSize: int64(len(f.content)), Uploader: es.self})
			}
		}
		return l
	}
	switch r.URL.Path[1:] {
	case gen.ActionCreateGroupFileFolder:
		_ = json.NewDecoder(r.Body).Decode(&p)
		fs.next++
		id := fmt.Sprintf("/folder%d", fs.next)
		fs.folders[id] = p.Name
		data = gen.CreateGroupFileFolderData{FolderID: id}
	case gen.ActionUploadGroupFile:
		_ = json.NewDecoder(r.Body).Decode(&p)
		content, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(p.File, "base64://"))
		fs.next++
		id := fmt.Sprintf("/file%d", fs.next)
		fs.files[id] = groupFileEntry{group: p.GroupID, folder: "/", name: p.Name, content: content}
		data = gen.UploadGroupFileData{FileID: id}
	case gen.ActionGetGroupRootFiles:
		_ = json.NewDecoder(r.Body).Decode(&p)
		data = list("/")
	case gen.ActionGetGroupFilesByFolder:
		_ = json.NewDecoder(r.Body).Decode(&p)
		data = list(p.FolderID)
	case gen.ActionGetGroupFileURL:
		_ = json.NewDecoder(r.Body).Decode(&p)
		data = gen.GroupFileURLData{URL: "/files" + p.FileID}
	case gen.ActionMoveGroupFile:
		_ = json.NewDecoder(r.Body).Decode(&p)
		f := fs.files[p.FileID]
		f.folder = p.Target
		fs.files[p.FileID] = f
		data = gen.GroupFileOk{Ok: true}
	case gen.ActionDeleteGroupFile:
		_ = json.NewDecoder(r.Body).Decode(&p)
		delete(fs.files, p.FileID)
	case gen.ActionDeleteGroupFolder:
		_ = json.NewDecoder(r.Body).Decode(&p)
		delete(fs.folders, p.FolderID)
	default:
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
