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
		// 小明 talked too much in 小刚's group: muted for a day (get_group_shut_list).
		{GroupID: 20002, UserID: 10002, Role: Member, Level: "7", JoinTime: t0 + 1200, MutedUntil: u.Now() + 86400},
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
		_, err := u.AddAnnouncement(Announcement{ID: 5001, GroupID: 20001, SenderID: 10001, Time: t0, Content: "欢迎来到 onespec 测试群，发言前请先看群规。",
			Pinned: true, ConfirmRequired: true, Type: 1})
		if err == nil {
			_, err = u.AddAnnouncement(Announcement{ID: 5002, GroupID: 20001, SenderID: 10002, Time: t0, Content: "本周六晚八点线上分享 OneBot 协议。", Type: 1})
		}
		return err
	})
	add(func() error { return u.AddGroupSign(GroupSign{GroupID: 20001, UserID: 10002}) })
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
	for _, r := range []Reaction{
		{MessageID: 1001, UserID: 10003, EmojiID: "76", Time: t0 + 90000},
		{MessageID: 1001, UserID: 10002, EmojiID: "76", Time: t0 + 90060},
		{MessageID: 1001, UserID: 10001, EmojiID: "128150", Time: t0 + 90120},
	} {
		add(func() error { return u.AddReaction(r) })
	}
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
		// The bot collected the cat picture as a custom face (named by its URL's MD5: the
		// world has no bytes for it), described 猫猫.
		return u.AddCustomFace(CustomFace{OwnerID: 10001, ID: 1, MD5: "a892c86a9d186f74f9a1196a10f5a505", Name: "8f3a2c1d.image",
			Desc: "猫猫", Size: 20480, URL: "https://example.com/cat.png", Time: t0})
	})
	add(func() error {
		// And a dog picture, known by its URL only, described 狗狗.
		return u.AddCustomFace(CustomFace{OwnerID: 10001, ID: 2, MD5: "e63251cb277d8b9f74d899a3fa0023d6", Name: "dog.png",
			Desc: "狗狗", Size: 10240, URL: "https://example.com/dog.png", Time: t0 + 60})
	})
	add(func() error {
		// A flash transfer set (闪传) 小明 uploaded and shares: the examples list it by its id.
		return u.AddFlashSet(FlashSet{ID: FlashSetID(1), Code: FlashShareCode(FlashSetID(1)), OwnerID: 10002, Name: "期末资料", Time: t0},
			[]FlashFile{{Name: "复习提纲.pdf", Size: 2048, URL: "https://example.com/flash/outline.pdf"},
				{Name: "真题.zip", Size: 8192, URL: "https://example.com/flash/exams.zip"}})
	})
	add(func() error {
		// Online files between the bot and 小明, all pending: two 小明 offered the bot (one to
		// receive, one to refuse) and one the bot offered him (to cancel).
		for _, f := range []OnlineFile{
			{ID: 1, FromID: 10002, ToID: 10001, Name: "课件.pdf", Size: 2048, State: OnlineOffered, Time: t0},
			{ID: 2, FromID: 10002, ToID: 10001, Name: "照片.zip", Size: 4096, State: OnlineOffered, Time: t0 + 60},
			{ID: 3, FromID: 10001, ToID: 10002, Name: "报告.docx", Size: 1024, State: OnlineOffered, Time: t0 + 120},
		} {
			if err := u.AddOnlineFile(f); err != nil {
				return err
			}
		}
		return nil
	})
	add(func() error {
		return u.AddFile(File{Name: "hello.amr", Kind: RecordFile, URL: "https://example.com/hello.amr", Size: 4096})
	})
	// 小明's class album in group 20001 holds the cat picture, liked and commented on by 小红.
	add(func() error {
		return u.AddAlbum(Album{GroupID: 20001, ID: "V1onespecClass", Name: "班级合影", Desc: "大家的合照", CreatorID: 10002, Created: t0})
	})
	add(func() error {
		return u.AddAlbumMedia(AlbumMedia{GroupID: 20001, AlbumID: "V1onespecClass", Lloc: "NDR0onespecCat", BatchID: "1700000000000",
			UploaderID: 10002, Time: t0, Name: "8f3a2c1d.image"})
	})
	add(func() error { return u.AddAlbumLike(20001, "V1onespecClass", "NDR0onespecCat", 10003) })
	// The bot owns guild 30001: 小明 administers it, 小红 holds the custom role 10; a chat
	// channel with 小明's greeting and a topic channel with his post of the rules.
	add(func() error {
		return u.AddGuild(Guild{ID: "30001", Name: "onespec 开发者频道", Profile: "讨论 OneBot 与 onespec", DisplayID: "onespec001", OwnerID: 10001, Created: t0})
	})
	add(func() error {
		return u.AddGuildRole(GuildRole{GuildID: "30001", ID: "10", Name: "活跃成员", Color: 0xff_4c_af_50, MaxCount: 2000})
	})
	add(func() error { // nobody holds it: the example of delete_guild_role removes it
		return u.AddGuildRole(GuildRole{GuildID: "30001", ID: "11", Name: "临时身份", Color: 0xff_9e_9e_9e, MaxCount: 2000})
	})
	add(func() error {
		return u.AddGuildMember(GuildMember{GuildID: "30001", UserID: 10002, Title: "版主", JoinTime: t0 + 60}, AdminRole)
	})
	add(func() error {
		return u.AddGuildMember(GuildMember{GuildID: "30001", UserID: 10003, JoinTime: t0 + 120}, "10")
	})
	add(func() error {
		return u.AddGuildChannel(GuildChannel{GuildID: "30001", ID: "40001", Name: "闲聊", Type: TextChannel, Created: t0})
	})
	add(func() error {
		return u.AddGuildChannel(GuildChannel{GuildID: "30001", ID: "40002", Name: "公告", Type: TopicChannel, Created: t0})
	})
	add(func() error {
		_, err := u.AddGuildMessage(GuildMessage{GuildID: "30001", ChannelID: "40001", SenderID: 10002, Time: t0 + 60, Segments: []cqcode.Segment{cqcode.Text("欢迎来到 onespec 频道")}})
		return err
	})
	add(func() error {
		return u.AddGuildFeed(GuildFeed{GuildID: "30001", ChannelID: "40002", ID: "F1", PosterID: 10002, Title: "频道规则", SubTitle: "请先阅读", Content: "友善交流，禁止广告。", Time: t0 + 60})
	})
	// The bot's trip album holds one picture of its own: the examples delete these.
	add(func() error {
		return u.AddAlbum(Album{GroupID: 20001, ID: "V2onespecTrip", Name: "春游", CreatorID: 10001, Created: t0 + 60})
	})
	add(func() error {
		return u.AddAlbumMedia(AlbumMedia{GroupID: 20001, AlbumID: "V2onespecTrip", Lloc: "NDR0onespecTrip", BatchID: "1700000060000",
			UploaderID: 10001, Time: t0 + 60, Name: "8f3a2c1d.image"})
	})
	add(func() error {
		return u.AddAlbumComment(AlbumComment{GroupID: 20001, AlbumID: "V1onespecClass", Lloc: "NDR0onespecCat", UserID: 10003, Content: "好可爱的猫", Time: t0})
	})
	// 小刚's voice in group 20002 reads 大家好 to speech to text.
	add(func() error {
		_, err := u.AddMessage(Message{ID: 1101, Type: Grouped, GroupID: 20002, SenderID: 10004, Segments: cqcode.Parse("[CQ:record,file=hello.amr]")})
		return err
	})
	add(func() error { return u.ScriptTranscript("hello.amr", "大家好") })
	add(func() error {
		return u.ScriptAICharacters([]AICharacter{
			{Category: "推荐", ID: "onespec-sweet", Name: "甜美少女", PreviewURL: "https://example.com/ai/sweet.wav"},
			{Category: "推荐", ID: "onespec-calm", Name: "沉稳大叔", PreviewURL: "https://example.com/ai/calm.wav"},
			{Category: "方言", ID: "onespec-dongbei", Name: "东北老铁", PreviewURL: "https://example.com/ai/dongbei.wav"},
		})
	})
	add(func() error {
		return u.ScriptTranslations([]Translation{{Word: "hello", Text: "你好"}, {Word: "cat", Text: "猫"}})
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
