package world_test

import (
	"context"
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// A message whose media alone exceed the retention's MediaBytes is refused (1400, saying so)
// instead of acknowledged with a message_id and pruned at once.
func TestMediaLargerThanRetentionRefused(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Retention: world.Retention{MediaBytes: 1000}, Media: media})
	image := func(n int) cqcode.Segment {
		return cqcode.Segment{Type: "image", Data: cqcode.Data{{Key: "file", Value: "base64://" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("p", n)))}}}
	}
	for name, segs := range map[string][]cqcode.Segment{
		"one image too large":        {image(1500)},
		"two images together larger": {image(600), image(700)},
	} {
		id, err := w.Bot(0).SendGroup(ctx, 20001, segs)
		if !errors.Is(err, world.ErrInvalid) || !strings.Contains(err.Error(), "retain-media-bytes") {
			t.Errorf("%s: message %d, %v", name, id, err)
		}
	}
	id, err := w.Bot(0).SendGroup(ctx, 20001, []cqcode.Segment{image(900)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Bot(0).Message(ctx, id); err != nil {
		t.Errorf("a message within the bound is gone: %v", err)
	}
}

// get_image is scoped to the bot: a bot reads the cached file of an image only when it can
// see a message carrying it, not another bot's private image (nor the data path in it).
func TestImageScopedPerBot(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	if err := w.Populate(ctx, func(u *world.Universe) error {
		return u.AddAccount(world.Account{ID: 10009, Nickname: "another bot", Bot: true})
	}); err != nil {
		t.Fatal(err)
	}
	pic := []cqcode.Segment{{Type: "image", Data: cqcode.Data{{Key: "file", Value: "base64://" + base64.StdEncoding.EncodeToString([]byte("private picture"))}}}}
	id, err := w.As(10002).SendPrivate(ctx, 10001, 0, pic) // 10002 to bot 10001, privately
	if err != nil {
		t.Fatal(err)
	}
	m, err := w.Bot(10001).Message(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	name, _ := m.Segments[0].Data.Get("file").(string)
	if _, err := w.Bot(10001).File(ctx, world.ImageFile, name); err != nil {
		t.Fatalf("the recipient reads its image: %v", err)
	}
	if f, err := w.Bot(10009).File(ctx, world.ImageFile, name); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("another bot read the private image: %+v %v", f, err)
	}
}
