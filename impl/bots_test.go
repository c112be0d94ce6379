package impl_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/openapi"
)

// Two bots of one world behind one handler, told apart by botctx as a transport would: what
// bot A sends, bot B reads with the same message_id; each sees its own account, friends and
// groups, and a call for an account that is not a bot fails with 102.
func TestTwoBotsThroughTheActions(t *testing.T) {
	w := twoBotWorld(t)
	h := handler(t, w, impl.Options{})
	// The test's transport: the bot is named in a header.
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("X-Self-ID"); id != "" {
			var self int64
			_ = json.Unmarshal([]byte(id), &self)
			r = r.WithContext(botctx.With(r.Context(), self))
		}
		h.ServeHTTP(rw, r)
	}))
	defer srv.Close()
	as := func(self, action, body string) reply {
		req := newRequest(t, "POST", srv.URL+"/"+action, jsonType, body)
		if self != "" {
			req.Header.Set("X-Self-ID", self)
		}
		_, r := call(t, req)
		return r
	}

	if r := as("10009", "get_login_info", `{}`); !strings.Contains(string(r.Data), `"user_id":10009`) {
		t.Errorf("B's login info: %+v", r)
	}
	if r := as("", "get_login_info", `{}`); !strings.Contains(string(r.Data), `"user_id":10001`) {
		t.Errorf("the default bot's login info: %+v", r)
	}
	if r := as("10002", "get_login_info", `{}`); r.Retcode != 102 || !strings.Contains(r.Message, "not a bot") {
		t.Errorf("a simulated user as the bot: %+v", r)
	}
	if r := as("10009", "get_group_list", `{}`); strings.Contains(string(r.Data), "20002") || !strings.Contains(string(r.Data), "20001") {
		t.Errorf("B's groups: %s", r.Data)
	}

	var sent struct {
		MessageID int32 `json:"message_id"`
	}
	r := as("10001", "send_private_msg", `{"user_id":10009,"message":"你好，B"}`)
	if err := json.Unmarshal(r.Data, &sent); err != nil || r.Retcode != 0 {
		t.Fatalf("A sends to B: %+v", r)
	}
	body := `{"message_id":` + jsonNumber(sent.MessageID) + `}`
	if r := as("10009", "get_msg", body); r.Retcode != 0 || !strings.Contains(string(r.Data), "你好，B") || !strings.Contains(string(r.Data), `"user_id":10001`) {
		t.Errorf("B reads A's message: %+v", r)
	}
	// real_id is the message's sequence in its conversation, the same for both sides: the
	// first message between A and B.
	for _, self := range []string{"10001", "10009"} {
		if r := as(self, "get_msg", body); !strings.Contains(string(r.Data), `"real_id":1,`) {
			t.Errorf("%s reads real_id: %s", self, r.Data)
		}
	}
	if r := as("10009", "get_msg", `{"message_id":1002}`); r.Retcode != 102 {
		t.Errorf("B reads A's private chat with 10002: %+v", r)
	}
	if r := as("10009", "delete_msg", body); r.Retcode != 103 {
		t.Errorf("B recalls A's private message: %+v", r)
	}
	if r := as("10001", "delete_msg", body); r.Retcode != 0 {
		t.Fatalf("A recalls its message: %+v", r)
	}
	if r := as("10009", "get_msg", body); r.Retcode != 102 {
		t.Errorf("the recall did not reach B: %+v", r)
	}
}

func jsonNumber(n int32) string {
	raw, _ := json.Marshal(n)
	return string(raw)
}

// A forward inside a forward comes back as nodes whose content is nodes.
func TestNestedForward(t *testing.T) {
	w := seededWorld(t, func() time.Time { return fixedNow })
	inner := []world.ForwardNode{{UserID: 10003, Nickname: "小红", Segments: []cqcode.Segment{cqcode.Text("里层")}}}
	if err := w.Populate(context.Background(), func(u *world.Universe) error {
		return u.AddForward("NESTED", []world.ForwardNode{
			{UserID: 10002, Nickname: "小明", Segments: []cqcode.Segment{cqcode.Text("外层")}},
			{UserID: 10002, Nickname: "小明", Nested: inner},
		})
	}); err != nil {
		t.Fatal(err)
	}
	h := handler(t, w, impl.Options{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	_, r := call(t, newRequest(t, "POST", srv.URL+"/get_forward_msg", jsonType, `{"id":"NESTED"}`))
	var data struct {
		Message []struct {
			Data struct {
				Content []struct {
					Type string         `json:"type"`
					Data map[string]any `json:"data"`
				} `json:"content"`
			} `json:"data"`
		} `json:"message"`
	}
	if err := json.Unmarshal(r.Data, &data); err != nil || r.Retcode != 0 || len(data.Message) != 2 {
		t.Fatalf("%+v %v", r, err)
	}
	if c := data.Message[1].Data.Content; len(c) != 1 || c[0].Type != "node" || c[0].Data["nickname"] != "小红" {
		t.Errorf("nested content %+v", c)
	}
	if c := data.Message[0].Data.Content; len(c) != 1 || c[0].Type != "text" {
		t.Errorf("plain content %+v", c)
	}
}

// get_forward_msg answers the standard's `message` and, for clients written for go-cqhttp and
// NapCat, the same nodes as `messages` (an onespec extension): the spec declares it without
// requiring it, so the conformance suite, which judges by the schema, asks it of no other
// implementation.
func TestForwardAnswersMessagesToo(t *testing.T) {
	srv := newServer(t, impl.Options{})
	_, r := call(t, newRequest(t, "POST", srv.URL+"/get_forward_msg", jsonType, `{"id":"FORWARD_1"}`))
	var data struct {
		Message  json.RawMessage `json:"message"`
		Messages json.RawMessage `json:"messages"`
	}
	if err := json.Unmarshal(r.Data, &data); err != nil || r.Retcode != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	if len(data.Message) < 3 || !bytes.Equal(data.Message, data.Messages) {
		t.Errorf("message %s, messages %s: want the same nodes under both", data.Message, data.Messages)
	}
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	schema := doc.Components.Schemas["GetForwardMsgData"].Value
	if schema.Properties["messages"] == nil || slices.Contains(schema.Required, "messages") {
		t.Errorf("GetForwardMsgData: messages declared %v, required %v; want declared, not required", schema.Properties["messages"] != nil, schema.Required)
	}
}
