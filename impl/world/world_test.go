package world

import (
	"errors"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/cqcode"
)

var now = func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) }

// QQ's rules as the seed world exercises them: the bot owns 20001 (10002 admin, 10003 and 10005
// members) and is a plain member of 20002 (owned by 10004).
func TestGroupRules(t *testing.T) {
	tests := []struct {
		name string
		op   func(w *World) error
		want error
	}{
		{"owner kicks a member", func(w *World) error { return w.Kick(20001, 10003, false) }, nil},
		{"owner kicks an admin", func(w *World) error { return w.Kick(20001, 10002, false) }, nil},
		{"nobody kicks themselves", func(w *World) error { return w.Kick(20001, 10001, false) }, ErrNotPermitted},
		{"member cannot kick", func(w *World) error { return w.Kick(20002, 10002, false) }, ErrNotPermitted},
		{"unknown group", func(w *World) error { return w.Kick(99999, 10002, false) }, ErrNotFound},
		{"unknown member", func(w *World) error { return w.Kick(20001, 10004, false) }, ErrNotFound},
		{"member cannot mute", func(w *World) error { return w.Mute(20002, 10002, 60) }, ErrNotPermitted},
		{"owner sets admin", func(w *World) error { return w.SetAdmin(20001, 10003, true) }, nil},
		{"member cannot set admin", func(w *World) error { return w.SetAdmin(20002, 10002, true) }, ErrNotPermitted},
		{"own card anywhere", func(w *World) error { return w.SetCard(20002, 10001, "bot") }, nil},
		{"others' card needs admin", func(w *World) error { return w.SetCard(20002, 10002, "x") }, ErrNotPermitted},
		{"title needs owner", func(w *World) error { return w.SetTitle(20002, 10002, "x", -1) }, ErrNotPermitted},
		{"owner cannot just leave", func(w *World) error { return w.Leave(20001, false) }, ErrNotPermitted},
		{"owner dismisses", func(w *World) error { return w.Leave(20001, true) }, nil},
		{"member leaves", func(w *World) error { return w.Leave(20002, false) }, nil},
		{"anonymous ban by flag", func(w *World) error { return w.MuteAnonymous(20001, "80000001|无名氏", 60) }, nil},
		{"unknown anonymous flag", func(w *World) error { return w.MuteAnonymous(20001, "nope", 60) }, ErrNotFound},
		{"join request approved", func(w *World) error { return w.AnswerGroupRequest("group-add-10007", "add", true) }, nil},
		{"join request sub_type mismatch", func(w *World) error { return w.AnswerGroupRequest("group-add-10007", "invite", true) }, ErrInvalid},
		{"unknown friend request", func(w *World) error { return w.AnswerFriendRequest("nope", true, "") }, ErrNotFound},
		{"like a friend", func(w *World) error { return w.Like(10002, 10) }, nil},
		{"like a stranger", func(w *World) error { return w.Like(10005, 1) }, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.op(Seed(now))
			if (tt.want == nil && err != nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRecallRules(t *testing.T) {
	w := Seed(now)
	own, err := w.SendGroup(20002, []cqcode.Segment{cqcode.Text("hi")})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := w.Receive(Message{Type: "group", GroupID: 20002, SenderID: 10002, Segments: []cqcode.Segment{cqcode.Text("yo")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Recall(theirs); !errors.Is(err, ErrNotPermitted) {
		t.Errorf("a plain member recalled someone else's message: %v", err)
	}
	if err := w.Recall(own); err != nil {
		t.Errorf("recalling the bot's own message: %v", err)
	}
	if err := w.Recall(own); !errors.Is(err, ErrNotFound) {
		t.Errorf("recalling twice: %v", err)
	}
	if err := w.Recall(1001); err != nil { // 10002 (admin) in 20001, where the bot is owner
		t.Errorf("owner recalling an admin's message: %v", err)
	}
	if _, err := w.Message(1001); !errors.Is(err, ErrNotFound) {
		t.Errorf("a recalled message is gone: %v", err)
	}
	if _, err := w.SendGroup(20001, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty message: %v", err)
	}
}

func TestMutedBotCannotSpeak(t *testing.T) {
	w := Seed(now)
	w.groups[20002].WholeBan = true
	if _, err := w.SendGroup(20002, []cqcode.Segment{cqcode.Text("hi")}); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("sent through a whole ban as a member: %v", err)
	}
}
