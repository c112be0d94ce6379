package world_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// A created set is listed by anyone with its id, its files in order with their bytes at their
// URLs; bad file lists are refused naming the rule.
func TestFlashSets(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	bot := w.As(10001)
	set, files, err := bot.CreateFlashSet(ctx, "", []world.FlashUpload{{Name: "a.txt", Content: []byte("alpha")}, {Name: "b.txt", Content: []byte("beta!")}})
	if err != nil {
		t.Fatal(err)
	}
	if set.ID != world.FlashSetID(2) || set.Name != "a.txt" || set.OwnerID != 10001 || len(files) != 2 {
		t.Fatalf("created %+v %+v, want flash-2 named a.txt with two files", set, files)
	}
	// Anyone with the id lists the set; the URL holds the bytes.
	got, listed, err := w.As(10002).FlashFiles(ctx, set.ID)
	if err != nil || got != set || len(listed) != 2 || listed[1].Name != "b.txt" || listed[1].Index != 1 {
		t.Fatalf("FlashFiles = %+v %+v, %v", got, listed, err)
	}
	url := w.FlashFileURL(listed[1])
	data, err := os.ReadFile(strings.TrimPrefix(url, "file://"))
	if err != nil || string(data) != "beta!" {
		t.Fatalf("%s holds %q, %v; want beta!", url, data, err)
	}
	if set.Code == world.FlashShareCode(world.FlashSetID(1)) {
		t.Error("two sets share one code")
	}
	for _, code := range []string{set.Code, world.FlashShareLink(set.Code), "https://example.com/s?code=" + set.Code} {
		if got, err := bot.FlashSetByCode(ctx, code); err != nil || got.ID != set.ID {
			t.Errorf("FlashSetByCode(%q) = %+v, %v; want %s", code, got, err, set.ID)
		}
	}

	for _, tc := range []struct {
		name  string
		files []world.FlashUpload
		want  error
		msg   string
	}{
		{"no files", nil, world.ErrInvalid, "1 to"},
		{"a path as name", []world.FlashUpload{{Name: "../x", Content: []byte("x")}}, world.ErrInvalid, "files[0]"},
		{"too many", make([]world.FlashUpload, world.MaxFlashFiles+1), world.ErrInvalid, "1 to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := bot.CreateFlashSet(ctx, "x", tc.files)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want %v naming %q", err, tc.want, tc.msg)
			}
		})
	}
	if _, _, err := bot.FlashFiles(ctx, "flash-99"); !errors.Is(err, world.ErrNotFound) {
		t.Fatalf("unknown set: err = %v, want not found", err)
	}
}
