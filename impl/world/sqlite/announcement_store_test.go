package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

// An announcement's picture is stored media no message refers to: it is kept while the
// announcement is, and unreferenced once it is deleted.
func TestAnnouncementKeepsItsPicture(t *testing.T) {
	ctx := context.Background()
	st := open(t, sqlite.Memory)
	const hash = "4c4b6a3be1314ab86138bef4314dde022e600960d8689a2c8f8631802d20dab6"
	unreferenced := func() []string {
		var out []string
		if err := st.Update(ctx, func(tx world.Tx) error {
			var err error
			out, err = tx.Media().Unreferenced()
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	var id int64
	if err := st.Update(ctx, func(tx world.Tx) error {
		if err := tx.Media().Put(hash, 8); err != nil {
			return err
		}
		if err := tx.Files().Put(world.File{Name: hash + ".image", Kind: world.ImageFile, URL: "file:///m/" + hash, Size: 8, Hash: hash}); err != nil {
			return err
		}
		var err error
		id, err = tx.Announcements().Add(world.Announcement{GroupID: 20001, SenderID: 10001, Time: 1, Content: "看图", Image: hash + ".image"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := unreferenced(); slices.Contains(got, hash) {
		t.Fatalf("the picture of announcement %d is unreferenced: %v", id, got)
	}
	if err := st.Update(ctx, func(tx world.Tx) error { return tx.Announcements().Delete(20001, id) }); err != nil {
		t.Fatal(err)
	}
	if got := unreferenced(); !slices.Contains(got, hash) {
		t.Fatalf("the picture of deleted announcement %d is still referenced: %v", id, got)
	}
}
