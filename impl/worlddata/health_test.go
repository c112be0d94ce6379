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

// A world.db deleted (or replaced) while the server runs is noticed at the next write, which
// is refused instead of acknowledged into a file nobody will open again.
func TestVanishedDatabaseDetected(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := worlddata.Open(ctx, worlddata.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	send := func() error {
		_, err := d.World.Bot(0).SendGroup(ctx, 20001, []cqcode.Segment{cqcode.Text("hello")})
		return err
	}
	if err := send(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "world.db")); err != nil {
		t.Fatal(err)
	}
	err = send()
	if err == nil {
		t.Fatal("a write after world.db was deleted was acknowledged")
	}
	if !strings.Contains(err.Error(), "world.db") {
		t.Errorf("the error does not name the database: %v", err)
	}
}

// A read-only world.db is refused at start, saying so, instead of failing every write later.
func TestReadOnlyDatabaseRefusedAtStart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := worlddata.Open(ctx, worlddata.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	db := filepath.Join(dir, "world.db")
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(db, 0o644)
	d, err = worlddata.Open(ctx, worlddata.Config{Dir: dir})
	if err == nil {
		d.Close()
		t.Fatal("a read-only world.db was opened")
	}
	if !strings.Contains(err.Error(), "read-only") {
		t.Errorf("%v", err)
	}
}
