package world_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// Likes: QQ's daily limit per friend, counted by Beijing day; counts both ways; the liked bot
// is told.
func TestLikes(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 21, 15, 30, 0, 0, time.UTC) // 23:30 in Beijing
	var got []world.Change
	w, _ := seeded(t, world.Options{Now: func() time.Time { return clock }, OnChange: func(c []world.Change) { got = append(got, c...) }})
	for _, tt := range []struct {
		name  string
		actor int64
		to    int64
		times int32
		later time.Duration
		want  error
	}{
		{"to a stranger", 10001, 10005, 1, 0, world.ErrNotFound},
		{"7 of today's 10", 10002, 10001, 7, 0, nil},
		{"3 more reach the limit", 10002, 10001, 3, 0, nil},
		{"an eleventh", 10002, 10001, 1, 0, world.ErrNotPermitted},
		{"zero likes", 10002, 10001, 0, 0, world.ErrInvalid},
		{"a new Beijing day, 30 minutes later, another 10", 10002, 10001, 10, 30 * time.Minute, nil},
	} {
		clock = clock.Add(tt.later)
		got = nil
		err := w.As(tt.actor).Like(ctx, tt.to, tt.times)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if err != nil {
			continue
		}
		c := last[*world.ProfileLiked](t, got)
		if aud := c.Audience(); len(aud) != 1 || aud[0] != tt.to {
			t.Errorf("%s: audience %v, want the liked bot only", tt.name, aud)
		}
		ev, err := c.Render(tt.to)
		if n, ok := ev.(gen.ProfileLikeNotice); err != nil || !ok || n.OperatorID != tt.actor || n.OperatorNick != "小明" || n.Times != tt.times {
			t.Errorf("%s: rendered %+v, %v", tt.name, ev, err)
		}
	}
	bot, err := w.Bot(10001).Likes(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The seed: 小明 gave 3 the day before the first clock reading; the bot gave 小刚 2.
	if bot.ReceivedTotal != 23 || bot.ReceivedToday != 10 || len(bot.Received) != 1 || bot.Received[0].Other.ID != 10002 || !bot.Received[0].Friend {
		t.Errorf("the bot's received likes: %+v", bot)
	}
	if bot.GivenTotal != 2 || bot.GivenToday != 0 {
		t.Errorf("the bot's given likes: total %d, today %d; want the seed's 2, none on the new day", bot.GivenTotal, bot.GivenToday)
	}
	xm, err := w.Bot(10001).Likes(ctx, 10002)
	if err != nil {
		t.Fatal(err)
	}
	if xm.GivenTotal != 23 || xm.ReceivedTotal != 0 {
		t.Errorf("小明's likes read by the bot: %+v", xm)
	}
}
