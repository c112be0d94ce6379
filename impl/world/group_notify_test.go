package world_test

import (
	"context"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Group system messages: the requests a bot may answer, newest first, pending until answered
// and then kept with their state and who answered.
func TestGroupSystemMessages(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	find := func(bot int64, flag string) (world.GroupNotifyView, bool) {
		t.Helper()
		list, err := w.Bot(bot).GroupSystemMessages(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range list {
			if n.Flag == flag {
				return n, true
			}
		}
		return world.GroupNotifyView{}, false
	}
	refused, err := w.As(10004).RequestJoin(ctx, 20001, "让我进去")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		flag   string
		answer *bool
		state  world.NotifyState
		actor  int64
	}{
		{"the seed's join request, pending", "group-add-10007", nil, world.NotifyPending, 0},
		{"the seed's invitation, pending", "group-invite-20003", nil, world.NotifyPending, 0},
		{"a new join request, pending", refused, nil, world.NotifyPending, 0},
		{"approved", "group-add-10007", ptr(true), world.NotifyApproved, 10001},
		{"refused", refused, ptr(false), world.NotifyRefused, 10001},
	} {
		if tt.answer != nil {
			if err := w.Bot(0).AnswerGroupRequest(ctx, tt.flag, "", *tt.answer); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
		}
		n, ok := find(10001, tt.flag)
		if !ok || n.State != tt.state || n.OperatorID != tt.actor {
			t.Errorf("%s: %+v (listed %v)", tt.name, n, ok)
		}
	}
	if list, _ := w.Bot(0).GroupSystemMessages(ctx, 1); len(list) != 1 || list[0].Flag != refused {
		t.Errorf("the newest one: %+v", list)
	}
	if n, _ := find(10001, refused); n.RequesterNick != "小刚" || n.GroupName != "onespec 测试群" || n.Comment != "让我进去" {
		t.Errorf("the names shown: %+v", n)
	}
}

func ptr[T any](v T) *T { return &v }
