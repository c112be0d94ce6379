package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Reactions: who may react, the counts the changes carry, who sees them, the list, the undo.
func TestReactions(t *testing.T) {
	ctx := context.Background()
	var got []world.Change
	w, _ := seeded(t, world.Options{OnChange: func(c []world.Change) { got = append(got, c...) }})
	id, err := w.As(10003).SendGroup(ctx, 20001, text("点个赞"))
	if err != nil {
		t.Fatal(err)
	}
	private, err := w.As(10002).SendPrivate(ctx, 10001, 0, text("私聊"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		actor     int64
		group     int64
		message   int32
		emoji     string
		on        bool
		want      error
		wantCount int32 // the change's count; -1: no change
		wantList  []int64
	}{
		{"a member reacts", 10005, 0, id, "76", true, nil, 1, []int64{10005}},
		{"the bot reacts too", 10001, 20001, id, "76", true, nil, 2, []int64{10005, 10001}},
		{"reacting again changes nothing", 10005, 0, id, "76", true, nil, -1, []int64{10005, 10001}},
		{"another emoji counts apart", 10002, 0, id, "128077", true, nil, 1, []int64{10005, 10001}},
		{"a non-member cannot see the message", 10004, 0, id, "76", true, world.ErrNotFound, -1, nil},
		{"the message is not of that group", 10001, 20002, id, "76", false, world.ErrNotFound, -1, nil},
		{"a private message takes no reaction", 10001, 0, private, "76", true, world.ErrInvalid, -1, nil},
		{"no emoji id", 10001, 0, id, "👍", true, world.ErrInvalid, -1, nil},
		{"a leading zero is no id", 10001, 0, id, "076", true, world.ErrInvalid, -1, nil},
		{"beyond Unicode", 10001, 0, id, "1114112", true, world.ErrInvalid, -1, nil},
		{"taking back", 10005, 0, id, "76", false, nil, 1, []int64{10001}},
		{"taking back what is not there", 10005, 0, id, "76", false, world.ErrNotFound, -1, []int64{10001}},
	} {
		got = nil
		err := w.As(tt.actor).React(ctx, tt.group, tt.message, tt.emoji, tt.on)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if tt.wantCount < 0 {
			if len(got) != 0 {
				t.Errorf("%s: changes %+v", tt.name, got)
			}
		} else {
			c := last[*world.ReactionChanged](t, got)
			if c.On != tt.on || c.Count != tt.wantCount || c.UserID != tt.actor || c.GroupID != 20001 || c.MessageID != id || c.EmojiID != tt.emoji {
				t.Errorf("%s: change %+v", tt.name, c)
			}
			if aud := c.Audience(); len(aud) != 1 || aud[0] != 10001 {
				t.Errorf("%s: audience %v, want the group's one bot, 10001", tt.name, aud)
			}
		}
		if tt.wantList != nil {
			list, err := w.Bot(0).Reactors(ctx, 0, id, "76")
			if err != nil || len(list) != len(tt.wantList) {
				t.Fatalf("%s: reactors %+v, %v; want %v", tt.name, list, err, tt.wantList)
			}
			for i, u := range list {
				if u.UserID != tt.wantList[i] || u.Account.ID != tt.wantList[i] {
					t.Errorf("%s: reactor %d is %+v, want %d", tt.name, i, u, tt.wantList[i])
				}
			}
		}
	}
}

// A reaction goes with its message when the account that made it is deleted, and the bound
// on emojis per account and message holds.
func TestReactionBoundAndForget(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	// 10003 put 赞 (76) on the seed's message 1001 already.
	for i := range world.MaxReactionEmojis - 1 {
		if err := w.As(10003).React(ctx, 0, 1001, string(rune('1'+i/10))+string(rune('0'+i%10)), true); err != nil {
			t.Fatalf("emoji %d: %v", i, err)
		}
	}
	if err := w.As(10003).React(ctx, 0, 1001, "99", true); !errors.Is(err, world.ErrInvalid) {
		t.Fatalf("emoji %d: err = %v, want ErrInvalid", world.MaxReactionEmojis+1, err)
	}
	if err := w.DeleteAccount(ctx, 10003); err != nil {
		t.Fatal(err)
	}
	list, err := w.Bot(0).Reactors(ctx, 0, 1001, "76")
	if err != nil || len(list) != 1 || list[0].UserID != 10002 {
		t.Fatalf("reactors of the seed's 赞 after 10003 was deleted: %+v, %v; want 10002 alone", list, err)
	}
}
