package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// The shut list is the members whose mute has not ended: the seed's muted 小明, then whoever
// the owner mutes, and nobody once the mutes are lifted.
func TestMutedMembers(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	ids := func(group int64) []int64 {
		t.Helper()
		list, err := w.Bot(0).MutedMembers(ctx, group)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, m := range list {
			out = append(out, m.UserID)
		}
		return out
	}
	if got := ids(20002); len(got) != 1 || got[0] != 10002 {
		t.Errorf("the seed's shut list of 20002: %v", got)
	}
	if got := ids(20001); len(got) != 0 {
		t.Errorf("the seed's shut list of 20001: %v", got)
	}
	if err := w.Bot(0).Mute(ctx, 20001, 10003, 600); err != nil {
		t.Fatal(err)
	}
	if got := ids(20001); len(got) != 1 || got[0] != 10003 {
		t.Errorf("after muting 10003: %v", got)
	}
	if err := w.Bot(0).Mute(ctx, 20001, 10003, 0); err != nil {
		t.Fatal(err)
	}
	if got := ids(20001); len(got) != 0 {
		t.Errorf("after lifting the mute: %v", got)
	}
	if _, err := w.Bot(0).MutedMembers(ctx, 20003); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("a group the bot is not in: %v", err)
	}
}
