package impl_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
)

// A forward a bot sends comes back from get_forward_msg as it was sent, in every form the
// families send it: custom nodes (standard and go-cqhttp names), id nodes copying the message,
// NcatBot's message ids, NapCat's message parameter, and forwards inside forwards.
func TestForwardSentComesBack(t *testing.T) {
	cases := []struct {
		name, action, body, want string
	}{
		{"custom nodes", "send_group_forward_msg",
			`{"group_id":20001,"messages":[{"type":"node","data":{"user_id":"10002","nickname":"小明","content":"晚上吃什么？"}},{"type":"node","data":{"user_id":10003,"nickname":"小红","content":[{"type":"text","data":{"text":"火锅！"}}]}}]}`,
			"10002 小明: 晚上吃什么？ | 10003 小红: 火锅！"},
		{"go-cqhttp name and uin", "send_private_forward_msg",
			`{"user_id":10002,"messages":[{"type":"node","data":{"name":"小红","uin":"10003","content":"火锅！"}}]}`,
			"10003 小红: 火锅！"},
		{"an id node copies the message under the sender's card", "send_forward_msg",
			`{"group_id":20001,"messages":[{"type":"node","data":{"id":"1001"}}]}`,
			"10002 班长: 大家好[face]"},
		{"NcatBot's message ids", "send_group_forward_msg",
			`{"group_id":20001,"messages":["1001",1002]}`,
			"10002 班长: 大家好[face] | 10001 onespec 机器人: 你好"},
		{"NapCat's message parameter", "send_group_forward_msg",
			`{"group_id":20001,"message":[{"type":"node","data":{"user_id":"10003","nickname":"小红","content":"火锅！"}}]}`,
			"10003 小红: 火锅！"},
		{"nested nodes", "send_forward_msg",
			`{"user_id":10002,"messages":[{"type":"node","data":{"user_id":"10002","nickname":"小明","content":[{"type":"node","data":{"user_id":"10003","nickname":"小红","content":"里层"}}]}}]}`,
			"10002 小明: {10003 小红: 里层}"},
		{"nested as CQ codes", "send_forward_msg",
			`{"user_id":10002,"messages":[{"type":"node","data":{"user_id":"10002","nickname":"小明","content":"[CQ:node,user_id=10003,nickname=小红,content=里层]"}}]}`,
			"10002 小明: {10003 小红: 里层}"},
		{"the seed's forward by its message id", "send_forward_msg",
			`{"group_id":20001,"messages":[{"type":"node","data":{"user_id":"10003","nickname":"小红","content":"看这个"}},{"type":"node","data":{"id":"1001"}}]}`,
			"10003 小红: 看这个 | 10002 班长: 大家好[face]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newServer(t, impl.Options{})
			_, r := call(t, newRequest(t, "POST", srv.URL+"/"+c.action, jsonType, c.body))
			var sent struct {
				MessageID int32  `json:"message_id"`
				ForwardID string `json:"forward_id"`
				ResID     string `json:"res_id"`
			}
			if err := json.Unmarshal(r.Data, &sent); err != nil || r.Retcode != 0 || sent.ForwardID == "" || sent.ResID != sent.ForwardID {
				t.Fatalf("%s: %+v %v", c.action, r, err)
			}
			if got := forwardText(t, srv.URL, sent.ForwardID); got != c.want {
				t.Errorf("get_forward_msg %s = %q, want %q", sent.ForwardID, got, c.want)
			}
			// The message carrying it is a forward segment with the same id.
			_, r = call(t, newRequest(t, "POST", srv.URL+"/get_msg", jsonType, fmt.Sprintf(`{"message_id":%d}`, sent.MessageID)))
			if !strings.Contains(string(r.Data), `{"type":"forward","data":{"id":"`+sent.ForwardID+`"}}`) {
				t.Errorf("get_msg of the forward: %s", r.Data)
			}
		})
	}
}

// A forward keeps what it held when sent: recalling a message it copied leaves it whole, and
// forwarding a forward's message nests the forward.
func TestForwardKeepsWhatWasSent(t *testing.T) {
	srv := newServer(t, impl.Options{})
	send := func(action, body string) (int32, string) {
		t.Helper()
		_, r := call(t, newRequest(t, "POST", srv.URL+"/"+action, jsonType, body))
		var sent struct {
			MessageID int32  `json:"message_id"`
			ForwardID string `json:"forward_id"`
		}
		if err := json.Unmarshal(r.Data, &sent); err != nil || r.Retcode != 0 {
			t.Fatalf("%s %s: %+v %v", action, body, r, err)
		}
		return sent.MessageID, sent.ForwardID
	}
	msg, _ := send("send_group_msg", `{"group_id":20001,"message":"马上撤回"}`)
	fwdMsg, fwd := send("send_group_forward_msg", fmt.Sprintf(`{"group_id":20001,"messages":[%d]}`, msg))
	if _, r := call(t, newRequest(t, "POST", srv.URL+"/delete_msg", jsonType, fmt.Sprintf(`{"message_id":%d}`, msg))); r.Retcode != 0 {
		t.Fatalf("recall: %+v", r)
	}
	if got, want := forwardText(t, srv.URL, fwd), "10001 onespec 机器人: 马上撤回"; got != want {
		t.Errorf("after the recall the forward holds %q, want %q", got, want)
	}
	_, outer := send("send_group_forward_msg", fmt.Sprintf(`{"group_id":20001,"messages":[%d]}`, fwdMsg))
	if got, want := forwardText(t, srv.URL, outer), "10001 onespec 机器人: {10001 onespec 机器人: 马上撤回}"; got != want {
		t.Errorf("a forward of the forward holds %q, want %q", got, want)
	}
}

// What a forward may not be is refused with the retcode and a message naming the rule.
func TestForwardRefused(t *testing.T) {
	deep := `"里层"`
	for range 4 {
		deep = `[{"type":"node","data":{"user_id":"10002","nickname":"小明","content":` + deep + `}}]`
	}
	cases := []struct {
		name, action, body string
		retcode            int
		message            string
	}{
		{"no nodes", "send_group_forward_msg", `{"group_id":20001,"messages":[]}`, 1400, "messages"},
		{"unknown message", "send_group_forward_msg", `{"group_id":20001,"messages":["9999"]}`, 102, "node 0: message 9999"},
		{"a message of a group the bot is not in", "send_private_forward_msg", `{"user_id":10002,"messages":[{"type":"node","data":{"id":"abc"}}]}`, 1400, `id "abc"`},
		{"no user_id", "send_group_forward_msg", `{"group_id":20001,"messages":[{"type":"node","data":{"nickname":"小明","content":"x"}}]}`, 1400, "user_id"},
		{"no content", "send_group_forward_msg", `{"group_id":20001,"messages":[{"type":"node","data":{"user_id":"10002","nickname":"小明","content":""}}]}`, 1400, "content"},
		{"a receive-only segment in a node", "send_group_forward_msg", `{"group_id":20001,"messages":[{"type":"node","data":{"user_id":"10002","nickname":"小明","content":[{"type":"forward","data":{"id":"FORWARD_1"}}]}}]}`, 1400, "receive"},
		{"too deep", "send_group_forward_msg", `{"group_id":20001,"messages":` + deep + `}`, 1400, "nest at most 3"},
		{"NapCat message that is not nodes", "send_group_forward_msg", `{"group_id":20001,"message":"你好"}`, 1400, "not a node"},
		{"a group the bot is not in", "send_group_forward_msg", `{"group_id":20003,"messages":["1001"]}`, 102, "group 20003"},
		{"send_forward_msg without a target", "send_forward_msg", `{"message_type":"group","user_id":10002,"messages":["1001"]}`, 1400, "group_id"},
	}
	srv := newServer(t, impl.Options{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, r := call(t, newRequest(t, "POST", srv.URL+"/"+c.action, jsonType, c.body))
			if r.Retcode != c.retcode || !strings.Contains(r.Message, c.message) {
				t.Errorf("%s %s: %d %q, want %d naming %q", c.action, c.body, r.Retcode, r.Message, c.retcode, c.message)
			}
		})
	}
}

// forwardText renders a forward's nodes as "user nickname: content | ...", nested forwards in
// braces, other segments than text as [type].
func forwardText(t *testing.T, url, id string) string {
	t.Helper()
	_, r := call(t, newRequest(t, "POST", url+"/get_forward_msg", jsonType, fmt.Sprintf(`{"id":%q}`, id)))
	var data struct {
		Message []node `json:"message"`
	}
	if err := json.Unmarshal(r.Data, &data); err != nil || r.Retcode != 0 {
		t.Fatalf("get_forward_msg %s: %+v %v", id, r, err)
	}
	return nodesText(data.Message)
}

type node struct {
	Type string `json:"type"`
	Data struct {
		UserID   string          `json:"user_id"`
		Nickname string          `json:"nickname"`
		Content  json.RawMessage `json:"content"`
		Text     string          `json:"text"`
	} `json:"data"`
}

func nodesText(nodes []node) string {
	parts := make([]string, 0, len(nodes))
	for _, n := range nodes {
		var content []node
		_ = json.Unmarshal(n.Data.Content, &content)
		var b strings.Builder
		nested := len(content) > 0 && content[0].Type == "node"
		if nested {
			b.WriteString("{" + nodesText(content) + "}")
		} else {
			for _, c := range content {
				if c.Type == "text" {
					b.WriteString(c.Data.Text)
				} else {
					b.WriteString("[" + c.Type + "]")
				}
			}
		}
		parts = append(parts, n.Data.UserID+" "+n.Data.Nickname+": "+b.String())
	}
	return strings.Join(parts, " | ")
}
