package worldfile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
	"github.com/onespec/onespec/impl/worldfile"
)

func emptyWorld(t *testing.T) *world.World {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return world.New(st, world.Options{})
}

func TestExampleTwoBots(t *testing.T) {
	ctx := context.Background()
	f, err := worldfile.ReadFile("../../examples/two-bots.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := emptyWorld(t)
	if err := f.Load(ctx, w); err != nil {
		t.Fatal(err)
	}
	if id, err := w.DefaultBot(ctx); err != nil || id != 10001 {
		t.Fatalf("default bot %d, %v", id, err)
	}
	a, b := w.Bot(10001), w.Bot(10002)
	for _, bot := range []*world.Actor{a, b} {
		friends, _ := bot.Friends(ctx)
		groups, _ := bot.Groups(ctx)
		if len(friends) == 0 || len(groups) != 1 || groups[0].MemberCount != 3 {
			t.Errorf("friends %+v groups %+v", friends, groups)
		}
	}
	id, err := a.SendPrivate(ctx, 10002, 0, []cqcode.Segment{cqcode.Text("乙，你好")})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := b.Message(ctx, id); err != nil || m.SenderID != 10001 {
		t.Errorf("B reads A's message %d: %+v %v", id, m, err)
	}
}

func TestBadFiles(t *testing.T) {
	const bots = "accounts:\n  - {id: 10001, bot: true}\n  - {id: 10002}\n"
	tests := []struct {
		name, file, want string
	}{
		{"empty", "", "the file is empty"},
		{"not YAML", "accounts: [", "did not find expected"},
		{"misspelt key", bots + "freinds: []\n", "field freinds not found"},
		{"wrong type", "accounts:\n  - {id: abc, bot: true}\n", "line 2"},
		{"no bot", "accounts:\n  - {id: 10001}\n", "no account has bot: true"},
		{"zero id", "accounts:\n  - {id: 0, bot: true}\n", "accounts[0].id: 0 is not a QQ number"},
		{"duplicate account", bots + "  - {id: 10001}\n", "accounts[2].id: account 10001 is defined twice"},
		{"unknown member", bots + "groups:\n  - {id: 1, members: [{id: 10009}]}\n", "groups[0].members[0].id: account 10009 is not in accounts"},
		{"member twice", bots + "groups:\n  - {id: 1, members: [{id: 10001}, {id: 10001}]}\n", "groups[0].members[1].id: 10001 is listed twice"},
		{"duplicate group", bots + "groups:\n  - {id: 1}\n  - {id: 1}\n", "groups[1].id: group 1 is defined twice"},
		{"bad role", bots + "groups:\n  - {id: 1, members: [{id: 10001, role: king}]}\n", `groups[0].members[0]: member 10001 of group 1: role "king"`},
		{"two owners", bots + "groups:\n  - {id: 1, members: [{id: 10001, role: owner}, {id: 10002, role: owner}]}\n", "already has owner 10001"},
		{"bad sex", "accounts:\n  - {id: 10001, bot: true, sex: robot}\n", `accounts[0]: account 10001: sex "robot"`},
		{"default bot not a bot", bots + "default_bot: 10002\n", "default_bot: default bot 10002 is not a bot account"},
		{"default bot unknown", bots + "default_bot: 3\n", "default_bot: account 3 is not in accounts"},
		{"self friendship", bots + "friends:\n  - {a: 10001, b: 10001}\n", "friends[0]: account 10001 cannot befriend itself"},
		{"unknown friend", bots + "friends:\n  - {a: 10001, b: 3}\n", "friends[0]: account 3"},
		{"invitation into no group", bots + "group_requests:\n  - {flag: f, kind: invite, group: 9, user: 10002, target: 10001}\n", "group_requests[0]: group request \"f\": group 9"},
		{"bad request kind", bots + "groups:\n  - {id: 1}\ngroup_requests:\n  - {flag: f, kind: join, group: 1, user: 10002}\n", `kind "join" is not add or invite`},
		{"message to nobody", bots + "messages:\n  - {from: 10001, message: hi}\n", "messages[0]: give either to"},
		{"message to a stranger", bots + "messages:\n  - {from: 10001, to: 10002, message: hi}\n", "messages[0]: user 10002 is not a friend of 10001"},
		{"message to a group not joined", bots + "groups:\n  - {id: 1}\nmessages:\n  - {from: 10001, group: 1, message: hi}\n", "messages[0]: group 1: 10001 is not a member"},
		{"negative message id", bots + "messages:\n  - {id: -1, from: 10001, to: 10002, message: hi}\n", "messages[0].id: -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := worldfile.Read(strings.NewReader(tt.file), "w.yaml")
			w := emptyWorld(t)
			if err == nil {
				err = f.Load(context.Background(), w)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			// All or nothing: a file that fails halfway leaves no half world behind.
			if empty, err := w.Empty(context.Background()); err != nil || !empty {
				t.Errorf("after a failed load the world is not empty: %v", err)
			}
		})
	}
}

// A world file declares what NapCat's fields report: an account's QQ level and whether it is
// one of QQ's robots, and each member's own remark for the group; an export gives them back.
func TestNapCatFields(t *testing.T) {
	ctx := context.Background()
	const file = `accounts:
  - {id: 10001, nickname: 甲, bot: true, level: 64}
  - {id: 10002, nickname: 乙, bot: true}
  - {id: 2854196310, nickname: Q群管家, is_robot: true, level: 1}
groups:
  - id: 20001
    name: 群
    members:
      - {id: 10001, role: owner, group_remark: 甲的群}
      - {id: 10002, group_remark: 乙的群}
      - {id: 2854196310}
`
	f, err := worldfile.Read(strings.NewReader(file), "w.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := emptyWorld(t)
	if err := f.Load(ctx, w); err != nil {
		t.Fatal(err)
	}
	for self, want := range map[int64]string{10001: "甲的群", 10002: "乙的群"} {
		if g, err := w.Bot(self).GroupInfo(ctx, 20001); err != nil || g.Remark != want {
			t.Errorf("bot %d: remark %q (%v), want %q", self, g.Remark, err, want)
		}
	}
	for _, tt := range []struct {
		id          int64
		level       int32
		officialBot bool
	}{{10001, 64, false}, {10002, 0, false}, {2854196310, 1, true}} {
		m, err := w.Bot(10001).MemberInfo(ctx, 20001, tt.id)
		if err != nil || m.Account.Level != tt.level || m.OfficialBot != tt.officialBot {
			t.Errorf("member %d: level %d robot %v (%v), want %d %v", tt.id, m.Account.Level, m.OfficialBot, err, tt.level, tt.officialBot)
		}
	}
	snap, err := w.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := worldfile.Export(snap)
	if !out.Accounts[2].IsRobot || out.Groups[0].Members[1].GroupRemark != "乙的群" {
		t.Errorf("export lost them: %+v %+v", out.Accounts, out.Groups)
	}
}
