package world_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// URL safety is a scripted stand-in: what a test scripted per URL, safe otherwise.
func TestURLSafety(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	bot := w.Bot(10001)
	for _, tt := range []struct {
		name  string
		url   string
		level int32
		want  error
	}{
		{"a level out of range", "https://a.example/", 4, world.ErrInvalid},
		{"no URL", "", world.URLSafe, world.ErrInvalid},
		{"a URL too long", "https://a.example/" + strings.Repeat("x", 4096), world.URLSafe, world.ErrInvalid},
		{"unknown", "https://a.example/", world.URLUnknown, nil},
		{"dangerous", "https://b.example/", world.URLDangerous, nil},
	} {
		if err := w.ScriptURLSafety(ctx, tt.url, tt.level); (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	for url, want := range map[string]int32{"https://a.example/": world.URLUnknown, "https://b.example/": world.URLDangerous,
		"https://c.example/": world.URLSafe, "https://example.com/phishing": world.URLDangerous} {
		if got, err := bot.URLSafety(ctx, url); err != nil || got != want {
			t.Errorf("%s: level %d, %v; want %d", url, got, err, want)
		}
	}
}
