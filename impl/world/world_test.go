package world_test

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

var now = func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) }

// seeded is the default world on a fresh in-memory store.
func seeded(t testing.TB, opts world.Options) (*world.World, *sqlite.Store) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if opts.Now == nil {
		opts.Now = now
	}
	w := world.New(st, opts)
	if err := world.Seed(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	return w, st
}

func text(s string) []cqcode.Segment { return []cqcode.Segment{cqcode.Text(s)} }

// QQ's rules as the seed world exercises them: the bot owns 20001 (10002 admin, 10003 and 10005
// members) and is a plain member of 20002 (owned by 10004).
func TestGroupRules(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		op   func(b *world.Actor) error
		want error
	}{
		{"owner kicks a member", func(b *world.Actor) error { return b.Kick(ctx, 20001, 10003, false) }, nil},
		{"owner kicks an admin", func(b *world.Actor) error { return b.Kick(ctx, 20001, 10002, false) }, nil},
		{"nobody kicks themselves", func(b *world.Actor) error { return b.Kick(ctx, 20001, 10001, false) }, world.ErrNotPermitted},
		{"a member cannot kick", func(b *world.Actor) error { return b.Kick(ctx, 20002, 10002, false) }, world.ErrNotPermitted},
		{"a member cannot kick the owner", func(b *world.Actor) error { return b.Kick(ctx, 20002, 10004, false) }, world.ErrNotPermitted},
		{"unknown group", func(b *world.Actor) error { return b.Kick(ctx, 99999, 10002, false) }, world.ErrNotFound},
		{"a group the bot is not in", func(b *world.Actor) error { return b.Kick(ctx, 20003, 10004, false) }, world.ErrNotFound},
		{"unknown member", func(b *world.Actor) error { return b.Kick(ctx, 20001, 10004, false) }, world.ErrNotFound},
		{"a member cannot mute", func(b *world.Actor) error { return b.Mute(ctx, 20002, 10002, 60) }, world.ErrNotPermitted},
		{"negative mute", func(b *world.Actor) error { return b.Mute(ctx, 20001, 10003, -1) }, world.ErrInvalid},
		{"owner sets admin", func(b *world.Actor) error { return b.SetAdmin(ctx, 20001, 10003, true) }, nil},
		{"a member cannot set admin", func(b *world.Actor) error { return b.SetAdmin(ctx, 20002, 10002, true) }, world.ErrNotPermitted},
		{"own card anywhere", func(b *world.Actor) error { return b.SetCard(ctx, 20002, 10001, "bot") }, nil},
		{"others' card needs admin", func(b *world.Actor) error { return b.SetCard(ctx, 20002, 10002, "x") }, world.ErrNotPermitted},
		{"title needs owner", func(b *world.Actor) error { return b.SetTitle(ctx, 20002, 10002, "x", -1) }, world.ErrNotPermitted},
		{"the owner cannot just leave", func(b *world.Actor) error { return b.Leave(ctx, 20001, false) }, world.ErrNotPermitted},
		{"the owner dismisses", func(b *world.Actor) error { return b.Leave(ctx, 20001, true) }, nil},
		{"a member leaves", func(b *world.Actor) error { return b.Leave(ctx, 20002, false) }, nil},
		{"anonymous ban by flag", func(b *world.Actor) error { return b.MuteAnonymous(ctx, 20001, "80000001|无名氏", 60) }, nil},
		{"unknown anonymous flag", func(b *world.Actor) error { return b.MuteAnonymous(ctx, 20001, "nope", 60) }, world.ErrNotFound},
		{"join request approved", func(b *world.Actor) error { return b.AnswerGroupRequest(ctx, "group-add-10007", "add", true) }, nil},
		{"join request sub_type mismatch", func(b *world.Actor) error { return b.AnswerGroupRequest(ctx, "group-add-10007", "invite", true) }, world.ErrInvalid},
		{"invitation accepted", func(b *world.Actor) error { return b.AnswerGroupRequest(ctx, "group-invite-20003", "", true) }, nil},
		{"unknown friend request", func(b *world.Actor) error { return b.AnswerFriendRequest(ctx, "nope", true, "") }, world.ErrNotFound},
		{"friend request approved", func(b *world.Actor) error { return b.AnswerFriendRequest(ctx, "friend-req-10006", true, "新朋友") }, nil},
		{"kicked with reject_add_request cannot ask again", func(b *world.Actor) error {
			if err := b.Kick(ctx, 20001, 10005, true); err != nil {
				return err
			}
			return b.World().Populate(ctx, func(u *world.Universe) error {
				return u.AddGroupRequest(world.GroupRequest{Flag: "again", Kind: world.AddRequest, GroupID: 20001, UserID: 10005})
			})
		}, world.ErrNotPermitted},
		{"like a friend", func(b *world.Actor) error { return b.Like(ctx, 10002, 10) }, nil},
		{"like a stranger", func(b *world.Actor) error { return b.Like(ctx, 10005, 1) }, world.ErrNotFound},
		{"announce as owner", func(b *world.Actor) error {
			_, err := b.Announce(ctx, world.Announcement{GroupID: 20001, Content: "明天开会"})
			return err
		}, nil},
		{"announce as member", func(b *world.Actor) error {
			_, err := b.Announce(ctx, world.Announcement{GroupID: 20002, Content: "x"})
			return err
		}, world.ErrNotPermitted},
		{"essence as owner", func(b *world.Actor) error { return b.SetEssence(ctx, 1001, true) }, nil},
		{"essence of a private message", func(b *world.Actor) error { return b.SetEssence(ctx, 1002, true) }, world.ErrInvalid},
		{"a simulated user is not a bot", func(*world.Actor) error {
			w, _ := seeded(t, world.Options{})
			_, err := w.Bot(10002).Self(ctx)
			return err
		}, world.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := seeded(t, world.Options{})
			err := tt.op(w.Bot(0))
			if (tt.want == nil && err != nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRecallRules(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	b := w.Bot(0)
	own, err := b.SendGroup(ctx, 20002, text("hi"))
	if err != nil {
		t.Fatal(err)
	}
	var theirs int32
	if err := w.Populate(ctx, func(u *world.Universe) error {
		theirs, err = u.AddMessage(world.Message{Type: world.Grouped, GroupID: 20002, SenderID: 10004, Segments: text("yo")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Recall(ctx, theirs); !errors.Is(err, world.ErrNotPermitted) {
		t.Errorf("a plain member recalled someone else's message: %v", err)
	}
	if err := b.Recall(ctx, own); err != nil {
		t.Errorf("recalling the bot's own message: %v", err)
	}
	if err := b.Recall(ctx, own); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("recalling twice: %v", err)
	}
	if err := b.Recall(ctx, 1001); err != nil { // 10002 (admin) in 20001, where the bot is owner
		t.Errorf("owner recalling an admin's message: %v", err)
	}
	if _, err := b.Message(ctx, 1001); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("a recalled message is gone: %v", err)
	}
	if _, err := b.SendGroup(ctx, 20001, nil); !errors.Is(err, world.ErrInvalid) {
		t.Errorf("empty message: %v", err)
	}
}

func TestMutedBotCannotSpeak(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	// 10004 owns 20002; make it whole-muted through its owner's view by promoting 10004 to a bot.
	if err := w.Populate(ctx, func(u *world.Universe) error {
		return u.AddAccount(world.Account{ID: 10004, Nickname: "小刚", Sex: world.Male, Bot: true})
	}); err != nil {
		t.Fatal(err)
	}
	if err := w.Bot(10004).SetWholeBan(ctx, 20002, true); err != nil {
		t.Fatal(err)
	}
	_, err := w.Bot(10001).SendGroup(ctx, 20002, text("hi"))
	if !errors.Is(err, world.ErrNotPermitted) || !strings.Contains(err.Error(), "whole-group mute") {
		t.Fatalf("sent through a whole ban as a member: %v", err)
	}
	if err := w.Bot(10004).Mute(ctx, 20002, 10001, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Bot(10004).SendGroup(ctx, 20002, text("the owner may")); err != nil {
		t.Fatalf("the owner under whole ban: %v", err)
	}
}

// A mute ends by itself: once its time has passed the member reads as not muted (NapCat's
// shut_up_timestamp 0), in the single answer and in the list.
func TestMuteEnds(t *testing.T) {
	ctx := context.Background()
	clock := now()
	w, _ := seeded(t, world.Options{Now: func() time.Time { return clock }})
	b := w.Bot(0)
	if err := b.Mute(ctx, 20001, 10003, 60); err != nil {
		t.Fatal(err)
	}
	mutedUntil := func() (one, listed int64) {
		t.Helper()
		m, err := b.MemberInfo(ctx, 20001, 10003)
		if err != nil {
			t.Fatal(err)
		}
		all, err := b.Members(ctx, 20001)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range all {
			if v.UserID == 10003 {
				listed = v.MutedUntil
			}
		}
		return m.MutedUntil, listed
	}
	if one, listed := mutedUntil(); one != clock.Unix()+60 || listed != one {
		t.Errorf("muted: %d and %d in the list, want %d", one, listed, clock.Unix()+60)
	}
	clock = clock.Add(61 * time.Second)
	if one, listed := mutedUntil(); one != 0 || listed != 0 {
		t.Errorf("after the mute's end: %d and %d in the list, want 0", one, listed)
	}
}

// Two bots of one universe: what one sends, the other reads with the same message_id, and a
// recall reaches both; a bot never sees conversations it is not part of.
func TestTwoBotsShareMessages(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	if err := w.Populate(ctx, func(u *world.Universe) error {
		if err := u.AddAccount(world.Account{ID: 10009, Nickname: "second bot", Bot: true}); err != nil {
			return err
		}
		if err := u.Befriend(10001, 10009, "", ""); err != nil {
			return err
		}
		return u.AddMember(world.Membership{GroupID: 20001, UserID: 10009})
	}); err != nil {
		t.Fatal(err)
	}
	a, b := w.Bot(0), w.Bot(10009)
	priv, err := a.SendPrivate(ctx, 10009, 0, text("hi B"))
	if err != nil {
		t.Fatal(err)
	}
	grp, err := b.SendGroup(ctx, 20001, text("hi all"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		bot  *world.Actor
		id   int32
		want string
	}{{b, priv, "hi B"}, {a, priv, "hi B"}, {a, grp, "hi all"}, {b, grp, "hi all"}, {b, 1001, "大家好"}} {
		m, err := tc.bot.Message(ctx, tc.id)
		if err != nil || !strings.Contains(cqcode.PlainText(m.Segments), tc.want) {
			t.Errorf("message %d: %+v, %v", tc.id, m, err)
		}
	}
	if _, err := b.Message(ctx, 1002); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("bot B read A's private chat with 10002: %v", err)
	}
	if _, err := b.Message(ctx, grp); err != nil {
		t.Fatal(err)
	}
	// A (owner) recalls B's group message; B no longer finds it either.
	if err := a.Recall(ctx, grp); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Message(ctx, grp); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("the recall did not reach B: %v", err)
	}
	sa, _ := a.Stats(ctx)
	sb, _ := b.Stats(ctx)
	if sa.MessagesReceived != 3 || sb.MessagesReceived != 1 { // A: 1001 and 1101 (a voice) from the seed, B's group message
		t.Errorf("received: A %d, B %d", sa.MessagesReceived, sb.MessagesReceived)
	}
	if sa.MessagesSent != 2 || sb.MessagesSent != 1 { // A: 1002 from the seed and "hi B"
		t.Errorf("sent: A %d, B %d", sa.MessagesSent, sb.MessagesSent)
	}
	friends, _ := b.Friends(ctx)
	groups, _ := b.Groups(ctx)
	if len(friends) != 1 || friends[0].ID != 10001 || len(groups) != 1 || groups[0].ID != 20001 {
		t.Errorf("B sees friends %+v, groups %+v", friends, groups)
	}
}

// Leaving removes the bot's membership and nothing else: the group, its other members and its
// history stay, and an invitation brings the bot back into the same group.
func TestLeaveKeepsTheGroup(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	b := w.Bot(0)
	if err := b.Leave(ctx, 20002, false); err != nil {
		t.Fatal(err)
	}
	if _, err := b.GroupInfo(ctx, 20002); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("the bot still sees the group: %v", err)
	}
	if err := w.Populate(ctx, func(u *world.Universe) error {
		return u.AddGroupRequest(world.GroupRequest{Flag: "back", Kind: world.Invitation, GroupID: 20002, UserID: 10004, TargetID: 10001})
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.AnswerGroupRequest(ctx, "back", world.Invitation, true); err != nil {
		t.Fatal(err)
	}
	g, err := b.GroupInfo(ctx, 20002)
	if err != nil || g.Name != "OneBot 开发者交流" || g.MemberCount != 3 {
		t.Errorf("back in %+v, %v", g, err)
	}
	if err := w.Populate(ctx, func(u *world.Universe) error {
		return u.AddGroupRequest(world.GroupRequest{Flag: "x", Kind: world.Invitation, GroupID: 29999, UserID: 10004, TargetID: 10001})
	}); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("an invitation into a group that does not exist: %v", err)
	}
}

func TestChangesAreRecorded(t *testing.T) {
	ctx := context.Background()
	var got []world.Change
	w, _ := seeded(t, world.Options{OnChange: func(c []world.Change) { got = append(got, c...) }})
	got = nil
	id, err := w.Bot(0).SendGroup(ctx, 20001, text("x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Bot(0).SendGroup(ctx, 29999, text("x")); err == nil {
		t.Fatal("sent to a group that does not exist")
	}
	if len(got) != 1 {
		t.Fatalf("changes %+v", got)
	}
	if c, ok := got[0].(*world.MessageCreated); !ok || c.Message.ID != id || c.Message.GroupID != 20001 {
		t.Errorf("changes %+v", got)
	}
}

// The world survives a restart on the same database: ids, memberships, requests answered.
func TestRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "world.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w := world.New(st, world.Options{Now: now})
	if err := world.Seed(ctx, w); err != nil {
		t.Fatal(err)
	}
	b := w.Bot(0)
	id, err := b.SendGroup(ctx, 20001, text("before restart"))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetCard(ctx, 20001, 10003, "小红红"); err != nil {
		t.Fatal(err)
	}
	if err := b.AnswerFriendRequest(ctx, "friend-req-10006", true, ""); err != nil {
		t.Fatal(err)
	}
	// NapCat's fields: the bot's remark for a group, a mute's end, a QQ robot account.
	remark := "我的测试群"
	if err := w.SetMember(ctx, 20001, 10001, world.MemberChange{GroupRemark: &remark}); err != nil {
		t.Fatal(err)
	}
	if err := b.Mute(ctx, 20001, 10003, 600); err != nil {
		t.Fatal(err)
	}
	if _, err := w.UpdateAccount(ctx, 10005, func(a *world.Account) { a.OfficialBot = true }); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w = world.New(st, world.Options{Now: now})
	if empty, err := w.Empty(ctx); err != nil || empty {
		t.Fatalf("empty after restart: %v %v", empty, err)
	}
	b = w.Bot(0)
	m, err := b.Message(ctx, id)
	if err != nil || cqcode.PlainText(m.Segments) != "before restart" || m.Seq != 2 {
		t.Errorf("message %d: %+v %v", id, m, err)
	}
	if mem, err := b.MemberInfo(ctx, 20001, 10003); err != nil || mem.Card != "小红红" {
		t.Errorf("card: %+v %v", mem, err)
	}
	if mem, err := b.MemberInfo(ctx, 20001, 10003); err != nil || mem.MutedUntil != now().Unix()+600 {
		t.Errorf("mute: %+v %v", mem, err)
	}
	if mem, err := b.MemberInfo(ctx, 20001, 10005); err != nil || !mem.OfficialBot {
		t.Errorf("QQ robot: %+v %v", mem, err)
	}
	if g, err := b.GroupInfo(ctx, 20001); err != nil || g.Remark != remark {
		t.Errorf("group remark: %+v %v", g, err)
	}
	if friends, _ := b.Friends(ctx); len(friends) != 4 {
		t.Errorf("friends after restart: %+v", friends)
	}
	next, err := b.SendGroup(ctx, 20001, text("after"))
	if err != nil || next != id+1 {
		t.Errorf("next id %d (want %d): %v", next, id+1, err)
	}
	if v, err := st.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Errorf("integrity: %q %v", v, err)
	}
}

func TestRetention(t *testing.T) {
	ctx := context.Background()
	clock := now()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{
		Now:       func() time.Time { return clock },
		Retention: world.Retention{MessagesPerConversation: 3, MaxAge: time.Hour, MediaBytes: 10},
		Media:     media,
	})
	b := w.Bot(0)
	var ids []int32
	for i := range 5 {
		id, err := b.SendGroup(ctx, 20002, text(string(rune('a'+i))))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i, id := range ids {
		_, err := b.Message(ctx, id)
		if kept := i >= 2; kept != (err == nil) {
			t.Errorf("message %d (#%d): %v", id, i, err)
		}
		if err != nil && !errors.Is(err, world.ErrNotFound) {
			t.Errorf("a message fallen out is not found: %v", err)
		}
	}
	// Age: an hour later everything before is expired, even before pruning removes it.
	clock = clock.Add(time.Hour + time.Second)
	if _, err := b.Message(ctx, ids[4]); !errors.Is(err, world.ErrNotFound) || !strings.Contains(err.Error(), "expired") {
		t.Errorf("an expired message: %v", err)
	}
	// Media: 6 bytes each, at most 10 bytes stored, so the first picture's file goes.
	img := func(data string) []cqcode.Segment {
		return []cqcode.Segment{{Type: "image", Data: cqcode.Data{{Key: "file", Value: "base64://" + base64.StdEncoding.EncodeToString([]byte(data))}}}}
	}
	first, err := b.SendGroup(ctx, 20001, img("pic #1"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := b.Message(ctx, first)
	if err != nil || len(m.Media) != 1 {
		t.Fatalf("stored media: %+v %v", m, err)
	}
	name := m.Segments[0].Data.Get("file").(string)
	if f, err := b.File(ctx, world.ImageFile, name); err != nil || f.Size != 6 {
		t.Fatalf("get_image of a stored picture: %+v %v", f, err)
	}
	path := media.Path(m.Media[0])
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SendGroup(ctx, 20001, img("pic #2")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Message(ctx, first); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("the message whose media fell out: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the media file is still there: %v", err)
	}
	if _, err := b.File(ctx, world.ImageFile, name); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("get_image of fallen-out media: %v", err)
	}
	if _, err := b.SendGroup(ctx, 20001, []cqcode.Segment{{Type: "image", Data: cqcode.Data{{Key: "file", Value: "base64://%%%"}}}}); !errors.Is(err, world.ErrInvalid) {
		t.Errorf("bad base64: %v", err)
	}
}

// The same picture sent twice is stored once, and its file stays while any message refers to
// it; files the store does not know (an interrupted write) are swept.
func TestMediaIsSharedAndSwept(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Retention: world.Retention{MessagesPerConversation: 1}, Media: media})
	b := w.Bot(0)
	pic := []cqcode.Segment{{Type: "image", Data: cqcode.Data{{Key: "file", Value: "base64://" + base64.StdEncoding.EncodeToString([]byte("same picture"))}}}}
	first, err := b.SendGroup(ctx, 20001, pic)
	if err != nil {
		t.Fatal(err)
	}
	m, err := b.Message(ctx, first)
	if err != nil || len(m.Media) != 1 {
		t.Fatalf("%+v %v", m, err)
	}
	path := media.Path(m.Media[0])
	if pic[0].Data.Get("file") == m.Segments[0].Data.Get("file") {
		t.Error("the caller's segments were changed")
	}
	// The private message keeps the picture referenced; then the group's second message
	// pushes the first out (one message per conversation).
	if _, err := b.SendPrivate(ctx, 10002, 0, pic); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SendGroup(ctx, 20001, text("next")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Message(ctx, first); !errors.Is(err, world.ErrNotFound) {
		t.Fatalf("the first message is still there: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the picture another message refers to was deleted: %v", err)
	}
	if _, err := b.SendPrivate(ctx, 10002, 0, text("next")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the picture no message refers to is still there: %v", err)
	}

	orphan := filepath.Join(filepath.Dir(path), "ab"+strings.Repeat("0", 62))
	tmp := filepath.Join(filepath.Dir(path), "cd"+strings.Repeat("0", 62)+".tmp123")
	// Files onespec did not make are the user's, whatever they are called: never swept.
	mediaDir := filepath.Dir(filepath.Dir(path))
	users := []string{
		filepath.Join(mediaDir, "holiday", "IMG_0001.jpg"),
		filepath.Join(mediaDir, "notes.txt"),
		filepath.Join(filepath.Dir(path), "x.tmp123"),
		filepath.Join(mediaDir, "holiday", "ab"+strings.Repeat("0", 62)),
	}
	for _, p := range append([]string{orphan, tmp}, users...) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kept, err := b.SendGroup(ctx, 20001, pic)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.SweepMedia(ctx); err != nil || n != 2 {
		t.Fatalf("swept %d files: %v", n, err)
	}
	for _, p := range users {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("the sweep deleted a file onespec did not make: %v", err)
		}
	}
	if m, err := b.Message(ctx, kept); err != nil {
		t.Fatal(err)
	} else if _, err := os.Stat(media.Path(m.Media[0])); err != nil {
		t.Errorf("a referenced picture was swept: %v", err)
	}
}

// twoBots is the seed world with a second bot, 10009: a plain member of 20001 (which the
// default bot owns) and the default bot's friend. It records every change.
func twoBots(t *testing.T) (*world.World, *[]world.Change) {
	t.Helper()
	var got []world.Change
	w, _ := seeded(t, world.Options{OnChange: func(c []world.Change) { got = append(got, c...) }})
	err := w.Populate(context.Background(), func(u *world.Universe) error {
		if err := u.AddAccount(world.Account{ID: 10009, Nickname: "second bot", Bot: true}); err != nil {
			return err
		}
		if err := u.Befriend(10001, 10009, "", ""); err != nil {
			return err
		}
		return u.AddMember(world.Membership{GroupID: 20001, UserID: 10009, Card: "二号"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return w, &got
}

// last is the last recorded change of type T.
func last[T world.Change](t *testing.T, changes []world.Change) T {
	t.Helper()
	for i := len(changes) - 1; i >= 0; i-- {
		if c, ok := changes[i].(T); ok {
			return c
		}
	}
	var zero T
	t.Fatalf("no %T among %d changes", zero, len(changes))
	return zero
}

// Who sees each change: the audience rules of docs/dev/world.md.
func TestAudience(t *testing.T) {
	ctx := context.Background()
	w, got := twoBots(t)
	a, b := w.Bot(0), w.Bot(10009)
	var grp, priv, userPriv int32
	tests := []struct {
		name string
		op   func() error
		kind func([]world.Change) world.Change
		want []int64
	}{
		{"a group message: the group's bots but its sender", func() (err error) {
			grp, err = b.SendGroup(ctx, 20001, text("hi"))
			return err
		}, func(c []world.Change) world.Change { return last[*world.MessageCreated](t, c) }, []int64{10001}},
		{"a private message: its recipient", func() (err error) {
			priv, err = a.SendPrivate(ctx, 10009, 0, text("hi B"))
			return err
		}, func(c []world.Change) world.Change { return last[*world.MessageCreated](t, c) }, []int64{10009}},
		{"a group recall: every bot that saw it, the one that recalled it included", func() error { return a.Recall(ctx, grp) },
			func(c []world.Change) world.Change { return last[*world.MessageRecalled](t, c) }, []int64{10001, 10009}},
		{"a private recall: both sides that are bots", func() error { return a.Recall(ctx, priv) },
			func(c []world.Change) world.Change { return last[*world.MessageRecalled](t, c) }, []int64{10009, 10001}},
		{"a user's private recall: the bot it wrote to", func() (err error) {
			if userPriv, err = w.As(10002).SendPrivate(ctx, 10001, 0, text("oops")); err != nil {
				return err
			}
			return w.As(10002).Recall(ctx, userPriv)
		}, func(c []world.Change) world.Change { return last[*world.MessageRecalled](t, c) }, []int64{10001}},
		{"a card: the group's bots", func() error { return a.SetCard(ctx, 20001, 10003, "小红") },
			func(c []world.Change) world.Change { return last[*world.CardChanged](t, c) }, []int64{10001, 10009}},
		{"a join request: the group's owner and admins that are bots", func() error {
			_, err := w.As(10007).RequestJoin(ctx, 20001, "")
			return err
		}, func(c []world.Change) world.Change { return last[*world.JoinRequested](t, c) }, []int64{10001}},
		{"a poke in a group: its bots but the poker", func() error { return b.Poke(ctx, 10001, 20001) },
			func(c []world.Change) world.Change { return last[*world.Poked](t, c) }, []int64{10001}},
		{"a kick: the group's bots and the kicked bot", func() error { return a.Kick(ctx, 20001, 10009, false) },
			func(c []world.Change) world.Change { return last[*world.MemberKicked](t, c) }, []int64{10001, 10009}},
		{"a world-hand change no bot is told of", func() error {
			_, err := w.UpdateAccount(ctx, 10002, func(a *world.Account) { a.Sign = "hi" })
			return err
		}, func(c []world.Change) world.Change { return last[*world.AccountChanged](t, c) }, nil},
	}
	for _, tt := range tests {
		*got = nil
		if err := tt.op(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if seen := tt.kind(*got).Audience(); !slices.Equal(seen, tt.want) {
			t.Errorf("%s: seen by %v, want %v", tt.name, seen, tt.want)
		}
	}
}

// A change carries the state as of the change: rendered after the world moved on, a message
// shows its sender's card as it was, a card notice its real old card, a request its comment.
func TestChangesCarryTheirState(t *testing.T) {
	ctx := context.Background()
	w, got := twoBots(t)
	if _, err := w.Bot(10009).SendGroup(ctx, 20001, text("hi")); err != nil {
		t.Fatal(err)
	}
	sent := last[*world.MessageCreated](t, *got)
	if err := w.Bot(0).SetCard(ctx, 20001, 10009, "三号"); err != nil {
		t.Fatal(err)
	}
	card := last[*world.CardChanged](t, *got)
	flag, err := w.As(10003).RequestFriend(ctx, 10009, "加个好友")
	if err != nil {
		t.Fatal(err)
	}
	asked := last[*world.FriendRequested](t, *got)
	if err := w.Bot(10009).AnswerFriendRequest(ctx, flag, true, ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    world.Change
		want any
	}{
		{sent, "二号"},
		{card, gen.GroupCardNotice{Time: card.Time, SelfID: 10001, PostType: gen.GroupCardNoticePostTypeNotice, NoticeType: gen.GroupCardNoticeNoticeTypeGroupCard,
			GroupID: 20001, UserID: 10009, CardOld: "二号", CardNew: "三号"}},
		{asked, "加个好友"},
	} {
		ev, err := tc.c.Render(10001)
		if err != nil {
			t.Fatal(err)
		}
		var have any = ev
		switch ev := ev.(type) {
		case gen.GroupMessageEvent:
			have = *ev.Sender.Card
		case gen.FriendRequestEvent:
			have = ev.Comment
		}
		if !reflect.DeepEqual(have, tc.want) {
			t.Errorf("%T rendered %+v, want %+v", tc.c, have, tc.want)
		}
	}
}

// A group's files go with it, whoever dismisses it.
func TestDismissTakesTheFiles(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	if _, err := w.As(10002).UploadGroupFile(ctx, world.GroupFileUpload{GroupID: 20001, Name: "a.txt", Content: []byte("hi")}); err != nil {
		t.Fatal(err)
	}
	if err := w.Bot(0).Leave(ctx, 20001, true); err != nil {
		t.Fatal(err)
	}
	if err := w.CreateGroup(ctx, world.Group{ID: 20001, Name: "again"}, 10002, nil); err != nil {
		t.Fatal(err)
	}
	if files, err := w.GroupFiles(ctx, 20001); err != nil || len(files) != 0 {
		t.Errorf("the new group 20001 has the old one's files: %+v %v", files, err)
	}
}

// Concurrent operations (which the store commits together) are each answered after their
// commit, failures among them change nothing, and the observers see the committed changes
// once each, in commit order (message ids grow with it).
func TestConcurrentOperationsCommitInOrder(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := world.New(st, world.Options{Now: now})
	if err := world.Seed(ctx, w); err != nil {
		t.Fatal(err)
	}
	var seen []int32
	stop := w.Observe(func(cs []world.Change) {
		for _, c := range cs {
			if m, ok := c.(*world.MessageCreated); ok {
				seen = append(seen, m.Message.ID)
			}
		}
	})
	defer stop()
	const senders, each = 8, 40
	sent := make([][]int32, senders)
	errs := make(chan error, senders*each+1)
	done := make(chan struct{})
	for s := range senders {
		go func() {
			defer func() { done <- struct{}{} }()
			for range each {
				id, err := w.Bot(0).SendGroup(ctx, 20001, text("hi"))
				if err != nil {
					errs <- err
					return
				}
				sent[s] = append(sent[s], id)
				// A refusal in the same transactions: a group the bot is not in.
				if _, err := w.Bot(0).SendGroup(ctx, 20003, text("no")); !errors.Is(err, world.ErrNotFound) {
					errs <- err
				}
			}
		}()
	}
	// Views meanwhile, building the shared lists the sends make stale (last-sent times).
	readers := make(chan struct{})
	go func() {
		defer close(readers)
		for i := 0; i < 200; i++ {
			if _, err := w.Bot(0).Members(ctx, 20001); err != nil {
				errs <- err
				return
			}
			if _, err := w.Bot(0).Groups(ctx); err != nil {
				errs <- err
				return
			}
		}
	}()
	for range senders {
		<-done
	}
	<-readers
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var all []int32
	for _, ids := range sent {
		for _, id := range ids {
			if _, err := w.Bot(0).Message(ctx, id); err != nil {
				t.Errorf("acknowledged message %d: %v", id, err)
			}
		}
		all = append(all, ids...)
	}
	slices.Sort(all)
	if !slices.IsSorted(seen) || !slices.Equal(seen, all) {
		t.Errorf("observed %d messages %v, want the %d sent in commit order", len(seen), seen, len(all))
	}
}
