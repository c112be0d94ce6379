package world_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// A group file's bytes are served under the name its URL gives, whether the world keeps them
// in its media store or inline; deleting the file deletes the stored bytes.
func TestGroupFileServedAndDeleted(t *testing.T) {
	ctx := context.Background()
	for _, withMedia := range []bool{true, false} {
		var opts world.Options
		if withMedia {
			media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
			if err != nil {
				t.Fatal(err)
			}
			opts.Media = media
		}
		w, _ := seeded(t, opts)
		content := []byte("课程表 schedule")
		f, err := w.As(10002).UploadGroupFile(ctx, world.GroupFileUpload{GroupID: 20001, Name: "课程表.txt", Content: content})
		if err != nil {
			t.Fatal(err)
		}
		url, err := w.Bot(0).GroupFileURL(ctx, 20001, f.ID)
		if err != nil || !strings.HasPrefix(url, world.MediaURLPath) {
			t.Fatalf("media %v: url %q, %v", withMedia, url, err)
		}
		name := strings.TrimPrefix(url, world.MediaURLPath)
		path, inline, err := w.StoredMedia(ctx, name)
		if err != nil {
			t.Fatalf("media %v: %v", withMedia, err)
		}
		if inline == nil {
			if inline, err = os.ReadFile(path); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(inline, content) {
			t.Errorf("media %v: served %q, want %q", withMedia, inline, content)
		}
		if err := w.Bot(0).DeleteGroupFile(ctx, 20001, f.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.StoredMedia(ctx, name); !errors.Is(err, world.ErrNotFound) {
			t.Errorf("media %v: deleted file still served: %v", withMedia, err)
		}
		if withMedia {
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the deleted file's bytes are still at %s: %v", path, err)
			}
		}
	}
}
