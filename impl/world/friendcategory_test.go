package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Friend categories: the default one holds everyone else; a friend moves only into a category
// its owner has; deleting a friend forgets where it was.
func TestFriendCategories(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	bot := w.Bot(10001)
	in := func(category int32) []int64 {
		cats, err := bot.FriendsByCategory(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range cats {
			if c.ID == category {
				for _, f := range c.Friends {
					ids = append(ids, f.ID)
				}
			}
		}
		return ids
	}
	if got := in(1); len(got) != 1 || got[0] != 10002 {
		t.Fatalf("the seed's 同学 holds %v, want [10002]", got)
	}
	for _, tt := range []struct {
		name     string
		user     int64
		category int32
		want     error
	}{
		{"a stranger", 10005, 1, world.ErrNotFound},
		{"a category the bot lacks", 10003, 9, world.ErrNotFound},
		{"小红 into 同学", 10003, 1, nil},
		{"小明 back to 我的好友", 10002, world.DefaultCategory, nil},
	} {
		if err := bot.SetFriendCategory(ctx, tt.user, tt.category); (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	if got := in(1); len(got) != 1 || got[0] != 10003 {
		t.Errorf("同学 holds %v, want [10003]", got)
	}
	if err := bot.DeleteFriend(ctx, 10003, true); err != nil {
		t.Fatal(err)
	}
	if err := w.MakeFriends(ctx, 10001, 10003, "", ""); err != nil {
		t.Fatal(err)
	}
	if got := in(world.DefaultCategory); len(got) != 3 {
		t.Errorf("我的好友 holds %v after 10003 was deleted and added again; want all three friends", got)
	}
}
