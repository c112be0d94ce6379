package world_test

import (
	"context"
	"encoding/base64"
	"errors"
	"path/filepath"
	"testing"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// OCR is a scripted stand-in: what a test sets is what it reads, nothing scripted reads no
// text, an unknown image is not found, and an image stored by content reads the same under
// every copy.
func TestOCR(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	bot := w.Bot(0)
	seg := cqcode.Segment{Type: "image", Data: cqcode.Data{}.With("file", "base64://"+base64.StdEncoding.EncodeToString([]byte("a picture")))}
	var names []string
	for range 2 {
		id, err := w.As(10002).SendPrivate(ctx, 10001, 0, []cqcode.Segment{seg})
		if err != nil {
			t.Fatal(err)
		}
		m, err := bot.Message(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m.Segments[0].Data.Get("file").(string))
	}
	if r, err := bot.OCR(ctx, names[0]); err != nil || len(r.Texts) != 0 || r.Language != "zh" {
		t.Fatalf("nothing scripted: %+v, %v", r, err)
	}
	want := []world.OCRText{{Text: "第一行", Confidence: 80, Coordinates: []world.OCRPoint{{1, 2}, {3, 4}}}}
	if err := w.ScriptOCR(ctx, names[0], "en", want); err != nil {
		t.Fatal(err)
	}
	r, err := bot.OCR(ctx, names[1])
	if err != nil || r.Language != "en" || len(r.Texts) != 1 || r.Texts[0].Text != "第一行" || r.Texts[0].Coordinates[1] != (world.OCRPoint{X: 3, Y: 4}) {
		t.Fatalf("scripted: %+v, %v", r, err)
	}
	// The same picture given inline reads what was scripted for its received copies, and a
	// new inline picture reads nothing.
	inline := seg.Data.Get("file").(string)
	if r, err := bot.OCR(ctx, inline); err != nil || len(r.Texts) != 1 || r.Texts[0].Text != "第一行" {
		t.Errorf("the picture inline: %+v, %v", r, err)
	}
	if r, err := bot.OCR(ctx, "base64://"+base64.StdEncoding.EncodeToString([]byte("another picture"))); err != nil || len(r.Texts) != 0 {
		t.Errorf("a new picture inline: %+v, %v", r, err)
	}
	if _, err := bot.OCR(ctx, "base64://!!"); !errors.Is(err, world.ErrInvalid) {
		t.Errorf("bad base64: %v", err)
	}
	for _, tt := range []struct {
		name  string
		image string
		texts []world.OCRText
		want  error
	}{
		{"an unknown image", "0000.image", nil, world.ErrNotFound},
		{"an empty text", names[0], []world.OCRText{{Text: " "}}, world.ErrInvalid},
		{"a confidence beyond 100", names[0], []world.OCRText{{Text: "x", Confidence: 101}}, world.ErrInvalid},
	} {
		if err := w.ScriptOCR(ctx, tt.image, "", tt.texts); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := bot.OCR(ctx, "0000.image"); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("OCR of an unknown image: %v", err)
	}
}
