package world

import (
	"context"
	"time"

	"github.com/onespec/onespec/impl/cqcode"
)

// Seed fills an empty world with the default world the reference server starts with. The
// spec's examples use these ids (docs/dev/spec-authoring.md describes them), so every example
// request succeeds against a fresh server.
func Seed(ctx context.Context, w *World) error { return w.Populate(ctx, SeedUniverse) }

// SeedUniverse is Seed inside a transaction already running (reset_world).
func SeedUniverse(u *Universe) error {
	t0 := time.Unix(u.Now(), 0).Add(-30 * 24 * time.Hour).Unix()
	steps := []func() error{}
	add := func(f func() error) { steps = append(steps, f) }
	for _, a := range []Account{
		{ID: 10001, Nickname: "onespec 机器人", Sex: Unknown, Area: "上海", Level: 64, Bot: true},
		{ID: 10002, Nickname: "小明", Sex: Male, Age: 20, Area: "北京", Level: 30},
		{ID: 10003, Nickname: "小红", Sex: Female, Age: 19, Area: "广州", Level: 25},
		{ID: 10004, Nickname: "小刚", Sex: Male, Age: 22, Area: "深圳", Level: 40},
		{ID: 10005, Nickname: "路人甲", Sex: Unknown, Age: 30, Area: "杭州", Level: 5},
		{ID: 10006, Nickname: "想加好友的人", Sex: Female, Age: 25},
		{ID: 10007, Nickname: "想进群的人", Sex: Male, Age: 18},
	} {
		add(func() error { return u.AddAccount(a) })
	}
	add(func() error { return u.Befriend(10001, 10002, "同学小明", "") })
	add(func() error { return u.Befriend(10001, 10003, "", "") })
	add(func() error { return u.Befriend(10001, 10004, "", "") })
	// 想进群的人 keeps the bot as a one-way friend (单向好友): the bot deleted them on its side.
	add(func() error { return u.AddOneWayFriend(10007, 10001, "") })
	// The bot keeps 小明 in its category 同学 (the others are in 我的好友).
	add(func() error {
		return u.AddFriendCategory(FriendCategory{OwnerID: 10001, ID: 1, Name: "同学", Sort: 1})
	})
	add(func() error { return u.PutInCategory(10001, 10002, 1) })
	// The bot is also logged in on an iPad; 小红 is away.
	add(func() error {
		return u.AddDevice(Device{UserID: 10001, AppID: 537151682, Name: "onespec 的 iPad", Kind: "iPad"})
	})
	add(func() error { return u.SetPresence(10003, StatusAway, 0, 80) })
	// The bot shows its iPhone14,2 as an iPhone 13 Pro.
	add(func() error {
		return u.SetModelShow(ModelShow{UserID: 10001, Model: "iPhone14,2", Show: "iPhone 13 Pro"})
	})
	// The bot is an SVIP5 (超级会员); 小明 a VIP1.
	add(func() error {
		return u.SetVIP(VIP{UserID: 10001, Kind: VIPSuper, Level: 5, GrowthSpeed: 15, GrowthTotal: 12600, LevelSpeed: 1.5})
	})
	add(func() error {
		return u.SetVIP(VIP{UserID: 10002, Kind: VIPBasic, Level: 1, GrowthSpeed: 10, GrowthTotal: 600, LevelSpeed: 1.2})
	})
	// QQ's URL check finds one URL dangerous (every other is safe).
	add(func() error { return u.ScriptURLSafety("https://example.com/phishing", URLDangerous) })
	// 小明 liked the bot's card 3 times yesterday; the bot liked 小刚's twice today.
	add(func() error { return u.AddLikes(10002, 10001, 3, u.Now()-86400) })
	add(func() error { return u.AddLikes(10001, 10004, 2, u.Now()) })
	add(func() error {
		return u.AddGroup(Group{ID: 20001, Name: "onespec 测试群", MaxMembers: 200, AllowAnonymous: true, CreatedAt: t0,
			Talkative: &Honor{Type: Talkative, UserID: 10002, Description: "龙王", DayCount: 3}})
	})
	add(func() error {
		return u.AddGroup(Group{ID: 20002, Name: "OneBot 开发者交流", MaxMembers: 500, CreatedAt: t0})
	})
	// The group the bot is invited into exists: 10004 owns it.
	add(func() error {
		return u.AddGroup(Group{ID: 20003, Name: "机器人体验群", MaxMembers: 200, CreatedAt: t0})
	})
	for _, m := range []Membership{
		{GroupID: 20001, UserID: 10001, Role: Owner, Level: "100", JoinTime: t0},
		{GroupID: 20001, UserID: 10002, Role: Admin, Card: "班长", Level: "10", Title: "活跃分子", JoinTime: t0 + 60},
		{GroupID: 20001, UserID: 10003, Role: Member, Level: "5", JoinTime: t0 + 3600},
		{GroupID: 20001, UserID: 10005, Role: Member, Level: "1", JoinTime: t0 + 7200},
		{GroupID: 20002, UserID: 10004, Role: Owner, Level: "80", JoinTime: t0},
		{GroupID: 20002, UserID: 10001, Role: Member, Level: "3", JoinTime: t0 + 600},
		{GroupID: 20002, UserID: 10002, Role: Member, Level: "7", JoinTime: t0 + 1200},
		{GroupID: 20003, UserID: 10004, Role: Owner, Level: "80", JoinTime: t0},
	} {
		add(func() error { return u.AddMember(m) })
	}
	add(func() error { return u.AddAnonymous(20001, "80000001|无名氏") })
	add(func() error {
		return u.SetHonors(20001, []Honor{
			{Type: Talkative, UserID: 10002, Description: "龙王"},
			{Type: Performer, UserID: 10003, Description: "群聊之火"},
			{Type: Legend, UserID: 10002, Description: "群聊炽焰"},
			{Type: StrongNewbie, UserID: 10005, Description: "冒尖小春笋"},
			{Type: Emotion, UserID: 10003, Description: "快乐之源"},
		}, &Honor{Type: Talkative, UserID: 10002, Description: "龙王", DayCount: 3})
	})
	add(func() error {
		_, err := u.AddAnnouncement(Announcement{ID: 5001, GroupID: 20001, SenderID: 10001, Time: t0, Content: "欢迎来到 onespec 测试群，发言前请先看群规。"})
		return err
	})
	add(func() error {
		return u.AddFriendRequest(FriendRequest{Flag: "friend-req-10006", From: 10006, To: 10001, Comment: "你好，加个好友"})
	})
	add(func() error {
		return u.AddGroupRequest(GroupRequest{Flag: "group-add-10007", Kind: AddRequest, GroupID: 20001, UserID: 10007, Comment: "想学 OneBot"})
	})
	add(func() error {
		return u.AddGroupRequest(GroupRequest{Flag: "group-invite-20003", Kind: Invitation, GroupID: 20003, UserID: 10004, TargetID: 10001})
	})
	add(func() error {
		_, err := u.AddMessage(Message{ID: 1001, Type: Grouped, GroupID: 20001, SenderID: 10002, Segments: cqcode.Parse("大家好[CQ:face,id=14]")})
		return err
	})
	add(func() error {
		return u.AddEssence(Essence{GroupID: 20001, MessageID: 1001, OperatorID: 10001, Time: t0 + 86400})
	})
	add(func() error {
		_, err := u.AddMessage(Message{ID: 1002, Type: Private, PeerID: 10002, SenderID: 10001, Segments: []cqcode.Segment{cqcode.Text("你好")}})
		return err
	})
	add(func() error {
		return u.AddForward("FORWARD_1", []ForwardNode{
			{UserID: 10002, Nickname: "小明", Time: t0, Segments: []cqcode.Segment{cqcode.Text("晚上吃什么？")}},
			{UserID: 10003, Nickname: "小红", Time: t0 + 30, Segments: []cqcode.Segment{cqcode.Text("火锅！")}},
		})
	})
	add(func() error {
		return u.AddFile(File{Name: "8f3a2c1d.image", Kind: ImageFile, URL: "https://example.com/cat.png", Size: 20480})
	})
	add(func() error {
		return u.ScriptOCR("8f3a2c1d.image", "zh", []OCRText{
			{Text: "喵星人", Confidence: 98, Coordinates: []OCRPoint{{12, 8}, {96, 8}, {96, 40}, {12, 40}}},
			{Text: "Hello Cat", Confidence: 91, Coordinates: []OCRPoint{{12, 52}, {140, 52}, {140, 80}, {12, 80}}},
		})
	})
	add(func() error {
		return u.AddFile(File{Name: "hello.amr", Kind: RecordFile, URL: "https://example.com/hello.amr", Size: 4096})
	})
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
