package impl_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/cqcode"
)

// Read marks drive the unread counts of get_recent_contact: messages others send count, the
// bot's own and recalled ones do not; each mark action moves only its conversation, never
// back; _mark_all_as_read clears them all.
func TestReadMarksDriveUnreadCounts(t *testing.T) {
	srv, w := newServerWorld(t, impl.Options{})
	ctx := context.Background()
	friend := w.As(10002)
	var group []int32
	for i := range 3 {
		id, err := friend.SendGroup(ctx, 20001, []cqcode.Segment{cqcode.Text(fmt.Sprint("群消息 ", i))})
		if err != nil {
			t.Fatal(err)
		}
		group = append(group, id)
	}
	recalled, err := friend.SendPrivate(ctx, 10001, 0, []cqcode.Segment{cqcode.Text("撤回的")})
	if err != nil {
		t.Fatal(err)
	}
	if err := friend.Recall(ctx, recalled); err != nil {
		t.Fatal(err)
	}
	if _, err := friend.SendPrivate(ctx, 10001, 0, []cqcode.Segment{cqcode.Text("私聊")}); err != nil {
		t.Fatal(err)
	}
	do := func(action, body string) reply {
		t.Helper()
		_, r := call(t, newRequest(t, "POST", srv.URL+"/"+action, jsonType, body))
		return r
	}
	unread := func() string {
		t.Helper()
		r := do("get_recent_contact", `{"count":10}`)
		var list []struct {
			PeerUin string `json:"peerUin"`
			Unread  int    `json:"unread_count"`
		}
		if err := json.Unmarshal(r.Data, &list); err != nil || r.Retcode != 0 {
			t.Fatalf("get_recent_contact: %+v", r)
		}
		var parts []string
		for _, c := range list {
			parts = append(parts, fmt.Sprintf("%s:%d", c.PeerUin, c.Unread))
		}
		return strings.Join(parts, " ")
	}
	// The seed's group messages 1001 and 1101 (in 20002) are unread too; the bot's own 1002 is not.
	steps := []struct {
		action, body, want string
	}{
		{"", "", "10002:1 20001:4 20002:1"},
		{"mark_msg_as_read", fmt.Sprintf(`{"message_id":%d}`, group[1]), "10002:1 20001:1 20002:1"},
		{"mark_msg_as_read", fmt.Sprintf(`{"message_id":%d}`, group[0]), "10002:1 20001:1 20002:1"}, // never back
		{"mark_private_msg_as_read", `{"user_id":10002}`, "10002:0 20001:1 20002:1"},
		{"mark_group_msg_as_read", `{"group_id":20001}`, "10002:0 20001:0 20002:1"},
	}
	for _, s := range steps {
		if s.action != "" {
			if r := do(s.action, s.body); r.Retcode != 0 {
				t.Fatalf("%s %s: %+v", s.action, s.body, r)
			}
		}
		if got := unread(); got != s.want {
			t.Errorf("after %s %s: unread %q, want %q", s.action, s.body, got, s.want)
		}
	}
	if _, err := friend.SendGroup(ctx, 20001, []cqcode.Segment{cqcode.Text("又来了")}); err != nil {
		t.Fatal(err)
	}
	if _, err := friend.SendPrivate(ctx, 10001, 0, []cqcode.Segment{cqcode.Text("又来了")}); err != nil {
		t.Fatal(err)
	}
	if got, want := unread(), "10002:1 20001:1 20002:1"; got != want {
		t.Errorf("new messages: unread %q, want %q", got, want)
	}
	if r := do("_mark_all_as_read", `{}`); r.Retcode != 0 {
		t.Fatalf("_mark_all_as_read: %+v", r)
	}
	if got, want := unread(), "10002:0 20001:0 20002:0"; got != want {
		t.Errorf("after _mark_all_as_read: unread %q, want %q", got, want)
	}
	for _, bad := range []struct{ body, message string }{
		{`{"message_id":9999}`, "message 9999"},
		{`{"group_id":20003}`, "not a member"},
		{`{"user_id":10001}`, "itself"},
		{`{}`, "message_id"},
	} {
		if r := do("mark_msg_as_read", bad.body); r.Retcode == 0 || !strings.Contains(r.Message, bad.message) {
			t.Errorf("mark_msg_as_read %s: %+v, want a failure naming %q", bad.body, r, bad.message)
		}
	}
	if r := do("get_recent_contact", `{"count":1}`); !strings.Contains(string(r.Data), `"peerUin":"10002"`) || strings.Contains(string(r.Data), "20001\"") {
		t.Errorf("count 1: %s", r.Data)
	}
}
