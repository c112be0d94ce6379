package world_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/world"
)

// Check-ins: members only, once a day (China's), ranked in order, listed with the group's
// name for the member; a new day starts an empty list.
func TestGroupSigns(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	w, _ := seeded(t, world.Options{Now: func() time.Time { return clock }})
	list := func() []world.GroupSignView {
		t.Helper()
		l, err := w.Bot(0).GroupSigns(ctx, 20001)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	for _, tt := range []struct {
		name  string
		actor int64
		group int64
		want  error
		n     int // signs listed after
	}{
		{"the seed's 小明 signed", 0, 0, nil, 1},
		{"the bot signs", 10001, 20001, nil, 2},
		{"again the same day", 10001, 20001, nil, 2},
		{"a member signs", 10003, 20001, nil, 3},
		{"not a member", 10004, 20001, world.ErrNotFound, 3},
	} {
		if tt.actor != 0 {
			err := w.As(tt.actor).SignGroup(ctx, tt.group)
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
			}
		}
		if l := list(); len(l) != tt.n {
			t.Errorf("%s: %d signs listed: %+v", tt.name, len(l), l)
		}
	}
	l := list()
	for i, s := range l {
		if s.Rank != int32(i+1) {
			t.Errorf("sign %d ranked %d: %+v", i, s.Rank, l)
		}
	}
	if l[0].UserID != 10002 || l[0].Name != "班长" || l[1].UserID != 10001 || l[1].Name != "onespec 机器人" {
		t.Errorf("the list: %+v", l)
	}
	clock = clock.Add(12 * time.Hour)
	if l := list(); len(l) != 0 {
		t.Errorf("the next day's list: %+v", l)
	}
	if err := w.Bot(0).SignGroup(ctx, 20001); err != nil {
		t.Fatal(err)
	}
	if l := list(); len(l) != 1 || l[0].Rank != 1 {
		t.Errorf("the next day's first sign: %+v", l)
	}
}
