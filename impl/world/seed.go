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
	// Group 20001's files: 群规.txt in the root, the folder 课件 holding 第一课.pdf and the empty
	// folder 旧资料; group
	// 20002 has 10004's 日程.txt, which the bot (a plain member there) may not delete.
	add(func() error {
		return u.AddGroupFolder(GroupFolder{ID: "/f0e1d2c3b4a5968778695a4b3c2d1e0f", GroupID: 20001, Name: "课件", CreatorID: 10001, Time: t0})
	})
	add(func() error { // an empty folder, a second one to delete
		return u.AddGroupFolder(GroupFolder{ID: "/e2d3c4b5a6978877695a4b3c2d1e0f1a", GroupID: 20001, Name: "旧资料", CreatorID: 10002, Time: t0 + 60})
	})
	add(func() error {
		return u.AddGroupFile(GroupFile{ID: "/a1b2c3d4e5f60718293a4b5c6d7e8f90", GroupID: 20001, Name: "群规.txt", UploaderID: 10002, Time: t0, Content: []byte("群规：友善交流。")})
	})
	add(func() error {
		return u.AddGroupFile(GroupFile{ID: "/0123456789abcdef0123456789abcdef", GroupID: 20001, FolderID: "/f0e1d2c3b4a5968778695a4b3c2d1e0f", Name: "第一课.pdf", UploaderID: 10001, Time: t0, Content: []byte("%PDF-1.4 lesson1")})
	})
	add(func() error { // the file 小明 sent the bot privately
		return u.AddPrivateFile(PrivateFile{ID: "/9d8c7b6a5f4e3d2c1b0a99887766554f", SenderID: 10002, PeerID: 10001, Name: "作业.txt", Time: t0, Content: []byte("明天的作业在这里")})
	})
	add(func() error {
		return u.AddGroupFile(GroupFile{ID: "/b2c3d4e5f60718293a4b5c6d7e8f90a1", GroupID: 20002, Name: "日程.txt", UploaderID: 10004, Time: t0, Content: []byte("周六开发者聚会")})
	})
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
