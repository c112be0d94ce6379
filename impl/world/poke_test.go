package world_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// A bot's pokes: QQ's rules (friends privately, members in a group), who is told, and what
// the notice says.
func TestBotPokes(t *testing.T) {
	ctx := context.Background()
	w, got := twoBots(t) // 10009, a second bot, is 10001's friend and in group 20001
	bot := w.Bot(0)
	for _, tt := range []struct {
		name                   string
		poke                   func() error
		want                   error
		poker, target, groupID int64
		seenBy                 []int64
	}{
		{"a friend privately: the friend", func() error { return bot.Poke(ctx, 10009, 0) }, nil, 10001, 10009, 0, []int64{10009}},
		{"itself in the chat with a friend: the friend", func() error { return bot.PokeSelf(ctx, 10009) }, nil, 10001, 10001, 0, []int64{10009}},
		{"a simulated friend: no bot", func() error { return bot.Poke(ctx, 10002, 0) }, nil, 10001, 10002, 0, nil},
		{"a member in a group: the group's other bots", func() error { return bot.Poke(ctx, 10003, 20001) }, nil, 10001, 10003, 20001, []int64{10009}},
		{"itself in a group", func() error { return bot.Poke(ctx, 10001, 20001) }, nil, 10001, 10001, 20001, []int64{10009}},
		{"a stranger privately", func() error { return bot.Poke(ctx, 10005, 0) }, world.ErrNotFound, 0, 0, 0, nil},
		{"itself with a stranger", func() error { return bot.PokeSelf(ctx, 10005) }, world.ErrNotFound, 0, 0, 0, nil},
		{"a non-member in a group", func() error { return bot.Poke(ctx, 10004, 20001) }, world.ErrNotFound, 0, 0, 0, nil},
		{"in a group the bot is not in", func() error { return bot.Poke(ctx, 10004, 20003) }, world.ErrNotFound, 0, 0, 0, nil},
		{"an unknown account", func() error { return bot.Poke(ctx, 99999, 0) }, world.ErrNotFound, 0, 0, 0, nil},
	} {
		*got = nil
		err := tt.poke()
		if tt.want != nil {
			if !errors.Is(err, tt.want) || len(*got) != 0 {
				t.Errorf("%s: err = %v, changes %d; want %v and none", tt.name, err, len(*got), tt.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		c := last[*world.Poked](t, *got)
		if c.UserID != tt.poker || c.TargetID != tt.target || c.GroupID != tt.groupID {
			t.Errorf("%s: change %+v", tt.name, c)
		}
		if seen := c.Audience(); !slices.Equal(seen, tt.seenBy) {
			t.Errorf("%s: seen by %v, want %v", tt.name, seen, tt.seenBy)
		}
	}
}
