package world_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// @全体成员: plain members may not; the owner and admins share the group's daily quota; the
// quota comes back the next day (China's), and the remaining counts follow.
func TestAtAllQuota(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) // 20:00 in China
	w, _ := seeded(t, world.Options{Now: func() time.Time { return clock }})
	atAll := []cqcode.Segment{{Type: "at", Data: cqcode.Data{{Key: "qq", Value: "all"}}}, cqcode.Text(" 开会了")}
	remain := func(who int64) world.AtAllRemain {
		t.Helper()
		r, err := w.As(who).AtAllRemain(ctx, 20001)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := remain(10003); r.CanAtAll || r.ForGroup != world.AtAllPerGroupDay {
		t.Errorf("a plain member's quota: %+v", r)
	}
	if _, err := w.As(10003).SendGroup(ctx, 20001, atAll); !errors.Is(err, world.ErrNotPermitted) {
		t.Errorf("a plain member mentioned everyone: %v", err)
	}
	if _, err := w.As(10003).SendGroup(ctx, 20001, text("@全体成员 as text is just text")); err != nil {
		t.Errorf("a plain member's text: %v", err)
	}
	for i := range world.AtAllPerGroupDay {
		who := int64(10001)
		if i%2 == 1 {
			who = 10002 // the admin spends from the same quota
		}
		if _, err := w.As(who).SendGroup(ctx, 20001, atAll); err != nil {
			t.Fatalf("mention %d by %d: %v", i+1, who, err)
		}
	}
	if r := remain(10001); r.CanAtAll || r.ForGroup != 0 || r.ForMe != 0 {
		t.Errorf("the spent quota: %+v", r)
	}
	if _, err := w.Bot(0).SendGroup(ctx, 20001, atAll); !errors.Is(err, world.ErrNotPermitted) {
		t.Errorf("a mention past the quota: %v", err)
	}
	if r, _ := w.Bot(0).AtAllRemain(ctx, 20002); r.ForGroup != world.AtAllPerGroupDay {
		t.Errorf("another group's quota: %+v", r)
	}
	clock = clock.Add(4 * time.Hour) // past midnight in China
	if r := remain(10001); !r.CanAtAll || r.ForGroup != world.AtAllPerGroupDay {
		t.Errorf("the next day's quota: %+v", r)
	}
	if _, err := w.Bot(0).SendGroup(ctx, 20001, atAll); err != nil {
		t.Errorf("the next day's mention: %v", err)
	}
	if r := remain(10001); r.ForGroup != world.AtAllPerGroupDay-1 || r.ForMe != world.AtAllPerMemberDay-1 {
		t.Errorf("after one mention: %+v", r)
	}
}
