package impl_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
)

// A file uploaded in chunks over HTTP lands under the stream directory with the content sent,
// is answered with its path, size and hash, and clean_stream_temp_file deletes it.
func TestUploadFileStreamOverHTTP(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "streams")
	srv := newServer(t, impl.Options{StreamDir: dir})
	post := func(params map[string]any) reply {
		body, _ := json.Marshal(params)
		_, r := call(t, newRequest(t, "POST", srv.URL+"/upload_file_stream", jsonType, string(body)))
		return r
	}
	content := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("onespec ", 40))
	sum := sha256.Sum256(content)
	half := len(content) / 2
	for i, part := range [][]byte{content[half:], content[:half]} {
		r := post(map[string]any{"stream_id": "u1", "total_chunks": 2, "file_size": len(content), "expected_sha256": hex.EncodeToString(sum[:]),
			"filename": "cat.png", "chunk_index": 1 - i, "chunk_data": base64.StdEncoding.EncodeToString(part)})
		if r.Retcode != 0 {
			t.Fatalf("chunk %d: %+v", 1-i, r)
		}
	}
	r := post(map[string]any{"stream_id": "u1", "is_complete": true})
	var fields map[string]any
	if err := json.Unmarshal(r.Data, &fields); err != nil || r.Retcode != 0 {
		t.Fatalf("complete: %+v %v", r, err)
	}
	path, _ := fields["file_path"].(string)
	if fields["type"] != "response" || fields["status"] != "file_complete" || fields["sha256"] != hex.EncodeToString(sum[:]) || fields["file_size"] != float64(len(content)) {
		t.Errorf("complete: %s", r.Data)
	}
	if rel, err := filepath.Rel(dir, path); err != nil || strings.HasPrefix(rel, "..") || filepath.Base(path) != "cat.png" {
		t.Errorf("file_path %q is not cat.png under the stream directory %s", path, dir)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != string(content) {
		t.Fatalf("the uploaded file: %v", err)
	}
	if _, r := call(t, newRequest(t, "POST", srv.URL+"/clean_stream_temp_file", jsonType, "{}")); r.Retcode != 0 {
		t.Fatalf("clean: %+v", r)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after clean_stream_temp_file the file remains: %v", err)
	}
}
