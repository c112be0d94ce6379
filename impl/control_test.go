package impl_test

import (
	"context"
	"html"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

// newWorldServer serves the OneBot API and the world control API on a fresh seeded world whose
// changes reach the control API's feed.
func newWorldServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	feed := world.NewFeed(nil)
	w := world.New(st, world.Options{Now: func() time.Time { return fixedNow }, Retention: world.DefaultRetention, OnChange: feed.Publish})
	if err := world.Seed(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	api, err := impl.New(w, nil).API(impl.Options{World: &impl.WorldOptions{Token: token, Feed: feed}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	t.Cleanup(func() {
		srv.Close()
		_ = api.Shutdown(context.Background())
	})
	return srv
}

// post calls one operation (a OneBot action, or a control operation with "/_world/" in
// front) and decodes the envelope.
func post(t *testing.T, srv *httptest.Server, path, body string) reply {
	t.Helper()
	code, r := call(t, newRequest(t, "POST", srv.URL+path, jsonType, body))
	if code != 200 {
		t.Fatalf("%s %s: HTTP %d %+v", path, body, code, r)
	}
	return r
}

func wpath(op string) string { return impl.WorldPrefix + op }

// Every request example of the world document is a call that works, and every response
// example is what a fresh server answers, as for the OneBot document
// (TestEveryRequestExampleSucceeds): one server, the world filled afresh between examples,
// volatile fields aside.
func TestEveryWorldRequestExampleSucceeds(t *testing.T) {
	doc, err := openapi.WorldDoc()
	if err != nil {
		t.Fatal(err)
	}
	w, api := sharedServer(t, impl.Options{World: &impl.WorldOptions{}})
	checkExamples(t, doc, w, api, strings.TrimSuffix(impl.WorldPrefix, "/"))
}

// Every operation of the world registry is reachable under the prefix (an empty body is
// refused by the schema or answered, never unknown), and nothing else is.
func TestEveryWorldOperationReachable(t *testing.T) {
	srv := newWorldServer(t, "")
	if len(ctl.Actions) == 0 {
		t.Fatal("empty registry")
	}
	for _, a := range ctl.Actions {
		code, r := call(t, newRequest(t, "POST", srv.URL+wpath(a.Name), jsonType, `{}`))
		if code == 404 || r.Retcode == int(ctl.RetcodeUnsupportedAction) {
			t.Errorf("%s: HTTP %d retcode %d", a.Name, code, r.Retcode)
		}
	}
	// A OneBot action is not a control operation, and the reverse.
	if code, _ := call(t, newRequest(t, "POST", srv.URL+wpath("get_login_info"), jsonType, `{}`)); code != 404 {
		t.Errorf("/_world/get_login_info: HTTP %d, want 404", code)
	}
	if code, _ := call(t, newRequest(t, "POST", srv.URL+"/"+ctl.ActionSendMessage, jsonType, `{}`)); code != 404 {
		t.Errorf("/send_message: HTTP %d, want 404", code)
	}
}

// The control API has its own token; its docs and document stay public.
func TestWorldToken(t *testing.T) {
	srv := newWorldServer(t, "s3cret")
	if code, _ := call(t, newRequest(t, "POST", srv.URL+wpath(ctl.ActionListAccounts), jsonType, `{}`)); code != 401 {
		t.Errorf("no token: HTTP %d, want 401", code)
	}
	req := newRequest(t, "POST", srv.URL+wpath(ctl.ActionListAccounts), jsonType, `{}`)
	req.Header.Set("Authorization", "Bearer s3cret")
	if code, r := call(t, req); code != 200 || r.Retcode != 0 {
		t.Errorf("with token: HTTP %d %+v", code, r)
	}
	// The OneBot API does not take the world token, and needs none here.
	if r := post(t, srv, "/get_login_info", `{}`); r.Retcode != 0 {
		t.Errorf("OneBot API: %+v", r)
	}
	for _, p := range []string{"docs", "openapi.yaml", "openapi.json"} {
		res, err := srv.Client().Get(srv.URL + wpath(p))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s: HTTP %d", p, res.StatusCode)
		}
	}
}

// Each operation's rules: the right retcode and a message naming the field or the rule.
func TestWorldOperations(t *testing.T) {
	tests := []struct {
		name        string
		op          string
		body        string
		wantRetcode int
		want        string // substring of data (success) or message (failure)
	}{
		{"create a user", ctl.ActionCreateAccount, `{"user_id":10010,"nickname":"小李","sex":"female"}`, 0, `"sex":"female"`},
		{"create takes no taken number", ctl.ActionCreateAccount, `{"user_id":10002,"nickname":"x"}`, 1400, "already exists"},
		{"create needs a nickname", ctl.ActionCreateAccount, `{"user_id":10011}`, 1400, "nickname"},
		{"create refuses a bad sex", ctl.ActionCreateAccount, `{"user_id":10011,"nickname":"x","sex":"robot"}`, 1400, "sex"},
		{"update keeps what is left out", ctl.ActionUpdateAccount, `{"user_id":10003,"sign":"hi"}`, 0, `"nickname":"小红"`},
		{"update an unknown account", ctl.ActionUpdateAccount, `{"user_id":99999,"sign":"hi"}`, 102, "99999"},
		{"list bots", ctl.ActionListAccounts, `{"bot":true}`, 0, `"user_id":10001`},
		{"word slices of a text", ctl.ActionSetWordSlices, `{"content":"机器人你好","slices":["机器人","你好"]}`, 0, ""},
		{"a word not in the text", ctl.ActionSetWordSlices, `{"content":"机器人你好","slices":["再见"]}`, 1400, "not a piece of the content"},
		{"nothing to split", ctl.ActionSetWordSlices, `{"content":"  ","slices":[]}`, 1400, "content: empty"},
		{"friends twice", ctl.ActionAddFriend, `{"user_id":10002,"friend_id":10001}`, 1400, "already friends"},
		{"friend with nobody", ctl.ActionAddFriend, `{"user_id":10002,"friend_id":99999}`, 102, "99999"},
		{"friend request", ctl.ActionSendFriendRequest, `{"user_id":10005,"target_id":10001}`, 0, `"flag":"friend-10005-10001"`},
		{"friend request to a friend", ctl.ActionSendFriendRequest, `{"user_id":10002,"target_id":10001}`, 1400, "already friends"},
		{"friend request to oneself", ctl.ActionSendFriendRequest, `{"user_id":10002,"target_id":10002}`, 1400, "itself"},
		{"group exists", ctl.ActionCreateGroup, `{"group_id":20001,"group_name":"x","owner_id":10002}`, 1400, "already exists"},
		{"group of nobody", ctl.ActionCreateGroup, `{"group_id":20009,"group_name":"x","owner_id":99999}`, 102, "99999"},
		{"set a bad role", ctl.ActionSetMember, `{"group_id":20001,"user_id":10003,"role":"king"}`, 1400, "role"},
		{"demote the owner", ctl.ActionSetMember, `{"group_id":20001,"user_id":10001,"role":"member"}`, 1400, "owns"},
		{"admin kicks the owner", ctl.ActionRemoveMember, `{"group_id":20001,"user_id":10001,"by":10002}`, 103, "only a higher role"},
		{"owner leaves", ctl.ActionRemoveMember, `{"group_id":20002,"user_id":10004}`, 103, "cannot leave"},
		{"block without by", ctl.ActionRemoveMember, `{"group_id":20001,"user_id":10005,"reject_add_request":true}`, 1400, "by"},
		{"leave a group one is not in", ctl.ActionRemoveMember, `{"group_id":20003,"user_id":10002}`, 102, "not a member"},
		{"member mutes", ctl.ActionMuteMember, `{"group_id":20001,"user_id":10005,"by":10003,"duration":60}`, 103, "needs admin"},
		{"mute too long", ctl.ActionMuteMember, `{"group_id":20001,"user_id":10005,"by":10002,"duration":99999999}`, 1400, "duration"},
		{"join a group one is in", ctl.ActionSendJoinRequest, `{"group_id":20001,"user_id":10002}`, 1400, "already a member"},
		{"invite from outside", ctl.ActionSendGroupInvitation, `{"group_id":20003,"user_id":10002,"target_id":10001}`, 102, "not a member"},
		{"message to a stranger", ctl.ActionSendMessage, `{"user_id":10005,"target_id":10001,"message":"hi"}`, 102, "not a friend"},
		{"message to nowhere", ctl.ActionSendMessage, `{"user_id":10005,"message":"hi"}`, 1400, "Give target_id (a private message) or group_id"},
		{"empty message", ctl.ActionSendMessage, `{"user_id":10002,"target_id":10001,"message":""}`, 1400, "message"},
		{"group message from outside", ctl.ActionSendMessage, `{"user_id":10004,"group_id":20001,"message":"hi"}`, 102, "not a member"},
		{"temporary session", ctl.ActionSendMessage, `{"user_id":10005,"target_id":10001,"group_id":20001,"message":"hi"}`, 0, `"message_id"`},
		{"recall another's private message", ctl.ActionRecallMessage, `{"message_id":1002,"by":10002}`, 103, "own private"},
		{"recall an admin's message as member", ctl.ActionRecallMessage, `{"message_id":1001,"by":10003}`, 103, "only a higher role"},
		{"online file to a stranger", ctl.ActionOfferOnlineFile, `{"user_id":10005,"target_id":10001,"name":"a.txt","size":10}`, 103, "not friends"},
		{"online file with both content and size", ctl.ActionOfferOnlineFile, `{"user_id":10002,"target_id":10001,"name":"a.txt","content":"YWJj","size":10}`, 1400, "content has 3 bytes"},
		{"online file without a name", ctl.ActionOfferOnlineFile, `{"user_id":10002,"target_id":10001,"name":"../a.txt","size":10}`, 1400, "the file name"},
		{"flash set of an unknown user", ctl.ActionShareFlashSet, `{"user_id":99999,"files":[{"name":"a.txt","content":"YWJj"}]}`, 102, "99999"},
		{"flash file named as a path", ctl.ActionShareFlashSet, `{"user_id":10002,"files":[{"name":"../a.txt","content":"YWJj"}]}`, 1400, "files[0]"},
		{"flash set shared", ctl.ActionShareFlashSet, `{"user_id":10002,"files":[{"name":"a.txt","content":"YWJj"}]}`, 0, `"fileset_id":"flash-2"`},
		{"list both filters", ctl.ActionListSent, `{"self_id":10001,"user_id":10002,"group_id":20001}`, 1400, "give one of them"},
		{"list an unknown bot", ctl.ActionListSent, `{"self_id":99999}`, 102, "99999"},
		{"list sent", ctl.ActionListSent, `{"self_id":10001}`, 0, `"raw_message":"你好"`},
		{"list sent since later", ctl.ActionListSent, `{"self_id":10001,"since":4102444800}`, 0, `[]`},
		{"list sent after the last", ctl.ActionListSent, `{"self_id":10001,"after_id":1002}`, 0, `[]`},
		{"list sent to a group", ctl.ActionListSent, `{"self_id":10001,"group_id":20001}`, 0, `[]`},
		{"wait too long", ctl.ActionWaitSent, `{"self_id":10001,"after_id":0,"timeout":60001}`, 1400, "timeout"},
		{"unfriend strangers", ctl.ActionRemoveFriend, `{"user_id":10005,"friend_id":10001}`, 102, "not friends"},
		{"delete the default bot", ctl.ActionDeleteAccount, `{"user_id":10001}`, 103, "default bot"},
		{"delete an owner", ctl.ActionDeleteAccount, `{"user_id":10004}`, 103, "owns group"},
		{"delete nobody", ctl.ActionDeleteAccount, `{"user_id":99999}`, 102, "99999"},
		{"rename to nothing", ctl.ActionUpdateGroup, `{"group_id":20001,"group_name":""}`, 1400, "group_name"},
		{"update no group", ctl.ActionUpdateGroup, `{"group_id":29999,"memo":"x"}`, 102, "29999"},
		{"dismiss no group", ctl.ActionDeleteGroup, `{"group_id":29999}`, 102, "29999"},
		{"like naming no picture", ctl.ActionLikeAlbumMedia, `{"user_id":10003,"group_id":20001,"album_id":"V1onespecClass"}`, 1400, "lloc"},
		{"like a picture of another batch", ctl.ActionLikeAlbumMedia, `{"user_id":10003,"group_id":20001,"album_id":"V1onespecClass","lloc":"NDR0onespecCat","batch_id":"1"}`, 1400, "batch"},
		{"comment from outside", ctl.ActionCommentAlbumMedia, `{"user_id":10004,"group_id":20001,"album_id":"V1onespecClass","lloc":"NDR0onespecCat","content":"hi"}`, 102, "not a member"},
		{"upload a path", ctl.ActionUploadAlbumMedia, `{"user_id":10003,"group_id":20001,"album_id":"V1onespecClass","files":["/etc/passwd"]}`, 1400, "base64://"},
		{"guild id taken", ctl.ActionCreateGuild, `{"guild_id":"30001","guild_name":"x","owner_id":10004}`, 1400, "already exists"},
		{"guild id not a number", ctl.ActionCreateGuild, `{"guild_id":"abc","guild_name":"x","owner_id":10004}`, 1400, "guild_id"},
		{"guild of nobody", ctl.ActionCreateGuild, `{"guild_id":"30009","guild_name":"x","owner_id":99999}`, 102, "99999"},
		{"guild message from outside", ctl.ActionSendGuildMessage, `{"user_id":10005,"guild_id":"30001","channel_id":"40001","message":"hi"}`, 102, "not a member"},
		{"guild message to a topic channel", ctl.ActionSendGuildMessage, `{"user_id":10002,"guild_id":"30001","channel_id":"40002","message":"hi"}`, 1400, "type 7"},
		{"upload into no album", ctl.ActionUploadAlbumMedia, `{"user_id":10003,"group_id":20001,"album_id":"nope","files":["base64://aGk="]}`, 102, "nope"},
		{"poke a stranger", ctl.ActionPoke, `{"user_id":10005,"target_id":10001}`, 102, "not a friend"},
		{"poke outside the group", ctl.ActionPoke, `{"user_id":10004,"target_id":10001,"group_id":20001}`, 102, "not a member"},
		{"poke a non-member", ctl.ActionPoke, `{"user_id":10002,"target_id":10004,"group_id":20001}`, 102, "not a member"},
		{"react to a private message", ctl.ActionReact, `{"user_id":10002,"message_id":1002,"emoji_id":"76"}`, 1400, "group messages only"},
		{"react with no emoji id", ctl.ActionReact, `{"user_id":10003,"message_id":1001,"emoji_id":"赞"}`, 1400, "emoji_id"},
		{"take back a reaction never made", ctl.ActionReact, `{"user_id":10005,"message_id":1001,"emoji_id":"76","enable":false}`, 102, "has not reacted"},
		{"input status to a stranger", ctl.ActionSetInputStatus, `{"user_id":10005,"target_id":10001,"event_type":1}`, 102, "not a friend"},
		{"no such input status", ctl.ActionSetInputStatus, `{"user_id":10002,"target_id":10001,"event_type":7}`, 1400, "event_type"},
		{"translate an empty word", ctl.ActionSetTranslation, `{"translations":[{"word":"","text":"空"}]}`, 1400, "word"},
		{"transcribe an unknown voice", ctl.ActionSetTranscript, `{"record":"nothing.amr","text":"x"}`, 102, "nothing.amr"},
		{"an AI voice without a name", ctl.ActionSetAiCharacters, `{"characters":[{"type":"a","character_id":"x","character_name":""}]}`, 1400, "character_name"},
		{"upload without content or size", ctl.ActionUploadGroupFile, `{"group_id":20001,"user_id":10002,"name":"a.txt"}`, 1400, "Give content"},
		{"upload bad base64", ctl.ActionUploadGroupFile, `{"group_id":20001,"user_id":10002,"name":"a.txt","content":"!!!"}`, 1400, "content"},
		{"upload a path", ctl.ActionUploadGroupFile, `{"group_id":20001,"user_id":10002,"name":"../a.txt","size":3}`, 1400, "name"},
		{"upload size and content disagree", ctl.ActionUploadGroupFile, `{"group_id":20001,"user_id":10002,"name":"a.txt","content":"aGk=","size":5}`, 1400, "size 5"},
		{"upload from outside", ctl.ActionUploadGroupFile, `{"group_id":20001,"user_id":10004,"name":"a.txt","size":5}`, 102, "not a member"},
		{"upload", ctl.ActionUploadGroupFile, `{"group_id":20001,"user_id":10002,"name":"a.txt","content":"aGk="}`, 0, `"size":2`},
		{"import garbage", ctl.ActionImportWorld, `{"world":"accounts: 3"}`, 1400, "world"},
		{"import another default bot", ctl.ActionImportWorld, `{"world":"accounts:\n  - {id: 10009, nickname: b, bot: true}\n"}`, 1400, "default bot cannot change"},
		{"import against QQ's rules", ctl.ActionImportWorld, `{"world":"accounts:\n  - {id: 10001, nickname: b, bot: true}\n  - {id: 10002, nickname: u}\nmessages:\n  - {from: 10002, to: 10001, message: hi}\n"}`, 1400, "not a friend"},
	}
	srv := newWorldServer(t, "")
	documented := map[string][]int{}
	for _, a := range ctl.Actions {
		documented[a.Name] = a.Retcodes
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, srv, wpath(tt.op), tt.body)
			if r.Retcode != tt.wantRetcode {
				t.Fatalf("retcode %d, want %d: %+v", r.Retcode, tt.wantRetcode, r)
			}
			if !slices.Contains(documented[tt.op], r.Retcode) {
				t.Errorf("retcode %d is not in %s's x-onebot-retcodes %v", r.Retcode, tt.op, documented[tt.op])
			}
			got := r.Message
			if tt.wantRetcode == 0 {
				got = string(r.Data)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("%q does not contain %q", got, tt.want)
			}
		})
	}
}

// fetch(url, {method: 'POST', body: JSON.stringify(x)}) labels its body text/plain: the world
// control API reads it as JSON, while the OneBot API keeps the standard's 406. Each API's docs
// page carries its own title.
func TestWorldReadsPlainTextJSON(t *testing.T) {
	srv := newWorldServer(t, "")
	for _, tc := range []struct {
		path, body string
		wantCode   int
		wantRet    int
	}{
		{wpath(ctl.ActionListAccounts), `{}`, 200, 0},
		{wpath(ctl.ActionListAccounts), ` {"user_id": 10001}`, 200, 0},
		{wpath(ctl.ActionListAccounts), `hello`, 400, 1400},
		{"/get_login_info", `{}`, 406, 1400},
	} {
		code, r := call(t, newRequest(t, "POST", srv.URL+tc.path, "text/plain;charset=UTF-8", tc.body))
		if code != tc.wantCode || r.Retcode != tc.wantRet {
			t.Errorf("POST %s text/plain %q: HTTP %d retcode %d, want %d %d (%s)", tc.path, tc.body, code, r.Retcode, tc.wantCode, tc.wantRet, r.Message)
		}
	}
	res, err := srv.Client().Get(srv.URL + wpath("docs"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if want := "<title>" + html.EscapeString(docs.WorldTitle) + "</title>"; !strings.Contains(string(body), want) {
		t.Errorf("GET /_world/docs: no %s", want)
	}
}
