package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Guilds: who may run roles, what a message reaches, and what a non-member sees.
func TestGuilds(t *testing.T) {
	ctx := context.Background()
	var got []world.Change
	w, _ := seeded(t, world.Options{OnChange: func(c []world.Change) { got = append(got, c...) }})
	for _, tt := range []struct {
		name string
		do   func() error
		want error
	}{
		{"a plain member makes no role", func() error { _, err := w.As(10003).CreateGuildRole(ctx, "30001", "x", 0, false, nil); return err }, world.ErrNotPermitted},
		{"an admin makes one", func() error {
			_, err := w.As(10002).CreateGuildRole(ctx, "30001", "新人", 0, false, []int64{10003})
			return err
		}, nil},
		{"granting to a non-member", func() error { return w.As(10002).SetGuildMemberRole(ctx, "30001", "10", true, []int64{10005}) }, world.ErrNotFound},
		{"an admin grants no admin", func() error {
			return w.As(10002).SetGuildMemberRole(ctx, "30001", world.AdminRole, true, []int64{10003})
		}, world.ErrNotPermitted},
		{"the owner does", func() error { return w.Bot(0).SetGuildMemberRole(ctx, "30001", world.AdminRole, true, []int64{10003}) }, nil},
		{"a built-in role stays", func() error { return w.Bot(0).DeleteGuildRole(ctx, "30001", world.MemberRole) }, world.ErrNotPermitted},
		{"an outsider sees no channels", func() error { _, err := w.As(10005).GuildChannels(ctx, "30001"); return err }, world.ErrNotFound},
		{"a topic channel takes no message", func() error { _, err := w.As(10002).SendGuildMessage(ctx, "30001", "40002", text("hi")); return err }, world.ErrInvalid},
	} {
		if err := tt.do(); (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	m, err := w.As(10003).GuildMember(ctx, "30001", 10003)
	if err != nil || m.Top().ID != world.AdminRole || len(m.Roles) != 4 {
		t.Errorf("小红 after the grants: %+v, %v", m, err)
	}
	got = nil
	sent, err := w.As(10002).SendGuildMessage(ctx, "30001", "40001", text("频道里有人吗"))
	if err != nil {
		t.Fatal(err)
	}
	c := last[*world.GuildMessageCreated](t, got)
	if aud := c.Audience(); len(aud) != 1 || aud[0] != 10001 {
		t.Errorf("the guild message reaches %v, want the bot 10001", aud)
	}
	if read, err := w.Bot(0).GuildMessage(ctx, sent.ID); err != nil || read.Seq != 2 || read.Sender.Nickname != "小明" {
		t.Errorf("reading it back: %+v, %v", read, err)
	}
	if _, err := w.As(10005).GuestGuild(ctx, "30001"); err != nil {
		t.Errorf("a guest reads the guild's metadata: %v", err)
	}
}
