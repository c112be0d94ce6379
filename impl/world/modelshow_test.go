package world_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// The name an account sets for its model is listed first among that model's names, and only
// for it; bad names are refused.
func TestModelShow(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	bot := w.Bot(10001)
	for _, tt := range []struct {
		name, model, show string
		want              error
	}{
		{"no model", "", "x", world.ErrInvalid},
		{"no name", "Pixel 8", "", world.ErrInvalid},
		{"a name too long", "Pixel 8", strings.Repeat("名", 65), world.ErrInvalid},
		{"a name", "Pixel 8", "谷歌手机", nil},
	} {
		if err := bot.SetModelShow(ctx, tt.model, tt.show); (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	shows := func(a *world.Actor, model string) []string {
		t.Helper()
		vs, err := a.ModelVariants(ctx, model)
		if err != nil {
			t.Fatalf("variants of %q: %v", model, err)
		}
		var out []string
		for _, v := range vs {
			out = append(out, v.Show)
		}
		return out
	}
	for _, tt := range []struct {
		who   *world.Actor
		model string
		want  []string
	}{
		{bot, "Pixel 8", []string{"谷歌手机", "Pixel 8"}},
		{bot, "", []string{"谷歌手机", "Pixel 8"}},
		{bot, "iPhone14,2", []string{"iPhone14,2"}},
		{w.As(10002), "", []string{"onespec"}},
		{w.As(10002), "Pixel 8", []string{"Pixel 8"}},
	} {
		if got := shows(tt.who, tt.model); !slices.Equal(got, tt.want) {
			t.Errorf("variants of %q: %v, want %v", tt.model, got, tt.want)
		}
	}
	if _, err := bot.ModelVariants(ctx, strings.Repeat("x", 65)); !errors.Is(err, world.ErrInvalid) {
		t.Errorf("a model too long: %v, want ErrInvalid", err)
	}
}
