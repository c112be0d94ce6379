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
