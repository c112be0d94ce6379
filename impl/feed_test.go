package impl_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/openapi"
)

// twoBotWorld is the seed plus a second bot, 10009 "第二个机器人", friend of 10001 and member of
// 20001.
func twoBotWorld(t *testing.T) *world.World {
	t.Helper()
	w := seededWorld(t, func() time.Time { return fixedNow })
	if err := w.Populate(context.Background(), func(u *world.Universe) error {
		if err := u.AddAccount(world.Account{ID: 10009, Nickname: "第二个机器人", Bot: true}); err != nil {
			return err
		}
		if err := u.Befriend(10001, 10009, "", ""); err != nil {
			return err
		}
		return u.AddMember(world.Membership{GroupID: 20001, UserID: 10009})
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// eventSchema is the spec's schema of an event by component name.
func eventSchema(t *testing.T, name string) *openapi3.Schema {
	t.Helper()
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	ref := doc.Components.Schemas[name]
	if ref == nil {
		t.Fatalf("the spec has no %s", name)
	}
	return ref.Value
}

// What one bot does in the world reaches the other bot as the events a QQ client would see,
// each valid against the spec's event schema, with the receiving bot's self_id; the acting bot
// is not told of its own doing.
func TestWorldChangesBecomeEvents(t *testing.T) {
	w := twoBotWorld(t)
	api, err := impl.New(w, nil).API(impl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	sub1 := api.Events.Subscribe(10001, 64)
	sub9 := api.Events.Subscribe(10009, 64)
	defer sub1.Close()
	defer sub9.Close()
	as := func(self int64) context.Context { return botctx.With(context.Background(), self) }
	call := func(self int64, action string, params map[string]any) {
		t.Helper()
		r := api.Dispatcher.Dispatch(as(self), dispatch.Call{Action: action, Params: params, SelfID: self})
		if r.Retcode != 0 {
			t.Fatalf("%s as %d: %d %s", action, self, r.Retcode, r.Message)
		}
	}
	tests := []struct {
		name    string
		act     func()
		schema  string
		fields  map[string]any // expected values in 10001's event
		silent9 bool           // 10009 (the actor) gets nothing
	}{
		{"group message", func() {
			call(10009, "send_group_msg", map[string]any{"group_id": 20001, "message": "ping[CQ:face,id=14]"})
		},
			"GroupMessageEvent", map[string]any{"message_type": "group", "group_id": 20001.0, "user_id": 10009.0, "raw_message": "ping[CQ:face,id=14]"}, true},
		{"private message", func() { call(10009, "send_private_msg", map[string]any{"user_id": 10001, "message": "hi"}) },
			"PrivateMessageEvent", map[string]any{"message_type": "private", "sub_type": "friend", "user_id": 10009.0}, true},
		{"card", func() {
			call(10001, "set_group_card", map[string]any{"group_id": 20001, "user_id": 10009, "card": "二号"})
		},
			"GroupCardNotice", map[string]any{"notice_type": "group_card", "card_new": "二号", "user_id": 10009.0}, false},
		{"card again: the old card is the one before this change", func() {
			call(10001, "set_group_card", map[string]any{"group_id": 20001, "user_id": 10009, "card": "三号"})
		},
			"GroupCardNotice", map[string]any{"notice_type": "group_card", "card_old": "二号", "card_new": "三号"}, false},
		{"admin", func() {
			call(10001, "set_group_admin", map[string]any{"group_id": 20001, "user_id": 10009, "enable": true})
		},
			"GroupAdminNotice", map[string]any{"notice_type": "group_admin", "sub_type": "set"}, false},
		{"mute", func() {
			call(10001, "set_group_ban", map[string]any{"group_id": 20001, "user_id": 10003, "duration": 60})
		},
			"GroupBanNotice", map[string]any{"notice_type": "group_ban", "sub_type": "ban", "duration": 60.0, "operator_id": 10001.0}, false},
		{"kick", func() { call(10001, "set_group_kick", map[string]any{"group_id": 20001, "user_id": 10005}) },
			"GroupDecreaseNotice", map[string]any{"notice_type": "group_decrease", "sub_type": "kick", "user_id": 10005.0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.act()
			ev := nextEvent(t, sub1.Events())
			raw, _ := ev.JSON(events.FormatArray)
			var got map[string]any
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			if err := eventSchema(t, tt.schema).VisitJSON(got); err != nil {
				t.Errorf("not a valid %s: %v\n%s", tt.schema, err, raw)
			}
			if got["self_id"] != 10001.0 {
				t.Errorf("self_id %v", got["self_id"])
			}
			for k, want := range tt.fields {
				if got[k] != want {
					t.Errorf("%s = %v, want %v (%s)", k, got[k], want, raw)
				}
			}
			if tt.silent9 {
				expectNoEvent(t, sub9.Events())
			} else {
				// The other bot in the group sees the same change, as itself.
				ev9 := nextEvent(t, sub9.Events())
				raw9, _ := ev9.JSON(events.FormatArray)
				if !strings.Contains(string(raw9), `"self_id":10009`) {
					t.Errorf("10009's event: %s", raw9)
				}
			}
		})
	}
}

func nextEvent(t *testing.T, c <-chan *events.Event) *events.Event {
	t.Helper()
	select {
	case ev := <-c:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return nil
}

func expectNoEvent(t *testing.T, c <-chan *events.Event) {
	t.Helper()
	select {
	case ev := <-c:
		raw, _ := ev.JSON(events.FormatArray)
		t.Errorf("unexpected event %s", raw)
	case <-time.After(100 * time.Millisecond):
	}
}

// Each bot of a world has its own endpoints under /bots/{self_id}/: HTTP, WebSocket and the
// event stream act as that bot; an account that is no bot gets 404.
func TestPerBotEndpoints(t *testing.T) {
	w := twoBotWorld(t)
	api, err := impl.New(w, nil).API(impl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) }()
	for path, want := range map[string]string{
		"/get_login_info":             `"user_id":10001`,
		"/bots/10009/get_login_info":  `"user_id":10009`,
		"/bots/10001/get_login_info/": `"user_id":10001`,
	} {
		_, r := call(t, newRequest(t, "GET", srv.URL+path, "", ""))
		if !strings.Contains(string(r.Data), want) {
			t.Errorf("%s: %+v", path, r)
		}
	}
	if code, r := call(t, newRequest(t, "GET", srv.URL+"/bots/10002/get_login_info", "", "")); code != 404 || !strings.Contains(r.Message, "no bot 10002") {
		t.Errorf("a simulated user's endpoint: HTTP %d %+v", code, r)
	}
	// 10009's WebSocket gets 10009's connect event and its events.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/bots/10009/event", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	if f := readFrame(t, conn); string(f["self_id"]) != "10009" {
		t.Fatalf("connect event %v", f)
	}
	r := api.Dispatcher.Dispatch(context.Background(), dispatch.Call{Action: "send_private_msg", SelfID: 10001,
		Params: map[string]any{"user_id": json.Number("10009"), "message": "给二号"}})
	if r.Retcode != 0 {
		t.Fatal(r.Message)
	}
	if f := readFrame(t, conn); string(f["post_type"]) != `"message"` || string(f["self_id"]) != "10009" || string(f["user_id"]) != "10001" {
		t.Errorf("10009's message event %v", f)
	}
}

// What simulated users do through the world control API reaches the bot as the standard's
// events: a message, a friend request, a join request, an invitation, a poke, a group upload.
func TestControlAPIActionsBecomeEvents(t *testing.T) {
	w := seededWorld(t, func() time.Time { return fixedNow })
	api, err := impl.New(w, nil).API(impl.Options{World: &impl.WorldOptions{}})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	sub := api.Events.Subscribe(10001, 64)
	defer sub.Close()
	tests := []struct {
		op     string
		params string
		schema string
		fields map[string]any
	}{
		{"send_message", `{"user_id":10003,"group_id":20001,"message":"机器人你好"}`, "GroupMessageEvent",
			map[string]any{"user_id": 10003.0, "raw_message": "机器人你好"}},
		{"send_message", `{"user_id":10002,"target_id":10001,"message":"在吗"}`, "PrivateMessageEvent",
			map[string]any{"user_id": 10002.0, "sub_type": "friend"}},
		{"send_friend_request", `{"user_id":10005,"target_id":10001,"comment":"你好，加个好友"}`, "FriendRequestEvent",
			map[string]any{"user_id": 10005.0, "comment": "你好，加个好友"}},
		{"send_join_request", `{"group_id":20001,"user_id":10004,"comment":"我想加入"}`, "GroupRequestEvent",
			map[string]any{"sub_type": "add", "group_id": 20001.0, "user_id": 10004.0, "comment": "我想加入"}},
		{"send_group_invitation", `{"group_id":20003,"user_id":10004,"target_id":10001}`, "GroupRequestEvent",
			map[string]any{"sub_type": "invite", "group_id": 20003.0, "user_id": 10004.0}},
		{"poke", `{"user_id":10002,"target_id":10001,"group_id":20001}`, "PokeNotice",
			map[string]any{"sub_type": "poke", "target_id": 10001.0, "group_id": 20001.0}},
		{"upload_group_file", `{"group_id":20001,"user_id":10002,"name":"作业.txt","content":"5L2c5Lia5Zyo6L+Z6YeM"}`, "GroupUploadNotice",
			map[string]any{"notice_type": "group_upload", "user_id": 10002.0}},
	}
	for _, tt := range tests {
		t.Run(tt.op+"/"+tt.schema, func(t *testing.T) {
			var params map[string]any
			dec := json.NewDecoder(strings.NewReader(tt.params))
			dec.UseNumber()
			if err := dec.Decode(&params); err != nil {
				t.Fatal(err)
			}
			if r := api.WorldDispatcher.Dispatch(context.Background(), dispatch.Call{Action: tt.op, Params: params}); r.Retcode != 0 {
				t.Fatalf("%s: %d %s", tt.op, r.Retcode, r.Message)
			}
			raw, _ := nextEvent(t, sub.Events()).JSON(events.FormatArray)
			var got map[string]any
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			if err := eventSchema(t, tt.schema).VisitJSON(got); err != nil {
				t.Errorf("not a valid %s: %v\n%s", tt.schema, err, raw)
			}
			for k, want := range tt.fields {
				if got[k] != want {
					t.Errorf("%s = %v, want %v (%s)", k, got[k], want, raw)
				}
			}
		})
	}
}

// list_events shows what a bot was told, as the transports deliver it, and follows it by seq.
func TestListEvents(t *testing.T) {
	w := seededWorld(t, func() time.Time { return fixedNow })
	api, err := impl.New(w, nil).API(impl.Options{World: &impl.WorldOptions{}})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	sub := api.Events.Subscribe(10001, 8)
	defer sub.Close()
	ctl := func(op string, params map[string]any) []byte {
		t.Helper()
		r := api.WorldDispatcher.Dispatch(context.Background(), dispatch.Call{Action: op, Params: params})
		if r.Retcode != 0 {
			t.Fatalf("%s: %d %s", op, r.Retcode, r.Message)
		}
		raw, _ := json.Marshal(r.Data)
		return raw
	}
	ctl("send_friend_request", map[string]any{"user_id": json.Number("10005"), "target_id": json.Number("10001"), "comment": "hi"})
	ctl("poke", map[string]any{"user_id": json.Number("10002"), "target_id": json.Number("10001")})
	nextEvent(t, sub.Events())
	nextEvent(t, sub.Events()) // both rendered
	var recs []struct {
		Seq   int64          `json:"seq"`
		Event map[string]any `json:"event"`
	}
	if err := json.Unmarshal(ctl("list_events", map[string]any{"self_id": json.Number("10001")}), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Event["request_type"] != "friend" || recs[1].Event["sub_type"] != "poke" || recs[1].Seq <= recs[0].Seq {
		t.Fatalf("events %+v", recs)
	}
	if err := json.Unmarshal(ctl("list_events", map[string]any{"self_id": json.Number("10001"), "after_seq": json.Number(fmt.Sprint(recs[0].Seq))}), &recs); err != nil || len(recs) != 1 {
		t.Fatalf("after the first: %+v %v", recs, err)
	}
	r := api.WorldDispatcher.Dispatch(context.Background(), dispatch.Call{Action: "list_events", Params: map[string]any{"self_id": json.Number("10002")}})
	if r.Retcode != 102 {
		t.Errorf("a simulated user's events: %d %s", r.Retcode, r.Message)
	}
}
