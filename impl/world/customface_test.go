package world_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// A face added from bytes is stored as media, listed newest first, described, recommended by a
// word of its description, and deleted with its stored image; every rule refuses clearly.
func TestCustomFaces(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	bot := w.Bot(0)
	img := []byte("\x89PNG fake sticker bytes")
	sum := md5.Sum(img)
	f, err := bot.AddCustomFace(ctx, world.FaceSource{Data: img, Name: "sticker.png"})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != 3 || f.MD5 != hex.EncodeToString(sum[:]) || f.Size != int64(len(img)) || !strings.HasPrefix(f.URL, "file://") {
		t.Fatalf("added: %+v", f)
	}
	stored := strings.TrimPrefix(f.URL, "file://")
	if b, err := os.ReadFile(stored); err != nil || string(b) != string(img) {
		t.Fatalf("the stored image: %q %v", b, err)
	}
	if again, err := bot.AddCustomFace(ctx, world.FaceSource{Data: img}); err != nil || again.ID != f.ID {
		t.Errorf("the same image again: %+v %v", again, err)
	}
	list, err := bot.CustomFaces(ctx, 2)
	if err != nil || len(list) != 2 || list[0].MD5 != f.MD5 || list[1].Desc != "狗狗" {
		t.Fatalf("the newest two faces: %+v %v", list, err)
	}
	if err := bot.SetCustomFaceDesc(ctx, f.ResID(), f.MD5, "开心的猫"); err != nil {
		t.Fatal(err)
	}
	rec, err := bot.RecommendFaces(ctx, "猫", 10)
	if err != nil || len(rec) != 2 || rec[0].MD5 != f.MD5 || rec[1].Desc != "猫猫" {
		t.Errorf("faces for 猫 (the newest first): %+v %v", rec, err)
	}
	if rec, err := bot.RecommendFaces(ctx, "兔", 10); err != nil || len(rec) != 0 {
		t.Errorf("faces for 兔: %+v %v", rec, err)
	}
	for _, tt := range []struct {
		name string
		err  error
		want error
	}{
		{"empty image", func() error { _, err := bot.AddCustomFace(ctx, world.FaceSource{Data: []byte{}}); return err }(), world.ErrInvalid},
		{"unknown image", func() error { _, err := bot.AddCustomFace(ctx, world.FaceSource{Image: "0000.image"}); return err }(), world.ErrNotFound},
		{"long description", bot.SetCustomFaceDesc(ctx, f.ResID(), f.MD5, strings.Repeat("猫", world.MaxCustomFaceDesc+1)), world.ErrInvalid},
		{"wrong md5", bot.SetCustomFaceDesc(ctx, f.ResID(), strings.Repeat("0", 32), "x"), world.ErrInvalid},
		{"another account's face", w.As(10002).DeleteCustomFaces(ctx, []string{f.ResID()}), world.ErrNotFound},
		{"nothing to delete", bot.DeleteCustomFaces(ctx, nil), world.ErrInvalid},
		{"empty word", func() error { _, err := bot.RecommendFaces(ctx, " ", 10); return err }(), world.ErrInvalid},
	} {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.err, tt.want)
		}
	}
	if err := bot.DeleteCustomFaces(ctx, []string{f.ResID(), "no-such-face"}); !errors.Is(err, world.ErrNotFound) {
		t.Fatalf("deleting with an unknown face: %v", err)
	}
	if list, _ := bot.CustomFaces(ctx, 48); len(list) != 3 {
		t.Errorf("a refused delete deleted some: %d faces", len(list))
	}
	if err := bot.DeleteCustomFaces(ctx, []string{f.ResID()}); err != nil {
		t.Fatal(err)
	}
	if list, _ := bot.CustomFaces(ctx, 48); len(list) != 2 {
		t.Errorf("after the delete: %+v", list)
	}
	if _, err := os.Stat(stored); !os.IsNotExist(err) {
		t.Errorf("the deleted face's image stays: %v", err)
	}
}
