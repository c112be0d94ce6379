package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// Input status: only to a friend, only QQ's two kinds, told to the friend when a bot, with
// the text QQ shows.
func TestInputStatus(t *testing.T) {
	ctx := context.Background()
	var got []world.Change
	w, _ := seeded(t, world.Options{OnChange: func(c []world.Change) { got = append(got, c...) }})
	for _, tt := range []struct {
		name         string
		actor, to    int64
		status       world.InputStatus
		want         error
		wantAudience []int64
		wantText     string
	}{
		{"a friend types to the bot", 10002, 10001, world.Typing, nil, []int64{10001}, "对方正在输入..."},
		{"the bot speaks to a friend, who is no bot", 10001, 10003, world.Speaking, nil, []int64{}, "对方正在说话..."},
		{"a stranger", 10005, 10001, world.Typing, world.ErrNotFound, nil, ""},
		{"nobody", 10001, 99999, world.Typing, world.ErrNotFound, nil, ""},
		{"no such status", 10002, 10001, 2, world.ErrInvalid, nil, ""},
	} {
		got = nil
		err := w.As(tt.actor).SetInputStatus(ctx, tt.to, tt.status)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if tt.want != nil {
			continue
		}
		c := last[*world.InputStatusShown](t, got)
		if len(c.Audience()) != len(tt.wantAudience) || (len(tt.wantAudience) > 0 && c.Audience()[0] != tt.wantAudience[0]) {
			t.Errorf("%s: audience %v, want %v", tt.name, c.Audience(), tt.wantAudience)
		}
		ev, err := c.Render(tt.to)
		n, ok := ev.(gen.InputStatusNotice)
		if err != nil || !ok || n.UserID != tt.actor || n.StatusText != tt.wantText || n.EventType != int32(tt.status) {
			t.Errorf("%s: rendered %+v, %v", tt.name, ev, err)
		}
	}
}
