package world_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// A bot's own remark for a group: set, shown in its group list only, length-limited, removed
// by an empty one.
func TestSetGroupRemark(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	remarkOf := func(who, group int64) string {
		t.Helper()
		list, err := w.As(who).Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range list {
			if g.ID == group {
				return g.Remark
			}
		}
		t.Fatalf("%d is not in group %d", who, group)
		return ""
	}
	for _, tt := range []struct {
		name   string
		group  int64
		remark string
		want   error
		shown  string
	}{
		{"set", 20002, "开发者群", nil, "开发者群"},
		{"too long", 20002, strings.Repeat("群", world.MaxGroupRemarkRunes+1), world.ErrInvalid, "开发者群"},
		{"removed", 20002, "", nil, ""},
		{"not a member", 20003, "体验群", world.ErrNotFound, ""},
	} {
		err := w.Bot(0).SetGroupRemark(ctx, tt.group, tt.remark)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if err == nil {
			if got := remarkOf(10001, tt.group); got != tt.shown {
				t.Errorf("%s: the bot's group list shows %q", tt.name, got)
			}
		}
	}
	if err := w.Bot(0).SetGroupRemark(ctx, 20002, "只有我看得见"); err != nil {
		t.Fatal(err)
	}
	if got := remarkOf(10002, 20002); got != "" {
		t.Errorf("another member sees the bot's remark: %q", got)
	}
}
