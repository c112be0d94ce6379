package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Essence: who may set it, what the list shows, the changes it records, and the undo.
func TestEssence(t *testing.T) {
	ctx := context.Background()
	var got []world.Change
	w, _ := seeded(t, world.Options{OnChange: func(c []world.Change) { got = append(got, c...) }})
	id, err := w.As(10003).SendGroup(ctx, 20001, text("值得收藏"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		actor int64
		on    bool
		want  error
	}{
		{"a plain member may not", 10003, true, world.ErrNotPermitted},
		{"an admin sets it", 10002, true, nil},
		{"setting it again changes nothing", 10001, true, nil},
		{"the owner removes it", 10001, false, nil},
		{"removing what is not essence", 10001, false, world.ErrNotFound},
	} {
		got = nil
		err := w.As(tt.actor).SetEssence(ctx, id, tt.on)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if tt.name == "an admin sets it" {
			c := last[*world.EssenceChanged](t, got)
			if !c.On || c.SenderID != 10003 || c.OperatorID != 10002 || c.GroupID != 20001 || c.MessageID != id {
				t.Errorf("%s: change %+v", tt.name, c)
			}
			list, err := w.Bot(0).Essences(ctx, 20001)
			if err != nil || len(list) != 2 || list[1].MessageID != id || list[1].Message.Sender.Nickname != "小红" || list[1].Operator.ID != 10002 {
				t.Errorf("%s: list %+v, %v", tt.name, list, err)
			}
		}
		if tt.name == "setting it again changes nothing" && len(got) != 0 {
			t.Errorf("%s: changes %+v", tt.name, got)
		}
		if tt.name == "the owner removes it" {
			if c := last[*world.EssenceChanged](t, got); c.On {
				t.Errorf("%s: change %+v", tt.name, c)
			}
			if list, _ := w.Bot(0).Essences(ctx, 20001); len(list) != 1 {
				t.Errorf("%s: list %+v", tt.name, list)
			}
		}
	}
}
