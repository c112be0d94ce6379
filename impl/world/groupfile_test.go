package world_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/gen"
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

// QQ's rules of group files, each refused with the error that names it.
func TestGroupFileRules(t *testing.T) {
	ctx := context.Background()
	const (
		rules  = "/a1b2c3d4e5f60718293a4b5c6d7e8f90" // 20001, by 10002 (admin), in the root
		lesson = "/0123456789abcdef0123456789abcdef" // 20001, by the bot, in 课件
		course = "/f0e1d2c3b4a5968778695a4b3c2d1e0f" // the folder 课件 of 20001
		agenda = "/b2c3d4e5f60718293a4b5c6d7e8f90a1" // 20002, by 10004 (owner)
	)
	for _, tt := range []struct {
		name string
		do   func(w *world.World) error
		want error // nil: allowed
	}{
		{"a plain member deletes another's file", func(w *world.World) error { return w.As(10003).DeleteGroupFile(ctx, 20001, rules) }, world.ErrNotPermitted},
		{"the uploader deletes its file", func(w *world.World) error { return w.As(10002).DeleteGroupFile(ctx, 20001, rules) }, nil},
		{"an admin deletes another's file", func(w *world.World) error { return w.As(10002).DeleteGroupFile(ctx, 20001, lesson) }, nil},
		{"a bot in 20002 deletes the owner's file", func(w *world.World) error { return w.Bot(0).DeleteGroupFile(ctx, 20002, agenda) }, world.ErrNotPermitted},
		{"a non-member lists", func(w *world.World) error { _, err := w.As(10004).GroupFiles(ctx, 20001, ""); return err }, world.ErrNotFound},
		{"a file of another group", func(w *world.World) error { return w.Bot(0).DeleteGroupFile(ctx, 20001, agenda) }, world.ErrNotFound},
		{"a move from the wrong folder", func(w *world.World) error { return w.Bot(0).MoveGroupFile(ctx, 20001, rules, course, "/") }, world.ErrNotFound},
		{"a move to no folder", func(w *world.World) error { return w.Bot(0).MoveGroupFile(ctx, 20001, rules, "/", "/nope") }, world.ErrNotFound},
		{"a member creates a folder", func(w *world.World) error { _, err := w.As(10003).CreateGroupFolder(ctx, 20001, "x"); return err }, world.ErrNotPermitted},
		{"a folder name taken", func(w *world.World) error { _, err := w.Bot(0).CreateGroupFolder(ctx, 20001, "课件"); return err }, world.ErrInvalid},
		{"a name with a slash", func(w *world.World) error { return w.Bot(0).RenameGroupFile(ctx, 20001, rules, "", "a/b") }, world.ErrInvalid},
		{"an upload into no folder", func(w *world.World) error {
			_, err := w.Bot(0).UploadGroupFile(ctx, world.GroupFileUpload{GroupID: 20001, FolderID: "/nope", Name: "a", Content: []byte("a")})
			return err
		}, world.ErrNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := seeded(t, world.Options{})
			err := tt.do(w)
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// A folder's deletion takes its files; a move and a rename show in the listings.
func TestGroupFolderHoldsItsFiles(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	bot := w.Bot(0)
	folder, err := bot.CreateGroupFolder(ctx, 20001, "作业")
	if err != nil {
		t.Fatal(err)
	}
	f, err := w.As(10003).UploadGroupFile(ctx, world.GroupFileUpload{GroupID: 20001, FolderID: folder.ID, Name: "a.txt", Content: []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.As(10003).RenameGroupFile(ctx, 20001, f.ID, folder.ID, "b.txt"); err != nil {
		t.Fatal(err)
	}
	l, err := bot.GroupFiles(ctx, 20001, folder.ID)
	if err != nil || len(l.Files) != 1 || l.Files[0].Name != "b.txt" || l.Files[0].UploaderID != 10003 {
		t.Fatalf("the folder lists %+v, %v; want b.txt by 10003", l.Files, err)
	}
	if root, err := bot.GroupFiles(ctx, 20001, ""); err != nil || root.FolderFiles[folder.ID] != 1 {
		t.Errorf("the root counts %d files in the folder, %v", root.FolderFiles[folder.ID], err)
	}
	if err := bot.DeleteGroupFolder(ctx, 20001, folder.ID); err != nil {
		t.Fatal(err)
	}
	files, err := w.GroupFiles(ctx, 20001)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range files {
		if g.ID == f.ID {
			t.Errorf("the deleted folder's file %s is still there", f.ID)
		}
	}
}

// A file sent privately reaches the friend's bot as the offline_file notice carrying the URL
// its bytes are served at; only its two sides get the URL; a non-friend cannot send one.
func TestPrivateFileNotice(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	var told []world.Change
	stop := w.Observe(func(cs []world.Change) { told = append(told, cs...) })
	defer stop()
	f, err := w.As(10002).SendPrivateFile(ctx, 10001, "笔记.txt", []byte("notes"))
	if err != nil {
		t.Fatal(err)
	}
	var notice *gen.OfflineFileNotice
	for _, c := range told {
		if ev, err := c.Render(10001); err == nil {
			if n, ok := ev.(gen.OfflineFileNotice); ok {
				notice = &n
			}
		}
	}
	url, err := w.Bot(0).PrivateFileURL(ctx, f.ID)
	if err != nil || notice == nil || notice.UserID != 10002 || notice.File.Name != "笔记.txt" || notice.File.Size != 5 || notice.File.URL != url {
		t.Fatalf("the bot was told %+v; its URL %q, %v", notice, url, err)
	}
	name := strings.TrimPrefix(url, world.MediaURLPath)
	if _, inline, err := w.StoredMedia(ctx, name); err != nil || string(inline) != "notes" {
		t.Errorf("%s serves %q, %v", url, inline, err)
	}
	if _, err := w.As(10003).PrivateFileURL(ctx, f.ID); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("a third account reads the URL: %v", err)
	}
	if _, err := w.As(10005).SendPrivateFile(ctx, 10001, "a.txt", []byte("a")); !errors.Is(err, world.ErrNotPermitted) {
		t.Errorf("a non-friend sends a file: %v", err)
	}
}
