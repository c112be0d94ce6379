package worlddata_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/worlddata"
)

// --reset beside a running server on the same directory is refused before anything is
// touched: the running server's database, WAL and media stay, and it stays the only owner.
func TestResetBesideARunningServerIsRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, err := worlddata.Open(ctx, worlddata.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	id, err := first.World.Bot(0).SendGroup(ctx, 20001, []cqcode.Segment{cqcode.Text("acknowledged")})
	if err != nil {
		t.Fatal(err)
	}
	before := listDir(t, dir)

	second, err := worlddata.Open(ctx, worlddata.Config{Dir: dir, Reset: true})
	if err == nil {
		second.Close()
		t.Fatal("a second server opened a directory in use")
	}
	if !strings.Contains(err.Error(), "in use") {
		t.Errorf("the refusal does not say the directory is in use: %v", err)
	}
	if after := listDir(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("the refused reset touched the directory:\nbefore %v\nafter  %v", before, after)
	}
	if _, err := first.World.Bot(0).Message(ctx, id); err != nil {
		t.Errorf("the running server lost message %d: %v", id, err)
	}
	if _, err := first.World.Bot(0).SendGroup(ctx, 20001, []cqcode.Segment{cqcode.Text("still mine")}); err != nil {
		t.Errorf("the running server can no longer write: %v", err)
	}
	first.Close()

	// Once the first server is gone, the directory is free again.
	d, err := worlddata.Open(ctx, worlddata.Config{Dir: dir, Reset: true})
	if err != nil {
		t.Fatalf("reset after the first server stopped: %v", err)
	}
	d.Close()
}

// A data directory is onespec's or refused: a directory holding files onespec did not make is
// never used (nor reset), and a reset deletes only onespec's own files.
func TestDataDirectoryOwnership(t *testing.T) {
	ctx := context.Background()
	t.Run("foreign directory refused", func(t *testing.T) {
		dir := t.TempDir()
		mine := filepath.Join(dir, "thesis.docx")
		writeFile(t, mine)
		for _, reset := range []bool{false, true} {
			d, err := worlddata.Open(ctx, worlddata.Config{Dir: dir, Reset: reset})
			if err == nil {
				d.Close()
				t.Fatalf("reset=%v: a directory of someone else's files was used", reset)
			}
			if !strings.Contains(err.Error(), "not an onespec data directory") {
				t.Errorf("reset=%v: %v", reset, err)
			}
		}
		if got := listDir(t, dir); strings.Join(got, ",") != "thesis.docx" {
			t.Errorf("the refused directory was changed: %v", got)
		}
	})
	t.Run("reset keeps the user's files", func(t *testing.T) {
		dir := t.TempDir()
		d, err := worlddata.Open(ctx, worlddata.Config{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
		holiday := filepath.Join(dir, "media", "holiday", "IMG_0001.jpg")
		notes := filepath.Join(dir, "notes.txt")
		writeFile(t, holiday)
		writeFile(t, notes)
		d, err = worlddata.Open(ctx, worlddata.Config{Dir: dir, Reset: true})
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
		for _, p := range []string{holiday, notes} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("reset deleted a file onespec did not make: %v", err)
			}
		}
	})
	t.Run("a directory from before the marker is adopted", func(t *testing.T) {
		dir := t.TempDir()
		d, err := worlddata.Open(ctx, worlddata.Config{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		d.Close()
		if err := os.Remove(filepath.Join(dir, worlddata.MarkerName)); err != nil {
			t.Fatal(err)
		}
		d, err = worlddata.Open(ctx, worlddata.Config{Dir: dir})
		if err != nil {
			t.Fatalf("a data directory holding world.db but no marker: %v", err)
		}
		d.Close()
	})
}

func writeFile(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// listDir lists every file under dir with its size, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
