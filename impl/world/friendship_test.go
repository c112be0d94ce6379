package world_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Friendships one side at a time: remarks per direction, deleting on one side leaves a
// one-way friend, which either side can then end.
func TestFriendshipSides(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	bot, xiaoming := w.Bot(10001), w.As(10002)
	remarkOf := func(a *world.Actor, id int64) (string, bool) {
		friends, err := a.Friends(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range friends {
			if f.ID == id {
				return f.Remark, true
			}
		}
		return "", false
	}
	oneWay := func(a *world.Actor) []int64 {
		list, err := a.OneWayFriends(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, f := range list {
			ids = append(ids, f.ID)
		}
		return ids
	}
	for _, tt := range []struct {
		name string
		do   func() error
		want error
	}{
		{"a remark for a friend", func() error { return bot.SetFriendRemark(ctx, 10002, "老同学") }, nil},
		{"a remark for a stranger", func() error { return bot.SetFriendRemark(ctx, 10005, "路人") }, world.ErrNotFound},
		{"a remark too long", func() error { return bot.SetFriendRemark(ctx, 10002, strings.Repeat("长", 97)) }, world.ErrInvalid},
		{"the one-way friend of the seed is not deleted while mutual", func() error { return bot.DeleteOneWayFriend(ctx, 10002) }, world.ErrInvalid},
		{"deleting on the bot's side", func() error { return bot.DeleteFriend(ctx, 10002, false) }, nil},
		{"deleting again", func() error { return bot.DeleteFriend(ctx, 10002, false) }, world.ErrNotFound},
	} {
		if err := tt.do(); (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, ok := remarkOf(bot, 10002); ok {
		t.Error("the bot still lists 10002 after deleting it")
	}
	if r, ok := remarkOf(xiaoming, 10001); !ok || r != "" {
		t.Errorf("10002's side: remark %q, friend %v; want it kept with its own (empty) remark", r, ok)
	}
	if got := oneWay(bot); len(got) != 2 || got[0] != 10002 || got[1] != 10007 {
		t.Errorf("one-way friends of the bot = %v, want [10002 10007] (the seed's 10007 and the deleted 10002)", got)
	}
	if err := bot.DeleteOneWayFriend(ctx, 10002); err != nil {
		t.Fatal(err)
	}
	if _, ok := remarkOf(xiaoming, 10001); ok {
		t.Error("10002 still lists the bot after delete_unidirectional_friend")
	}
	if err := bot.DeleteFriend(ctx, 10003, true); err != nil {
		t.Fatal(err)
	}
	if got := oneWay(bot); len(got) != 1 || got[0] != 10007 {
		t.Errorf("after deleting 10003 on both sides: one-way friends %v, want [10007]", got)
	}
}

// A profile changes only through its own account, within QQ's limits, and every read shows it.
func TestSetProfile(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	str := func(s string) *string { return &s }
	female := world.Female
	for _, tt := range []struct {
		name string
		c    world.ProfileChange
		want error
	}{
		{"an empty nickname", world.ProfileChange{Nickname: str("")}, world.ErrInvalid},
		{"a nickname of 37 characters", world.ProfileChange{Nickname: str(strings.Repeat("名", 37))}, world.ErrInvalid},
		{"a long nick of 101 characters", world.ProfileChange{LongNick: str(strings.Repeat("签", 101))}, world.ErrInvalid},
		{"a bad sex", world.ProfileChange{Sex: func() *world.Sex { s := world.Sex("robot"); return &s }()}, world.ErrInvalid},
		{"nickname, sex and long nick", world.ProfileChange{Nickname: str("新名字"), Sex: &female, LongNick: str("签名")}, nil},
	} {
		if _, err := w.Bot(10001).SetProfile(ctx, tt.c); (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	seen, err := w.As(10002).Account(ctx, 10001)
	if err != nil {
		t.Fatal(err)
	}
	if seen.Nickname != "新名字" || seen.Sex != world.Female || seen.Sign != "签名" {
		t.Errorf("another account reads %+v", seen)
	}
	friends, err := w.As(10002).Friends(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range friends {
		if f.ID == 10001 && f.Nickname != "新名字" {
			t.Errorf("10002's friend list shows the bot as %q", f.Nickname)
		}
	}
}
