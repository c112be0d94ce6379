package world_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// An AI voice is a valid WAV, a tenth of a second per character, the same for the same
// character and text and different otherwise.
func TestAIVoiceFile(t *testing.T) {
	a := world.AIVoice("onespec-sweet", "大家好")
	if !bytes.HasPrefix(a, []byte("RIFF")) || string(a[8:16]) != "WAVEfmt " || string(a[36:40]) != "data" {
		t.Fatalf("not a WAV: % x", a[:44])
	}
	if size := binary.LittleEndian.Uint32(a[40:44]); int(size) != len(a)-44 || size != 3*800*2 {
		t.Errorf("data size %d of %d bytes, want 3 characters × 800 samples × 2 bytes", size, len(a))
	}
	if !bytes.Equal(a, world.AIVoice("onespec-sweet", "大家好")) {
		t.Error("the same request made another file")
	}
	for _, other := range [][2]string{{"onespec-calm", "大家好"}, {"onespec-sweet", "大家早"}} {
		if bytes.Equal(a, world.AIVoice(other[0], other[1])) {
			t.Errorf("%q reading %q made the same file", other[0], other[1])
		}
	}
}

// Sending an AI voice stores it and sends it as a voice message; only a scripted character
// and a sensible text are taken.
func TestSendAIRecord(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	for _, tt := range []struct {
		name      string
		group     int64
		character string
		text      string
		want      error
	}{
		{"a voice", 20001, "onespec-sweet", "大家好", nil},
		{"an unknown character", 20001, "nobody", "大家好", world.ErrNotFound},
		{"no text", 20001, "onespec-sweet", "", world.ErrInvalid},
		{"too long", 20001, "onespec-sweet", strings.Repeat("长", world.MaxAIVoiceText+1), world.ErrInvalid},
		{"a group the bot is not in", 20003, "onespec-sweet", "大家好", world.ErrNotFound},
	} {
		id, err := w.Bot(0).SendAIRecord(ctx, tt.group, tt.character, tt.text)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if tt.want != nil {
			continue
		}
		m, err := w.Bot(0).Message(ctx, id)
		if err != nil || len(m.Segments) != 1 || m.Segments[0].Type != "record" {
			t.Fatalf("%s: sent %+v, %v", tt.name, m, err)
		}
		f, err := w.Bot(0).File(ctx, world.RecordFile, m.Segments[0].Data.Text("file"))
		if err != nil || f.Hash == "" {
			t.Fatalf("%s: the voice file %+v, %v", tt.name, f, err)
		}
		stored, err := os.ReadFile(media.Path(f.Hash))
		if err != nil || !bytes.Equal(stored, world.AIVoice(tt.character, tt.text)) {
			t.Errorf("%s: stored %d bytes (%v), want the AI voice", tt.name, len(stored), err)
		}
	}
	if err := w.ScriptAICharacters(ctx, []world.AICharacter{{Category: "a", ID: "x", Name: "X"}, {Category: "a", ID: "x", Name: "Y"}}); !errors.Is(err, world.ErrInvalid) {
		t.Errorf("an id twice: %v", err)
	}
	if err := w.ScriptAICharacters(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if list, err := w.Bot(0).AICharacters(ctx, 20001); err != nil || len(list) != 0 {
		t.Errorf("after scripting none: %+v, %v", list, err)
	}
}
