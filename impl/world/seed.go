package world

import (
	"time"

	"github.com/onespec/onespec/gen"

	"github.com/onespec/onespec/impl/cqcode"
)

// Seed returns the default world the reference server starts with. The spec's examples use
// these ids (docs/dev/spec-authoring.md describes them), so every example request succeeds
// against a fresh server.
func Seed(now func() time.Time) *World {
	if now == nil {
		now = time.Now
	}
	w := New(User{ID: 10001, Nickname: "onespec 机器人", Sex: gen.SexUnknown, Age: 0, Area: "上海"}, now)
	for _, u := range []User{
		{ID: 10002, Nickname: "小明", Sex: gen.SexMale, Age: 20, Area: "北京"},
		{ID: 10003, Nickname: "小红", Sex: gen.SexFemale, Age: 19, Area: "广州"},
		{ID: 10004, Nickname: "小刚", Sex: gen.SexMale, Age: 22, Area: "深圳"},
		{ID: 10005, Nickname: "路人甲", Sex: gen.SexUnknown, Age: 30, Area: "杭州"},
		{ID: 10006, Nickname: "想加好友的人", Sex: gen.SexFemale, Age: 25},
		{ID: 10007, Nickname: "想进群的人", Sex: gen.SexMale, Age: 18},
	} {
		w.AddUser(u)
	}
	must(w.AddFriend(10002, "同学小明"))
	must(w.AddFriend(10003, ""))
	must(w.AddFriend(10004, ""))

	t0 := now().Add(-30 * 24 * time.Hour).Unix()
	must(w.AddGroup(Group{
		ID: 20001, Name: "onespec 测试群", MaxMembers: 200, AllowAnonymous: true,
		Members: map[int64]*GroupMember{
			10001: {UserID: 10001, Role: Owner, Level: "100", JoinTime: t0},
			10002: {UserID: 10002, Role: Admin, Card: "班长", Level: "10", Title: "活跃分子", JoinTime: t0 + 60},
			10003: {UserID: 10003, Role: Member, Level: "5", JoinTime: t0 + 3600},
			10005: {UserID: 10005, Role: Member, Level: "1", JoinTime: t0 + 7200},
		},
		Anonymous: map[string]int64{"80000001|无名氏": 0},
		Honors: map[HonorType][]Honor{
			gen.GetGroupHonorInfoParamsTypeTalkative:    {{UserID: 10002, Description: "龙王"}},
			gen.GetGroupHonorInfoParamsTypePerformer:    {{UserID: 10003, Description: "群聊之火"}},
			gen.GetGroupHonorInfoParamsTypeLegend:       {{UserID: 10002, Description: "群聊炽焰"}},
			gen.GetGroupHonorInfoParamsTypeStrongNewbie: {{UserID: 10005, Description: "冒尖小春笋"}},
			gen.GetGroupHonorInfoParamsTypeEmotion:      {{UserID: 10003, Description: "快乐之源"}},
		},
		Talkative: &Honor{UserID: 10002, Description: "龙王", DayCount: 3},
	}))
	must(w.AddGroup(Group{
		ID: 20002, Name: "OneBot 开发者交流", MaxMembers: 500,
		Members: map[int64]*GroupMember{
			10004: {UserID: 10004, Role: Owner, Level: "80", JoinTime: t0},
			10001: {UserID: 10001, Role: Member, Level: "3", JoinTime: t0 + 600},
			10002: {UserID: 10002, Role: Member, Level: "7", JoinTime: t0 + 1200},
		},
	}))

	w.AddFriendRequest(FriendRequest{Flag: "friend-req-10006", UserID: 10006, Comment: "你好，加个好友"})
	w.AddGroupRequest(GroupRequest{Flag: "group-add-10007", SubType: AddRequest, GroupID: 20001, UserID: 10007, Comment: "想学 OneBot"})
	w.AddGroupRequest(GroupRequest{Flag: "group-invite-20003", SubType: Invitation, GroupID: 20003, UserID: 10004, Comment: ""})

	must2(w.Receive(Message{ID: 1001, Type: Grouped, GroupID: 20001, SenderID: 10002,
		Segments: cqcode.Parse("大家好[CQ:face,id=14]")}))
	must2(w.storeLocked(Message{ID: 1002, Type: Private, PeerID: 10002, SenderID: 10001,
		Segments: []cqcode.Segment{cqcode.Text("你好")}}))
	w.AddForward("FORWARD_1", []ForwardNode{
		{UserID: 10002, Nickname: "小明", Time: t0, Segments: []cqcode.Segment{cqcode.Text("晚上吃什么？")}},
		{UserID: 10003, Nickname: "小红", Time: t0 + 30, Segments: []cqcode.Segment{cqcode.Text("火锅！")}},
	})
	w.AddImage(File{Name: "8f3a2c1d.image", URL: "https://example.com/cat.png", Size: 20480})
	w.AddRecord(File{Name: "hello.amr", URL: "https://example.com/hello.amr", Size: 4096})
	return w
}

// storeLocked stores a message under the lock (seeding a message the bot sent earlier).
func (w *World) storeLocked(m Message) (int32, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.store(m)
}

// must panics on an error in the constant seed data above, which would be a programming error.
func must(err error) {
	if err != nil {
		panic("world seed: " + err.Error())
	}
}

func must2[T any](_ T, err error) { must(err) }
