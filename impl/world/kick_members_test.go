package world_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Several members removed at once: all or nothing, each once, by an admin or the owner only.
func TestKickMembers(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	members := func(group int64) []int64 {
		t.Helper()
		list, err := w.Bot(0).Members(ctx, group)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, m := range list {
			ids = append(ids, m.UserID)
		}
		slices.Sort(ids)
		return ids
	}
	for _, tt := range []struct {
		name  string
		group int64
		users []int64
		want  error
		left  []int64
	}{
		{"nobody named", 20001, nil, world.ErrInvalid, []int64{10001, 10002, 10003, 10005}},
		{"too many", 20001, make([]int64, world.MaxKickMembers+1), world.ErrInvalid, []int64{10001, 10002, 10003, 10005}},
		{"one not a member refuses all", 20001, []int64{10003, 10004}, world.ErrNotFound, []int64{10001, 10002, 10003, 10005}},
		{"the bot itself refuses all", 20001, []int64{10003, 10001}, world.ErrNotPermitted, []int64{10001, 10002, 10003, 10005}},
		{"plain member", 20002, []int64{10002}, world.ErrNotPermitted, []int64{10001, 10002, 10004}},
		{"two, one named twice", 20001, []int64{10003, 10005, 10003}, nil, []int64{10001, 10002}},
	} {
		err := w.Bot(0).KickMembers(ctx, tt.group, tt.users, false)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if got := members(tt.group); !slices.Equal(got, tt.left) {
			t.Errorf("%s: members left %v, want %v", tt.name, got, tt.left)
		}
	}
}
