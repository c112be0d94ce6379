package impl_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onespec/onespec/gen"
	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

// scenario is a server with the control API whose OneBot calls name their bot in a header, as
// a per-bot transport would.
type scenario struct {
	t     *testing.T
	srv   *httptest.Server
	world *world.World
	// record holds the changes the world reported (from the server's goroutines).
	mu     sync.Mutex
	record []world.Change
}

func newScenario(t *testing.T) *scenario {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := &scenario{t: t}
	// The changes are recorded as the events layer would receive them.
	feed := world.NewFeed(func(c []world.Change) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.record = append(s.record, c...)
	})
	s.world = world.New(st, world.Options{Now: func() time.Time { return fixedNow }, Retention: world.DefaultRetention, OnChange: feed.Publish})
	if err := world.Seed(context.Background(), s.world); err != nil {
		t.Fatal(err)
	}
	s.changes() // the seed's own
	api, err := impl.New(s.world, nil).API(impl.Options{World: &impl.WorldOptions{Feed: feed}})
	if err != nil {
		t.Fatal(err)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("X-Self-ID"); id != "" {
			var self int64
			_ = json.Unmarshal([]byte(id), &self)
			r = r.WithContext(botctx.With(r.Context(), self))
		}
		api.HTTP.ServeHTTP(rw, r)
	}))
	t.Cleanup(func() {
		s.srv.Close()
		_ = api.Shutdown(context.Background())
	})
	return s
}

// control calls a control operation, which must succeed, and decodes its data into out.
func (s *scenario) control(op string, params any, out any) {
	s.t.Helper()
	r := s.do("", impl.WorldPrefix+op, params)
	if r.Retcode != 0 {
		s.t.Fatalf("%s %v: %d %s", op, params, r.Retcode, r.Message)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			s.t.Fatalf("%s: %v in %s", op, err, r.Data)
		}
	}
}

// bot calls a OneBot action as bot self.
func (s *scenario) bot(self int64, action string, params any) reply {
	s.t.Helper()
	return s.do(fmt.Sprint(self), "/"+action, params)
}

// botOK calls a OneBot action that must succeed and decodes its data into out.
func (s *scenario) botOK(self int64, action string, params any, out any) {
	s.t.Helper()
	r := s.bot(self, action, params)
	if r.Retcode != 0 {
		s.t.Fatalf("bot %d %s %v: %d %s", self, action, params, r.Retcode, r.Message)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			s.t.Fatalf("%s: %v in %s", action, err, r.Data)
		}
	}
}

func (s *scenario) do(self, path string, params any) reply {
	s.t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		s.t.Fatal(err)
	}
	req := newRequest(s.t, "POST", s.srv.URL+path, jsonType, string(body))
	if self != "" {
		req.Header.Set("X-Self-ID", self)
	}
	code, r := call(s.t, req)
	if code != 200 {
		s.t.Fatalf("%s: HTTP %d %+v", path, code, r)
	}
	return r
}

// changes returns the kinds (types) of the changes recorded since the last call.
func (s *scenario) changes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var kinds []string
	for _, c := range s.record {
		kinds = append(kinds, fmt.Sprintf("%T", c))
	}
	s.record = nil
	return kinds
}

// wantChanges checks the kinds of the changes recorded since the last call, given as zero
// values of their types.
func (s *scenario) wantChanges(step string, want ...world.Change) {
	s.t.Helper()
	var kinds []string
	for _, c := range want {
		kinds = append(kinds, fmt.Sprintf("%T", c))
	}
	if got := s.changes(); fmt.Sprint(got) != fmt.Sprint(kinds) {
		s.t.Errorf("%s: changes %v, want %v", step, got, kinds)
	}
}

// A day in the world: two bots (the seed's 10001 and a new 10008) and two simulated users (the
// seed's 10002 and a new 10020), driven through the control API and the OneBot actions, with
// every read the bots do checked, and the changes each step records (what the events layer
// renders) checked too.
func TestWorldScenario(t *testing.T) {
	s := newScenario(t)
	const botA, botB, ming, wang = 10001, 10008, 10002, 10020

	// Accounts.
	s.control(ctl.ActionCreateAccount, map[string]any{"user_id": botB, "nickname": "第二个机器人", "bot": true}, nil)
	s.control(ctl.ActionCreateAccount, map[string]any{"user_id": wang, "nickname": "小王", "sex": "male", "age": 23}, nil)
	s.wantChanges("accounts", &world.AccountChanged{}, &world.AccountChanged{})
	var login gen.LoginInfo
	s.botOK(botB, gen.ActionGetLoginInfo, map[string]any{}, &login)
	if login.UserID != botB || login.Nickname != "第二个机器人" {
		t.Errorf("bot B's login info: %+v", login)
	}

	// Friend request → the bot approves.
	var flag ctl.WorldFlag
	s.control(ctl.ActionSendFriendRequest, map[string]any{"user_id": wang, "target_id": botA, "comment": "加个好友"}, &flag)
	s.wantChanges("friend request", &world.FriendRequested{})
	s.botOK(botA, gen.ActionSetFriendAddRequest, map[string]any{"flag": flag.Flag, "approve": true, "remark": "王同学"}, nil)
	s.wantChanges("approve", &world.RequestAnswered{}, &world.FriendAdded{})
	var friends []gen.FriendInfo
	s.botOK(botA, gen.ActionGetFriendList, map[string]any{}, &friends)
	if !hasFriend(friends, wang, "王同学") {
		t.Errorf("bot A's friends after approving: %+v", friends)
	}
	if r := s.bot(botA, gen.ActionSetFriendAddRequest, map[string]any{"flag": flag.Flag}); r.Retcode != 102 {
		t.Errorf("answering the request twice: %+v", r)
	}

	// Chat: the user writes, the bot reads the same id and answers; the control API sees it.
	var m1 ctl.WorldMessageID
	s.control(ctl.ActionSendMessage, map[string]any{"user_id": wang, "target_id": botA, "message": "你好[CQ:face,id=14]"}, &m1)
	s.wantChanges("user writes", &world.MessageCreated{})
	var got gen.GetMsgData
	s.botOK(botA, gen.ActionGetMsg, map[string]any{"message_id": m1.MessageID}, &got)
	if got.Sender.UserID == nil || *got.Sender.UserID != wang || got.MessageType != "private" {
		t.Errorf("bot A reads message %d: %+v", m1.MessageID, got)
	}
	if raw := string(s.bot(botA, gen.ActionGetMsg, map[string]any{"message_id": m1.MessageID}).Data); !strings.Contains(raw, `"你好"`) || !strings.Contains(raw, `"face"`) {
		t.Errorf("message %d's segments: %s", m1.MessageID, raw)
	}
	var m2 gen.SendMsgData
	s.botOK(botA, gen.ActionSendPrivateMsg, map[string]any{"user_id": wang, "message": "你好小王"}, &m2)
	var sent []ctl.SentMessage
	s.control(ctl.ActionWaitSent, map[string]any{"self_id": botA, "after_id": m1.MessageID, "user_id": wang, "timeout": 1000}, &sent)
	if len(sent) != 1 || sent[0].MessageID != m2.MessageID || sent[0].RawMessage != "你好小王" || sent[0].UserID != wang {
		t.Errorf("wait_sent after the bot's answer: %+v", sent)
	}
	s.control(ctl.ActionListSent, map[string]any{"self_id": botA, "user_id": wang}, &sent)
	if len(sent) != 1 || sent[0].MessageID != m2.MessageID {
		t.Errorf("list_sent to 小王: %+v", sent)
	}
	s.changes()

	// A group: 小王 creates it with 小明, invites bot B, who accepts; bot A is added as admin.
	s.control(ctl.ActionCreateGroup, map[string]any{"group_id": 20010, "group_name": "周末群", "owner_id": wang, "members": []int64{ming}}, nil)
	s.wantChanges("create group", &world.GroupCreated{}, &world.MemberJoined{}, &world.MemberJoined{})
	if r := s.bot(botB, gen.ActionGetGroupInfo, map[string]any{"group_id": 20010}); r.Retcode != 102 {
		t.Errorf("bot B sees a group it is not in: %+v", r)
	}
	s.control(ctl.ActionSendGroupInvitation, map[string]any{"group_id": 20010, "user_id": wang, "target_id": botB}, &flag)
	s.wantChanges("invite", &world.Invited{})
	s.botOK(botB, gen.ActionSetGroupAddRequest, map[string]any{"flag": flag.Flag, "sub_type": "invite", "approve": true}, nil)
	s.wantChanges("accept", &world.RequestAnswered{}, &world.MemberJoined{})
	var groups []gen.GroupInfo
	s.botOK(botB, gen.ActionGetGroupList, map[string]any{}, &groups)
	if len(groups) != 1 || groups[0].GroupID != 20010 || groups[0].GroupName != "周末群" || groups[0].MemberCount != 3 {
		t.Errorf("bot B's groups: %+v", groups)
	}
	s.control(ctl.ActionSetMember, map[string]any{"group_id": 20010, "user_id": botA, "role": "admin"}, nil)
	s.wantChanges("bot A joins as admin", &world.MemberJoined{}, &world.AdminChanged{})
	var member gen.GroupMemberInfo
	s.botOK(botA, gen.ActionGetGroupMemberInfo, map[string]any{"group_id": 20010, "user_id": botA}, &member)
	if member.Role != "admin" {
		t.Errorf("bot A's role: %+v", member)
	}

	// Admin actions: bot A sets 小明's card (bot B reads it); the owner mutes bot B, whose
	// send then fails with 103, and lifts it; bot A kicks 小明.
	s.botOK(botA, gen.ActionSetGroupCard, map[string]any{"group_id": 20010, "user_id": ming, "card": "阿明"}, nil)
	s.botOK(botB, gen.ActionGetGroupMemberInfo, map[string]any{"group_id": 20010, "user_id": ming}, &member)
	if member.Card != "阿明" {
		t.Errorf("小明's card as bot B reads it: %+v", member)
	}
	s.changes()
	s.control(ctl.ActionMuteMember, map[string]any{"group_id": 20010, "user_id": botB, "by": wang, "duration": 600}, nil)
	s.wantChanges("mute", &world.MemberMuted{})
	if r := s.bot(botB, gen.ActionSendGroupMsg, map[string]any{"group_id": 20010, "message": "我被禁言了吗"}); r.Retcode != 103 || !strings.Contains(r.Message, "muted") {
		t.Errorf("a muted bot sends: %+v", r)
	}
	if r := s.do("", impl.WorldPrefix+ctl.ActionMuteMember, map[string]any{"group_id": 20010, "user_id": wang, "by": botA}); r.Retcode != 103 {
		t.Errorf("an admin mutes the owner: %+v", r)
	}
	s.control(ctl.ActionMuteMember, map[string]any{"group_id": 20010, "user_id": botB, "by": wang, "duration": 0}, nil)
	var m3 gen.SendMsgData
	s.botOK(botB, gen.ActionSendGroupMsg, map[string]any{"group_id": 20010, "message": "大家好"}, &m3)
	s.botOK(botA, gen.ActionGetMsg, map[string]any{"message_id": m3.MessageID}, &got)
	if got.Sender.UserID == nil || *got.Sender.UserID != botB || got.GroupID == nil || *got.GroupID != 20010 {
		t.Errorf("bot A reads bot B's group message %d: %+v", m3.MessageID, got)
	}
	s.control(ctl.ActionListSent, map[string]any{"self_id": botB, "group_id": 20010}, &sent)
	if len(sent) != 1 || sent[0].MessageID != m3.MessageID {
		t.Errorf("list_sent of bot B: %+v", sent)
	}
	s.changes()
	s.control(ctl.ActionRemoveMember, map[string]any{"group_id": 20010, "user_id": ming, "by": botA}, nil)
	s.wantChanges("kick", &world.MemberKicked{})
	var members []gen.GroupMemberInfo
	s.botOK(botB, gen.ActionGetGroupMemberList, map[string]any{"group_id": 20010}, &members)
	if len(members) != 3 || hasMember(members, ming) {
		t.Errorf("members after the kick: %+v", members)
	}

	// A file upload, and a poke.
	var file ctl.WorldGroupFile
	s.control(ctl.ActionUploadGroupFile, map[string]any{"group_id": 20010, "user_id": wang, "name": "照片.zip", "content": "UEsDBA=="}, &file)
	s.wantChanges("upload", &world.FileUploaded{})
	files, err := s.world.GroupFiles(context.Background(), 20010)
	if err != nil || len(files) != 1 || files[0].Name != "照片.zip" || files[0].Size != 4 || files[0].UploaderID != wang || files[0].ID != file.FileID {
		t.Errorf("the group's files: %+v %v", files, err)
	}
	s.control(ctl.ActionPoke, map[string]any{"user_id": wang, "target_id": botB, "group_id": 20010}, nil)
	s.wantChanges("poke", &world.Poked{})

	// Recall: 小王 writes in the group and recalls it; neither bot can read it any more. Bot A
	// (admin) recalls bot B's message (member).
	var m4 ctl.WorldMessageID
	s.control(ctl.ActionSendMessage, map[string]any{"user_id": wang, "group_id": 20010, "message": []map[string]any{{"type": "text", "data": map[string]string{"text": "发错了"}}}}, &m4)
	s.botOK(botB, gen.ActionGetMsg, map[string]any{"message_id": m4.MessageID}, &got)
	s.changes()
	s.control(ctl.ActionRecallMessage, map[string]any{"message_id": m4.MessageID, "by": wang}, nil)
	s.wantChanges("recall", &world.MessageRecalled{})
	for _, self := range []int64{botA, botB} {
		if r := s.bot(self, gen.ActionGetMsg, map[string]any{"message_id": m4.MessageID}); r.Retcode != 102 {
			t.Errorf("bot %d reads a recalled message: %+v", self, r)
		}
	}
	s.botOK(botA, gen.ActionDeleteMsg, map[string]any{"message_id": m3.MessageID}, nil)
	s.control(ctl.ActionListSent, map[string]any{"self_id": botB, "group_id": 20010}, &sent)
	if len(sent) != 1 || !sent[0].Recalled {
		t.Errorf("bot B's recalled message in list_sent: %+v", sent)
	}

	// Every bot was told of the day as the standard's events, in order: list_events shows them
	// as the transports delivered them.
	// Bot A sees the group's two messages; bot B sent the first and sees the second. Both are
	// told of both recalls: a recall reaches every bot that saw the message, the one that
	// recalled it included.
	want := func(before ...string) []string {
		return append(before, "notice/group_admin/set", "notice/group_card", "notice/group_ban/ban", "notice/group_ban/lift_ban")
	}
	for _, c := range []struct {
		bot  int64
		want []string
	}{
		{botA, append(want("request/friend", "notice/friend_add", "message/private/friend", "notice/group_increase/approve"),
			"message/group/normal", "notice/group_decrease/kick", "notice/group_upload", "notice/notify/poke", "message/group/normal", "notice/group_recall", "notice/group_recall")},
		{botB, append(want("request/group/invite", "notice/group_increase/approve", "notice/group_increase/approve"),
			"notice/group_decrease/kick", "notice/group_upload", "notice/notify/poke", "message/group/normal", "notice/group_recall", "notice/group_recall")},
	} {
		if got := s.events(c.bot); strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("bot %d was told:\n  %v\nwant\n  %v", c.bot, got, c.want)
		}
	}
}

func hasFriend(friends []gen.FriendInfo, id int64, remark string) bool {
	for _, f := range friends {
		if f.UserID == id && f.Remark == remark {
			return true
		}
	}
	return false
}

func hasMember(members []gen.GroupMemberInfo, id int64) bool {
	for _, m := range members {
		if m.UserID == id {
			return true
		}
	}
	return false
}

// wait_sent answers at once when the bot has sent something after after_id, wakes when the
// bot sends while it waits, and answers an empty list when the timeout passes.
func TestWaitSent(t *testing.T) {
	s := newScenario(t)
	var sent []ctl.SentMessage
	start := time.Now()
	s.control(ctl.ActionWaitSent, map[string]any{"self_id": 10001, "after_id": 0, "timeout": 5000}, &sent)
	if len(sent) != 1 || sent[0].MessageID != 1002 || time.Since(start) > 2*time.Second {
		t.Errorf("already sent: %+v after %s", sent, time.Since(start))
	}

	start = time.Now()
	s.control(ctl.ActionWaitSent, map[string]any{"self_id": 10001, "after_id": 1002, "timeout": 150}, &sent)
	if len(sent) != 0 || time.Since(start) < 150*time.Millisecond {
		t.Errorf("timeout: %+v after %s", sent, time.Since(start))
	}

	// A message to another user, then one to 10003 the waiter filters for: it wakes on each
	// change and answers only the matching one.
	done := make(chan []ctl.SentMessage, 1)
	go func() {
		body := `{"self_id":10001,"after_id":1002,"user_id":10003,"timeout":10000}`
		res, err := http.Post(s.srv.URL+impl.WorldPrefix+ctl.ActionWaitSent, jsonType, strings.NewReader(body))
		if err != nil {
			done <- nil
			return
		}
		defer res.Body.Close()
		var r struct{ Data []ctl.SentMessage }
		_ = json.NewDecoder(res.Body).Decode(&r)
		done <- r.Data
	}()
	time.Sleep(100 * time.Millisecond)
	s.botOK(10001, gen.ActionSendPrivateMsg, map[string]any{"user_id": 10002, "message": "not this one"}, nil)
	time.Sleep(50 * time.Millisecond)
	var m gen.SendMsgData
	start = time.Now()
	s.botOK(10001, gen.ActionSendPrivateMsg, map[string]any{"user_id": 10003, "message": "this one"}, &m)
	select {
	case got := <-done:
		if len(got) != 1 || got[0].MessageID != m.MessageID || got[0].RawMessage != "this one" {
			t.Errorf("woken with %+v, want message %d", got, m.MessageID)
		}
		if time.Since(start) > 2*time.Second {
			t.Errorf("woke %s after the send", time.Since(start))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("wait_sent did not wake on the bot's message")
	}
}

// reset_world goes back to the default world; export_world and import_world round-trip the
// world file format with the same ids, and a refused import leaves the world as it was.
func TestResetExportImport(t *testing.T) {
	s := newScenario(t)
	s.control(ctl.ActionCreateAccount, map[string]any{"user_id": 10020, "nickname": "小王"}, nil)
	s.control(ctl.ActionAddFriend, map[string]any{"user_id": 10020, "friend_id": 10001, "remark": "机器人", "friend_remark": "小王"}, nil)
	var m ctl.WorldMessageID
	s.control(ctl.ActionSendMessage, map[string]any{"user_id": 10020, "target_id": 10001, "message": "导出我"}, &m)

	var exported ctl.ExportWorldData
	s.control(ctl.ActionExportWorld, map[string]any{}, &exported)
	if !strings.Contains(exported.World, "小王") || !strings.Contains(exported.World, "导出我") {
		t.Fatalf("export lacks the new account or message:\n%s", exported.World)
	}

	s.control(ctl.ActionResetWorld, map[string]any{}, nil)
	if r := s.bot(10001, gen.ActionGetMsg, map[string]any{"message_id": m.MessageID}); r.Retcode != 102 {
		t.Errorf("message %d after reset: %+v", m.MessageID, r)
	}
	var accounts []ctl.WorldAccount
	s.control(ctl.ActionListAccounts, map[string]any{}, &accounts)
	if len(accounts) != 7 {
		t.Errorf("accounts after reset: %d, want the seed's 7", len(accounts))
	}
	s.botOK(10001, gen.ActionGetMsg, map[string]any{"message_id": 1001}, nil)
	// Message ids are never reused, not even after a reset.
	var after ctl.WorldMessageID
	s.control(ctl.ActionSendMessage, map[string]any{"user_id": 10002, "target_id": 10001, "message": "重置之后"}, &after)
	if after.MessageID <= m.MessageID {
		t.Errorf("a message after the reset got id %d, not above %d", after.MessageID, m.MessageID)
	}

	// A refused import changes nothing.
	if r := s.do("", impl.WorldPrefix+ctl.ActionImportWorld, map[string]any{"world": "accounts:\n  - {id: 10001, nickname: b, bot: true}\nfriends:\n  - {a: 10001, b: 10001}\n"}); r.Retcode != 1400 {
		t.Errorf("bad import: %+v", r)
	}
	s.control(ctl.ActionListAccounts, map[string]any{}, &accounts)
	if len(accounts) != 7 {
		t.Errorf("accounts after a refused import: %d", len(accounts))
	}

	s.control(ctl.ActionImportWorld, map[string]any{"world": exported.World}, nil)
	var got gen.GetMsgData
	s.botOK(10001, gen.ActionGetMsg, map[string]any{"message_id": m.MessageID}, &got)
	if got.Sender.UserID == nil || *got.Sender.UserID != 10020 {
		t.Errorf("message %d after import: %+v", m.MessageID, got)
	}
	var friends []gen.FriendInfo
	s.botOK(10001, gen.ActionGetFriendList, map[string]any{}, &friends)
	if !hasFriend(friends, 10020, "小王") {
		t.Errorf("friends after import: %+v", friends)
	}
	var again ctl.ExportWorldData
	s.control(ctl.ActionExportWorld, map[string]any{}, &again)
	if again.World != exported.World {
		t.Errorf("export after import differs:\n%s\n---\n%s", exported.World, again.World)
	}
}

// The world's own hand: what set_member, update_group, remove_friend, delete_account and
// delete_group change is what the bots read next, and each records its changes.
func TestWorldHand(t *testing.T) {
	s := newScenario(t)
	var member gen.GroupMemberInfo

	// Ownership moves: 10003 becomes owner of the bot's group, the bot becomes admin.
	s.control(ctl.ActionSetMember, map[string]any{"group_id": 20001, "user_id": 10003, "role": "owner", "card": "新群主", "title": "头衔"}, nil)
	s.wantChanges("owner moves", &world.AdminChanged{}, &world.AdminChanged{}, &world.CardChanged{}, &world.TitleChanged{})
	s.botOK(10001, gen.ActionGetGroupMemberInfo, map[string]any{"group_id": 20001, "user_id": 10001}, &member)
	if member.Role != "admin" {
		t.Errorf("the old owner: %+v", member)
	}
	s.botOK(10001, gen.ActionGetGroupMemberInfo, map[string]any{"group_id": 20001, "user_id": 10003}, &member)
	if member.Role != "owner" || member.Card != "新群主" || member.Title == nil || *member.Title != "头衔" {
		t.Errorf("the new owner: %+v", member)
	}
	if r := s.bot(10001, gen.ActionSetGroupAdmin, map[string]any{"group_id": 20001, "user_id": 10005, "enable": true}); r.Retcode != 103 {
		t.Errorf("the bot, no longer owner, sets an admin: %+v", r)
	}

	// The group changes under the bot.
	s.control(ctl.ActionUpdateGroup, map[string]any{"group_id": 20001, "group_name": "改名了", "whole_ban": true}, nil)
	s.wantChanges("update group", &world.GroupChanged{})
	var info gen.GroupInfo
	s.botOK(10001, gen.ActionGetGroupInfo, map[string]any{"group_id": 20001}, &info)
	if info.GroupName != "改名了" {
		t.Errorf("group after update: %+v", info)
	}
	if r := s.do("", impl.WorldPrefix+ctl.ActionSendMessage, map[string]any{"user_id": 10005, "group_id": 20001, "message": "全员禁言中"}); r.Retcode != 103 || !strings.Contains(r.Message, "whole-group mute") {
		t.Errorf("a member speaks under whole-group mute: %+v", r)
	}

	// Friendships and accounts go.
	s.control(ctl.ActionRemoveFriend, map[string]any{"user_id": 10003, "friend_id": 10001}, nil)
	s.wantChanges("remove friend", &world.FriendRemoved{})
	var friends []gen.FriendInfo
	s.botOK(10001, gen.ActionGetFriendList, map[string]any{}, &friends)
	for _, f := range friends {
		if f.UserID == 10003 {
			t.Errorf("10003 is still the bot's friend: %+v", friends)
		}
	}
	s.control(ctl.ActionDeleteAccount, map[string]any{"user_id": 10002}, nil)
	s.wantChanges("delete account", &world.MemberLeft{}, &world.MemberLeft{}, &world.FriendRemoved{}, &world.AccountDeleted{})
	if r := s.bot(10001, gen.ActionGetGroupMemberInfo, map[string]any{"group_id": 20001, "user_id": 10002}); r.Retcode != 102 {
		t.Errorf("a deleted account is still a member: %+v", r)
	}
	// Its message stays readable, as QQ keeps a deleted account's history.
	s.botOK(10001, gen.ActionGetMsg, map[string]any{"message_id": 1001}, nil)

	// A group the bot is in is dismissed.
	s.control(ctl.ActionDeleteGroup, map[string]any{"group_id": 20002}, nil)
	s.wantChanges("dismiss", &world.GroupDismissed{})
	var groups []gen.GroupInfo
	s.botOK(10001, gen.ActionGetGroupList, map[string]any{}, &groups)
	if len(groups) != 1 || groups[0].GroupID != 20001 {
		t.Errorf("groups after the dismissal: %+v", groups)
	}
}

// events lists, once the feed has rendered everything, what bot was told, one word per event:
// its post type and the type that says what happened (and its sub type).
func (s *scenario) events(bot int64) []string {
	s.t.Helper()
	var recs []struct {
		Event map[string]any `json:"event"`
	}
	for n, deadline := -1, time.Now().Add(5*time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		s.control(ctl.ActionListEvents, map[string]any{"self_id": bot, "limit": 1000}, &recs)
		if len(recs) == n {
			break // nothing new rendered in the last 50 ms
		}
		n = len(recs)
	}
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		e := r.Event
		word := fmt.Sprint(e["post_type"])
		for _, k := range []string{"message_type", "notice_type", "request_type", "sub_type"} {
			if v, ok := e[k]; ok {
				word += "/" + fmt.Sprint(v)
			}
		}
		out = append(out, word)
	}
	return out
}
