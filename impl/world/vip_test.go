package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// An account's VIP standing is what the world declared, 普通用户 with no speed-up otherwise;
// an unknown account is not found.
func TestVIPInfo(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	bot := w.Bot(10001)
	for _, tt := range []struct {
		user  int64
		name  string
		speed float64
		want  error
	}{
		{10001, "SVIP5", 1.5, nil},
		{10002, "VIP1", 1.2, nil},
		{10003, "普通用户", 1, nil},
		{99999, "", 0, world.ErrNotFound},
	} {
		acc, v, err := bot.VIPInfo(ctx, tt.user)
		if tt.want != nil {
			if !errors.Is(err, tt.want) {
				t.Errorf("%d: %v, want %v", tt.user, err, tt.want)
			}
			continue
		}
		if err != nil || acc.ID != tt.user || v.Name() != tt.name || v.LevelSpeed != tt.speed {
			t.Errorf("%d: %+v %s %v, %v; want %s at %v", tt.user, acc, v.Name(), v.LevelSpeed, err, tt.name, tt.speed)
		}
	}
}
