package worlddata_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/worlddata"
)

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
