package impl_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

// The two-account flow of media: bot A sends an image by file:// path (the server on
// loopback reads any path), bot B receives a segment whose file get_image takes and whose url
// this server serves; get_image answers a local path holding the same bytes.
func TestImageByPathReachesTheOtherBot(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w := world.New(st, world.Options{Now: func() time.Time { return fixedNow }, Media: media, MediaSources: world.MediaSources{AnyLocalPath: true}})
	if err := world.Seed(ctx, w); err != nil {
		t.Fatal(err)
	}
	if err := w.Populate(ctx, func(u *world.Universe) error {
		if err := u.AddAccount(world.Account{ID: 10009, Nickname: "B", Bot: true}); err != nil {
			return err
		}
		return u.Befriend(10001, 10009, "", "")
	}); err != nil {
		t.Fatal(err)
	}
	h := handler(t, w, impl.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Self-ID") == "10009" {
			r = r.WithContext(botctx.With(r.Context(), 10009))
		}
		h.ServeHTTP(rw, r)
	}))
	defer srv.Close()
	w.SetMediaURLBase(srv.URL)
	as := func(self, action string, body any) reply {
		raw, _ := json.Marshal(body)
		req := newRequest(t, "POST", srv.URL+"/"+action, jsonType, string(raw))
		req.Header.Set("X-Self-ID", self)
		_, r := call(t, req)
		return r
	}

	picture := []byte("\x89PNG\r\n\x1a\n a picture sent by path")
	path := filepath.Join(t.TempDir(), "cat.png")
	if err := os.WriteFile(path, picture, 0o644); err != nil {
		t.Fatal(err)
	}
	r := as("10001", "send_private_msg", map[string]any{"user_id": 10009, "message": []any{map[string]any{"type": "image", "data": map[string]any{"file": "file://" + path}}}})
	var sent struct {
		MessageID int32 `json:"message_id"`
	}
	if err := json.Unmarshal(r.Data, &sent); err != nil || r.Retcode != 0 {
		t.Fatalf("A sends the image: %+v", r)
	}
	r = as("10009", "get_msg", map[string]any{"message_id": sent.MessageID})
	var got struct {
		Message []struct {
			Type string `json:"type"`
			Data struct {
				File string `json:"file"`
				URL  string `json:"url"`
			} `json:"data"`
		} `json:"message"`
	}
	if err := json.Unmarshal(r.Data, &got); err != nil || len(got.Message) != 1 || got.Message[0].Type != "image" {
		t.Fatalf("B reads the message: %+v", r)
	}
	seg := got.Message[0].Data
	if seg.File == "" || seg.File == path || seg.URL != srv.URL+world.MediaURLPath+seg.File {
		t.Fatalf("B's image segment: file %q, url %q; want the stored name and a url of this server", seg.File, seg.URL)
	}
	res, err := http.Get(seg.URL)
	if err != nil {
		t.Fatal(err)
	}
	served := new(bytes.Buffer)
	_, _ = served.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(served.Bytes(), picture) {
		t.Errorf("the url serves HTTP %d, %q; want the picture", res.StatusCode, served.Bytes())
	}

	r = as("10009", "get_image", map[string]any{"file": seg.File})
	var image struct {
		File string `json:"file"`
		URL  string `json:"url"`
		Size int64  `json:"size"`
	}
	if err := json.Unmarshal(r.Data, &image); err != nil || r.Retcode != 0 {
		t.Fatalf("B's get_image: %+v", r)
	}
	onDisk, err := os.ReadFile(image.File)
	if err != nil || !bytes.Equal(onDisk, picture) || image.URL != seg.URL || image.Size != int64(len(picture)) {
		t.Errorf("get_image answered %+v: the file holds %q (%v); want the picture, its url and size", image, onDisk, err)
	}

	other := "0" // another content's name: not stored
	if seg.File[0] == '0' {
		other = "1"
	}
	for _, bad := range []string{srv.URL + world.MediaURLPath + "../world.db", srv.URL + world.MediaURLPath + other + seg.File[1:], srv.URL + world.MediaURLPath + "x"} {
		res, err := http.Get(bad)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: HTTP %d, want 404", bad, res.StatusCode)
		}
	}
}

// get_record of a voice the world keeps: the stored file when it is in out_format already;
// another format needs ffmpeg, and without it the answer is 1500 saying so.
func TestRecordConversion(t *testing.T) {
	ctx := context.Background()
	srv, w := newServerWorld(t, impl.Options{})
	amr := []byte("#!AMR\n a voice")
	id, err := w.As(10002).SendPrivate(ctx, 10001, 0, []cqcode.Segment{{Type: "record", Data: cqcode.Data{}.With("file", "base64://"+base64.StdEncoding.EncodeToString(amr))}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := w.Bot(0).Message(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	name, _ := m.Segments[0].Data.Get("file").(string)
	var got struct {
		File string `json:"file"`
	}
	_, r := call(t, newRequest(t, "POST", srv.URL+"/get_record", jsonType, `{"file":"`+name+`","out_format":"amr"}`))
	if err := json.Unmarshal(r.Data, &got); err != nil || r.Retcode != 0 {
		t.Fatalf("get_record as amr: %+v", r)
	}
	if onDisk, err := os.ReadFile(got.File); err != nil || !bytes.Equal(onDisk, amr) {
		t.Errorf("get_record as amr answered %s holding %q (%v); want the voice", got.File, onDisk, err)
	}
	_, r = call(t, newRequest(t, "POST", srv.URL+"/get_record", jsonType, `{"file":"`+name+`","out_format":"mp3"}`))
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		if r.Retcode != 1500 || !strings.Contains(r.Message, "ffmpeg") {
			t.Errorf("get_record as mp3 without ffmpeg: %+v; want 1500 naming ffmpeg", r)
		}
		return
	}
	if r.Retcode != 1500 && r.Retcode != 0 { // ffmpeg refuses these bytes, or converts real audio
		t.Errorf("get_record as mp3 with ffmpeg: %+v", r)
	}
}
