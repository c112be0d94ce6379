package world_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// Every way a sent media reference can point somewhere it must not, against the rules that
// forbid it: each fails the send with 1400 saying why, and nothing is stored; the same
// references the rules allow are sent.
func TestMediaSourcesRefuseHostileReferences(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	outside := filepath.Join(dir, "outside")
	for _, d := range []string{root, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path string, n int) {
		if err := os.WriteFile(path, []byte(strings.Repeat("p", n)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "ok.png"), 10)
	write(filepath.Join(root, "big.png"), 2000)
	write(filepath.Join(outside, "secret.png"), 10)
	if err := os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(root, "link.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "linkdir")); err != nil {
		t.Fatal(err)
	}

	var hits int
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		switch r.URL.Path {
		case "/ok.png":
			_, _ = w.Write([]byte("remote picture"))
		case "/big.png":
			_, _ = w.Write([]byte(strings.Repeat("p", 2000)))
		case "/chunked-big.png": // no Content-Length: the cap applies while reading
			w.(http.Flusher).Flush()
			for range 20 {
				_, _ = w.Write([]byte(strings.Repeat("p", 100)))
				w.(http.Flusher).Flush()
			}
		case "/away":
			http.Redirect(w, r, "http://example.invalid/x.png", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/ok.png", http.StatusFound)
		case "/slow":
			time.Sleep(2 * time.Second)
		default:
			http.NotFound(w, r)
		}
	}))
	defer remote.Close()

	rooted := world.MediaSources{LocalRoots: []string{root}, MaxBytes: 1000, Timeout: 500 * time.Millisecond}
	beyondLoopback := world.MediaSources{MaxBytes: 1000}
	onLoopback := world.MediaSources{AnyLocalPath: true, MaxBytes: 1000}
	for _, tt := range []struct {
		name    string
		sources world.MediaSources
		file    string
		want    string // "" sends; else the error says this
	}{
		{"a path inside the root", rooted, filepath.Join(root, "ok.png"), ""},
		{"a file:// URI inside the root", rooted, "file://" + filepath.Join(root, "ok.png"), ""},
		{"dot-dot out of the root", rooted, filepath.Join(root, "..", "outside", "secret.png"), "outside the configured --media-roots"},
		{"a symlink out of the root", rooted, filepath.Join(root, "link.png"), "outside the configured --media-roots"},
		{"through a linked directory", rooted, "file://" + filepath.Join(root, "linkdir", "secret.png"), "outside the configured --media-roots"},
		{"a directory", onLoopback, "file://" + root, "not a regular file"},
		{"a missing file", onLoopback, filepath.Join(root, "none.png"), "cannot be read"},
		{"a file over the cap", rooted, filepath.Join(root, "big.png"), "more than the 1000 bytes"},
		{"/etc/passwd from a server beyond loopback", beyondLoopback, "file:///etc/passwd", "no --media-roots are configured"},
		{"a bare path from a server beyond loopback", beyondLoopback, "/etc/passwd", "no --media-roots are configured"},
		{"a file:// URI naming another host", onLoopback, "file://evil.example/etc/passwd", "not a file:///absolute/path URI"},
		{"any path on loopback", onLoopback, filepath.Join(outside, "secret.png"), ""},
		{"a loopback URL", onLoopback, remote.URL + "/ok.png", ""},
		{"a redirect on the same host", onLoopback, remote.URL + "/here", ""},
		{"a non-loopback host", onLoopback, "http://example.com/cat.png", "only loopback and the --media-hosts are fetched"},
		{"a metadata address", onLoopback, "http://169.254.169.254/latest/meta-data", "only loopback and the --media-hosts are fetched"},
		{"a redirect to another host", onLoopback, remote.URL + "/away", "only loopback and the --media-hosts are fetched"},
		{"a redirect loop", onLoopback, remote.URL + "/loop", "redirects"},
		{"a remote file over the cap", onLoopback, remote.URL + "/big.png", "more than the 1000"},
		{"a streamed remote file over the cap", onLoopback, remote.URL + "/chunked-big.png", "more than the 1000"},
		{"an HTTP error", onLoopback, remote.URL + "/missing.png", "HTTP 404"},
		{"a fetch past the timeout", rooted, remote.URL + "/slow", "no answer within 500ms (--media-timeout)"},
		{"an unknown name", onLoopback, "never-received.image", "no received image's name"},
		{"base64 over the cap", onLoopback, "base64://" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("p", 2000))), "more than the 1000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
			if err != nil {
				t.Fatal(err)
			}
			w, _ := seeded(t, world.Options{Media: media, MediaSources: tt.sources})
			before := storedFiles(t, media)
			seg := cqcode.Segment{Type: "image", Data: cqcode.Data{}.With("file", tt.file)}
			id, err := w.Bot(0).SendGroup(ctx, 20001, []cqcode.Segment{seg})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, world.ErrInvalid) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "message.0.data.file") {
				t.Fatalf("message %d, error %v; want a 1400 on message.0.data.file saying %q", id, err, tt.want)
			}
			if after := storedFiles(t, media); after != before {
				t.Errorf("a refused send left files under media/: %d before, %d after", before, after)
			}
		})
	}
}

// A host named in Hosts is fetched; one allowed as loopback must also connect to loopback.
func TestMediaHostsConfigured(t *testing.T) {
	ctx := context.Background()
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("remote picture"))
	}))
	defer remote.Close()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media, MediaSources: world.MediaSources{Hosts: []string{"localhost"}}})
	url := strings.Replace(remote.URL, "127.0.0.1", "localhost", 1)
	data, ok, err := w.ReadMedia(ctx, "file", url+"/x.png")
	if err != nil || !ok || string(data) != "remote picture" {
		t.Errorf("ReadMedia(%s): %q, %v, %v", url, data, ok, err)
	}
}

// storedFiles counts the files under the media store's directory.
func storedFiles(t *testing.T, media *world.MediaStore) int {
	t.Helper()
	n := 0
	dir := filepath.Dir(filepath.Dir(media.Path(strings.Repeat("0", 64))))
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
