package world_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// A group's options: defaults until set, changed by the owner and admins only, each action
// changing its part alone and checking its input; every member sees them.
func TestGroupOptions(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	bot := w.Bot(0)
	one, off := int32(1), false
	for _, tt := range []struct {
		name  string
		set   func() error
		want  error
		check func(g world.GroupOptions) bool
	}{
		{"defaults", func() error { return nil }, nil,
			func(g world.GroupOptions) bool { return reflect.DeepEqual(g, world.DefaultGroupOptions(20001)) }},
		{"question with answer", func() error { return bot.SetGroupAddOption(ctx, 20001, world.AddTypeAnswer, "协议名?", "OneBot") }, nil,
			func(g world.GroupOptions) bool {
				return g.AddType == 4 && g.Question == "协议名?" && g.Answer == "OneBot"
			}},
		{"question only drops the answer", func() error { return bot.SetGroupAddOption(ctx, 20001, world.AddTypeQuestion, "协议名?", "OneBot") }, nil,
			func(g world.GroupOptions) bool { return g.AddType == 5 && g.Question == "协议名?" && g.Answer == "" }},
		{"unknown add type", func() error { return bot.SetGroupAddOption(ctx, 20001, 9, "", "") }, world.ErrInvalid,
			func(g world.GroupOptions) bool { return g.AddType == 5 }},
		{"question too long", func() error {
			return bot.SetGroupAddOption(ctx, 20001, 5, strings.Repeat("问", world.MaxGroupQuestionRunes+1), "")
		}, world.ErrInvalid, func(g world.GroupOptions) bool { return g.Question == "协议名?" }},
		{"search, one flag", func() error { return bot.SetGroupSearch(ctx, 20001, nil, &one) }, nil,
			func(g world.GroupOptions) bool { return g.NoFingerOpen == 1 && g.NoCodeFingerOpen == 0 }},
		{"robot switch", func() error { return bot.SetGroupRobotAddOption(ctx, 20001, &one, nil) }, nil,
			func(g world.GroupOptions) bool { return g.RobotMemberSwitch == 1 && g.RobotMemberExamine == 0 }},
		{"invite policy", func() error { return bot.SetGroupInvitePolicy(ctx, 20001, "disabled") }, nil,
			func(g world.GroupOptions) bool { return g.InvitePolicy == "disabled" }},
		{"unknown invite policy", func() error { return bot.SetGroupInvitePolicy(ctx, 20001, "anyone") }, world.ErrInvalid,
			func(g world.GroupOptions) bool { return g.InvitePolicy == "disabled" }},
		{"one permission", func() error { return bot.SetGroupMemberPermissions(ctx, 20001, nil, &off, nil) }, nil,
			func(g world.GroupOptions) bool {
				return !g.AllowTemporarySession && g.AllowUploadAlbum && g.AllowCreateGroup
			}},
		{"no permission given", func() error { return bot.SetGroupMemberPermissions(ctx, 20001, nil, nil, nil) }, world.ErrInvalid, nil},
		{"history hidden", func() error { return bot.SetGroupNewMemberHistoryVisible(ctx, 20001, false) }, nil,
			func(g world.GroupOptions) bool { return !g.NewMemberHistoryVisible && g.AddType == 5 }},
		{"own message setting", func() error { return w.As(10003).SetGroupMsgMask(ctx, 20001, world.MsgMaskBlocked) }, nil,
			func(g world.GroupOptions) bool { return g.MsgMask == world.MsgMaskBlocked }},
		{"unknown message setting", func() error { return bot.SetGroupMsgMask(ctx, 20001, 5) }, world.ErrInvalid, nil},
		{"bot silenced", func() error { return bot.SetGroupBotStatus(ctx, 20001, 10005, false) }, nil,
			func(g world.GroupOptions) bool { return slices.Equal(g.SilencedBots, []int64{10005}) }},
		{"bot not in the group", func() error { return bot.SetGroupBotStatus(ctx, 20001, 10004, false) }, world.ErrNotFound, nil},
		{"bot speaks again", func() error { return bot.SetGroupBotStatus(ctx, 20001, 10005, true) }, nil,
			func(g world.GroupOptions) bool { return len(g.SilencedBots) == 0 }},
		{"plain member", func() error { return bot.SetGroupInvitePolicy(ctx, 20002, "disabled") }, world.ErrNotPermitted, nil},
		{"not a member", func() error { return bot.SetGroupNewMemberHistoryVisible(ctx, 20003, false) }, world.ErrNotFound, nil},
	} {
		err := tt.set()
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if tt.check == nil {
			continue
		}
		// A plain member of the group sees what the owner set.
		g, err := w.As(10003).GroupOptions(ctx, 20001)
		if err != nil {
			t.Fatal(err)
		}
		if !tt.check(g) {
			t.Errorf("%s: options are %+v", tt.name, g)
		}
	}
	if g, err := bot.GroupOptions(ctx, 20001); err != nil || g.MsgMask != world.MsgMaskNotify {
		t.Errorf("another member's message setting shows to the bot: %+v, %v", g, err)
	}
	if err := bot.SetGroupMsgMask(ctx, 20003, world.MsgMaskBlocked); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("a message setting for a group the bot is not in: %v", err)
	}
	if g, err := w.As(10001).GroupOptions(ctx, 20002); err != nil || !reflect.DeepEqual(g, world.DefaultGroupOptions(20002)) {
		t.Errorf("another group's options: %+v, %v", g, err)
	}
}
