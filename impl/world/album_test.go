package world_test

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Albums: who may create, upload, like, comment and delete; what the views show; that the
// picture's bytes are stored and go once no picture refers to them.
func TestAlbums(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "media")
	media, err := world.NewMediaStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	png := "base64://" + base64.StdEncoding.EncodeToString([]byte("\x89PNG a picture"))

	al, err := w.As(10003).CreateAlbum(ctx, 20001, "小红的相册", "")
	if err != nil {
		t.Fatal(err)
	}
	up, err := w.As(10003).UploadAlbum(ctx, 20001, al.ID, []string{png, png})
	if err != nil || len(up) != 2 || up[0].Lloc == up[1].Lloc || up[0].BatchID != up[1].BatchID {
		t.Fatalf("upload: %+v, %v", up, err)
	}
	if _, err := os.Stat(media.Path(up[0].Hash)); err != nil {
		t.Fatalf("the picture's bytes are not stored: %v", err)
	}
	for _, tt := range []struct {
		name string
		do   func() error
		want error
	}{
		{"a non-member may not create", func() error { _, err := w.As(10004).CreateAlbum(ctx, 20001, "x", ""); return err }, world.ErrNotFound},
		{"a name of spaces", func() error { _, err := w.As(10003).CreateAlbum(ctx, 20001, "  ", ""); return err }, world.ErrInvalid},
		{"a path is no picture the world takes", func() error {
			_, err := w.As(10003).UploadAlbum(ctx, 20001, al.ID, []string{"/etc/passwd"})
			return err
		}, world.ErrInvalid},
		{"an empty upload", func() error { _, err := w.As(10003).UploadAlbum(ctx, 20001, al.ID, nil); return err }, world.ErrInvalid},
		{"no such album", func() error { _, err := w.As(10003).UploadAlbum(ctx, 20001, "nope", []string{png}); return err }, world.ErrNotFound},
		{"a member likes the batch", func() error { return w.As(10005).LikeAlbumMedia(ctx, 20001, al.ID, up[0].BatchID, "", true) }, nil},
		{"liking again changes nothing", func() error { return w.As(10005).LikeAlbumMedia(ctx, 20001, al.ID, "", up[1].Lloc, true) }, nil},
		{"no such batch", func() error { return w.As(10005).LikeAlbumMedia(ctx, 20001, al.ID, "1", "", true) }, world.ErrNotFound},
		{"a member comments", func() error { return w.As(10005).CommentAlbumMedia(ctx, 20001, al.ID, up[0].Lloc, "好看") }, nil},
		{"an empty comment", func() error { return w.As(10005).CommentAlbumMedia(ctx, 20001, al.ID, up[0].Lloc, "") }, world.ErrInvalid},
		{"another member may not delete the picture", func() error { return w.As(10005).DeleteAlbumMedia(ctx, 20001, al.ID, up[0].Lloc) }, world.ErrNotPermitted},
		{"another member may not delete the album", func() error { return w.As(10005).DeleteAlbum(ctx, 20001, al.ID) }, world.ErrNotPermitted},
		{"an admin deletes the picture", func() error { return w.As(10002).DeleteAlbumMedia(ctx, 20001, al.ID, up[1].Lloc) }, nil},
	} {
		if err := tt.do(); (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	v, err := w.As(10005).Album(ctx, 20001, al.ID)
	if err != nil || len(v.Media) != 1 {
		t.Fatalf("album: %+v, %v", v, err)
	}
	m := v.Media[0]
	if m.Likes != 1 || !m.Liked || len(m.Comments) != 1 || m.Comments[0].User.Nickname != "路人甲" || !strings.HasPrefix(m.File.URL, "file://") {
		t.Errorf("picture: %+v", m)
	}
	if v, _ := w.As(10003).Album(ctx, 20001, al.ID); v.Media[0].Liked {
		t.Error("the uploader sees the picture as liked by itself")
	}
	if err := w.As(10003).DeleteAlbum(ctx, 20001, al.ID); err != nil {
		t.Fatalf("the creator deletes the album: %v", err)
	}
	if _, err := os.Stat(media.Path(up[0].Hash)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the bytes of a picture no album holds stay: %v", err)
	}
	if _, err := w.As(10003).Album(ctx, 20001, al.ID); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("the deleted album reads: %v", err)
	}
}
