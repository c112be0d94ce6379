package worlddata_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worlddata"
)

// A data directory keeps its world across opens; a world file is loaded only into a new
// world, and --reset starts over.
func TestDataDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func(cfg worlddata.Config) (*worlddata.Data, error) {
		cfg.Dir = dir
		return worlddata.Open(ctx, cfg)
	}
	d, err := open(worlddata.Config{})
	if err != nil || !d.Created {
		t.Fatalf("first open: %+v %v", d, err)
	}
	id, err := d.World.Bot(0).SendGroup(ctx, 20001, []cqcode.Segment{cqcode.Text("kept")})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	d, err = open(worlddata.Config{})
	if err != nil || d.Created {
		t.Fatalf("second open: %+v %v", d, err)
	}
	if _, err := d.World.Bot(0).Message(ctx, id); err != nil {
		t.Errorf("message %d after reopening: %v", id, err)
	}
	d.Close()

	loaded := false
	load := func(context.Context, *world.World) error { loaded = true; return nil }
	if _, err := open(worlddata.Config{Load: load}); err == nil || !strings.Contains(err.Error(), "already holds a world") {
		t.Fatalf("a world file over an existing world: %v", err)
	}
	if loaded {
		t.Fatal("the file was loaded over the existing world")
	}
	d, err = open(worlddata.Config{Reset: true})
	if err != nil || !d.Created {
		t.Fatalf("reset: %+v %v", d, err)
	}
	d.Close()

	// A directory made from a source opens again with the same source, as it is.
	seed := func(ctx context.Context, w *world.World) error { return world.Seed(ctx, w) }
	if d, err = open(worlddata.Config{Reset: true, Load: seed, Source: "file A"}); err != nil || !d.Created {
		t.Fatalf("reset from a source: %+v %v", d, err)
	}
	d.Close()
	if d, err = open(worlddata.Config{Load: load, Source: "file A"}); err != nil || d.Created || loaded {
		t.Fatalf("reopening with its own source: %+v %v (loaded again: %v)", d, err, loaded)
	}
	d.Close()
	if _, err := open(worlddata.Config{Load: load, Source: "file B"}); err == nil || !strings.Contains(err.Error(), "made from file A") {
		t.Fatalf("another source over it: %v", err)
	}
	d, err = open(worlddata.Config{Reset: true})
	if err != nil || !d.Created {
		t.Fatalf("reset: %+v %v", d, err)
	}
	if _, err := d.World.Bot(0).Message(ctx, id); err == nil && id > 1002 {
		t.Errorf("message %d survived a reset", id)
	}
	d.Close()
}

func TestMemory(t *testing.T) {
	d, err := worlddata.Open(context.Background(), worlddata.Config{Dir: worlddata.Memory})
	if err != nil || !d.Created {
		t.Fatalf("%+v %v", d, err)
	}
	defer d.Close()
	if self, err := d.World.Bot(0).Self(context.Background()); err != nil || self.ID != 10001 {
		t.Fatalf("the default world's bot: %+v %v", self, err)
	}
}
