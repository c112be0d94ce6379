package conformance

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// faceServer keeps the bot's custom faces, stream uploads and online files on the event test
// server, as a conforming implementation does, so that the round trips of customface.go and
// onlinefile.go can pass.
type faceServer struct {
	faces   []gen.CustomFaceDetail
	uploads map[string]map[int][]byte
	files   map[string][]byte // completed uploads, by path
	offers  []gen.OnlineFileMsg
}

func newFaceServer() *faceServer {
	return &faceServer{uploads: map[string]map[int][]byte{}, files: map[string][]byte{}}
}

// customFaceAction answers the custom face and stream upload actions; false for another path.
func (es *eventServer) customFaceAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	var p map[string]any
	switch action {
	case gen.ActionAddCustomFace, gen.ActionFetchCustomFaceDetail, gen.ActionSetCustomFaceDesc, gen.ActionDeleteCustomFace, gen.ActionUploadFileStream,
		gen.ActionGetOnlineFileMsg, gen.ActionReceiveOnlineFile:
		_ = json.NewDecoder(r.Body).Decode(&p)
	default:
		return false
	}
	str := func(k string) string { v, _ := p[k].(string); return v }
	es.mu.Lock()
	defer es.mu.Unlock()
	fs := es.faces
	var data any
	switch action {
	case gen.ActionAddCustomFace:
		file := str("file")
		b, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(file, "base64://"))
		if !strings.HasPrefix(file, "base64://") {
			b = fs.files[file]
		}
		sum := md5.Sum(b)
		m := hex.EncodeToString(sum[:])
		f := gen.CustomFaceDetail{Uin: "1", EmoID: int32(len(fs.faces) + 1), ResID: "res-" + m, Md5: m, URL: "https://example.com/" + m, IsExist: true}
		fs.faces = append(fs.faces, f)
		data = f
	case gen.ActionFetchCustomFaceDetail:
		data = fs.faces
	case gen.ActionSetCustomFaceDesc:
		for i := range fs.faces {
			if fs.faces[i].ResID == str("res_id") {
				fs.faces[i].Desc = str("desc")
			}
		}
	case gen.ActionDeleteCustomFace:
		fs.faces = slices.DeleteFunc(fs.faces, func(f gen.CustomFaceDetail) bool { return f.ResID == str("res_id") })
	case gen.ActionGetOnlineFileMsg:
		data = fs.offers
	case gen.ActionReceiveOnlineFile:
		for i := range fs.offers {
			if fs.offers[i].MsgID == str("msg_id") {
				fs.offers[i].State = gen.OnlineFileMsgStateReceived
				data = fs.offers[i]
			}
		}
	case gen.ActionUploadFileStream:
		id := str("stream_id")
		if fs.uploads[id] == nil {
			fs.uploads[id] = map[int][]byte{}
		}
		if chunk, ok := p["chunk_index"].(float64); ok {
			fs.uploads[id][int(chunk)], _ = base64.StdEncoding.DecodeString(str("chunk_data"))
			data = gen.UploadFileStreamData{Type: gen.UploadFileStreamDataTypeStream, StreamID: id, Status: gen.UploadFileStreamDataStatusChunkReceived}
			break
		}
		var idx []int
		for i := range fs.uploads[id] {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		var whole []byte
		for _, i := range idx {
			whole = append(whole, fs.uploads[id][i]...)
		}
		path := "/tmp/uploads/" + id
		fs.files[path] = whole
		data = gen.UploadFileStreamData{Type: gen.UploadFileStreamDataTypeResponse, StreamID: id, Status: gen.UploadFileStreamDataStatusFileComplete, FilePath: &path}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}

// offer keeps what the world control API's offer_online_file offered the bot.
func (es *eventServer) offer(id func(string) int64, p map[string]any) control.WorldOnlineFile {
	es.mu.Lock()
	defer es.mu.Unlock()
	name, _ := p["name"].(string)
	content, _ := p["content"].(string)
	b, _ := base64.StdEncoding.DecodeString(content)
	msgID := strconv.Itoa(len(es.faces.offers) + 1)
	es.faces.offers = append(es.faces.offers, gen.OnlineFileMsg{MsgID: msgID, ElementID: msgID, SenderID: id("user_id"), ReceiverID: es.self,
		FileName: name, FileSize: int64(len(b)), State: gen.OnlineFileMsgStateOffered})
	return control.WorldOnlineFile{MsgID: msgID, UserID: id("user_id"), TargetID: es.self, Name: name, Size: int64(len(b)), State: control.WorldOnlineFileStateOffered}
}
