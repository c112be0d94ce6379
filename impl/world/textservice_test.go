package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// The translation table answers what was scripted last, per word whatever its case, and
// nothing for a word it lacks or forgot.
func TestTranslation(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	for _, tt := range []struct {
		name   string
		script []world.Translation
		want   error
		words  []string
		read   []string
	}{
		{"the seed's table", nil, nil, []string{"hello", " CAT ", "dog"}, []string{"你好", "猫", ""}},
		{"a new word", []world.Translation{{Word: "Dog", Text: "狗"}}, nil, []string{"dog"}, []string{"狗"}},
		{"scripted again", []world.Translation{{Word: "dog", Text: "小狗"}}, nil, []string{"dog"}, []string{"小狗"}},
		{"forgotten", []world.Translation{{Word: "dog", Text: ""}}, nil, []string{"dog", "hello"}, []string{"", "你好"}},
		{"an empty word", []world.Translation{{Word: "  ", Text: "空"}}, world.ErrInvalid, nil, nil},
	} {
		if tt.script != nil {
			err := w.ScriptTranslations(ctx, tt.script)
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
			}
		}
		if tt.words == nil {
			continue
		}
		got, err := w.Bot(0).Translate(ctx, tt.words)
		if err != nil || len(got) != len(tt.read) {
			t.Fatalf("%s: %q, %v", tt.name, got, err)
		}
		for i := range got {
			if got[i] != tt.read[i] {
				t.Errorf("%s: %q reads %q, want %q", tt.name, tt.words[i], got[i], tt.read[i])
			}
		}
	}
}

// A voice reads what was scripted for it, nothing once scripted to nothing; a message without
// a voice, or one the bot cannot see, is refused.
func TestTranscript(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	read := func(id int32) (string, error) { return w.Bot(0).Transcribe(ctx, id) }
	if text, err := read(1101); err != nil || text != "大家好" {
		t.Fatalf("the seed's voice reads %q, %v", text, err)
	}
	if err := w.ScriptTranscript(ctx, "hello.amr", "再见"); err != nil {
		t.Fatal(err)
	}
	if text, err := read(1101); err != nil || text != "再见" {
		t.Fatalf("after scripting: %q, %v", text, err)
	}
	if err := w.ScriptTranscript(ctx, "hello.amr", ""); err != nil {
		t.Fatal(err)
	}
	if text, err := read(1101); err != nil || text != "" {
		t.Fatalf("after scripting nothing: %q, %v", text, err)
	}
	if _, err := read(1001); !errors.Is(err, world.ErrInvalid) {
		t.Errorf("a message without a voice: %v", err)
	}
	if err := w.ScriptTranscript(ctx, "nothing.amr", "x"); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("scripting an unknown voice: %v", err)
	}
	if _, err := w.Bot(0).Transcribe(ctx, 9999); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("no such message: %v", err)
	}
}
