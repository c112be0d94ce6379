package impl_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/impl/worldfile"
	"github.com/onespec/onespec/openapi"
)

// Every text parameter that ends up stored in the world is bounded, by the figure a world file
// allows for the same field (impl/worldfile's limits): the spec's maxLength is that constant,
// so the two cannot drift; one character past it gets 1400 naming the field and the limit, and
// a value exactly at it is stored. Lengths count characters (runes), as JSON Schema's maxLength
// does, so the filler is a 3-byte 汉字: a limit QQ states in bytes is generous here.
func TestTextLimits(t *testing.T) {
	tests := []struct {
		world  bool   // the world control API, else the OneBot API
		action string // operation
		body   string // the other parameters, a JSON object's members
		field  string
		max    int
	}{
		{false, "set_group_card", `"group_id":20001,"user_id":10003`, "card", worldfile.MaxCard},
		{false, "set_group_special_title", `"group_id":20001,"user_id":10003`, "special_title", worldfile.MaxTitle},
		{false, "set_group_name", `"group_id":20001`, "group_name", worldfile.MaxGroup},
		{false, "set_friend_add_request", `"flag":"friend-req-10006","approve":true`, "remark", worldfile.MaxRemark},
		{false, "set_group_add_request", `"flag":"group-add-10007","sub_type":"add","approve":false`, "reason", worldfile.MaxComment},
		{false, "send_private_msg", `"user_id":10002`, "message", worldfile.MaxMessage},
		{false, "send_group_msg", `"group_id":20001`, "message", worldfile.MaxMessage},
		{false, "send_msg", `"user_id":10002`, "message", worldfile.MaxMessage},
		{true, "create_account", `"user_id":10010`, "nickname", worldfile.MaxNickname},
		{true, "create_account", `"user_id":10010,"nickname":"x"`, "sign", worldfile.MaxSign},
		{true, "create_account", `"user_id":10010,"nickname":"x"`, "area", worldfile.MaxArea},
		{true, "update_account", `"user_id":10003`, "nickname", worldfile.MaxNickname},
		{true, "update_account", `"user_id":10003`, "sign", worldfile.MaxSign},
		{true, "update_account", `"user_id":10003`, "area", worldfile.MaxArea},
		{true, "create_group", `"group_id":20010,"owner_id":10002`, "group_name", worldfile.MaxGroup},
		{true, "update_group", `"group_id":20001`, "group_name", worldfile.MaxGroup},
		{true, "update_group", `"group_id":20001`, "memo", worldfile.MaxMemo},
		{true, "set_member", `"group_id":20001,"user_id":10003`, "card", worldfile.MaxCard},
		{true, "set_member", `"group_id":20001,"user_id":10003`, "title", worldfile.MaxTitle},
		{true, "set_member", `"group_id":20002,"user_id":10001`, "group_remark", worldfile.MaxRemark},
		{true, "add_friend", `"user_id":10005,"friend_id":10001`, "remark", worldfile.MaxRemark},
		{true, "send_friend_request", `"user_id":10005,"target_id":10001`, "comment", worldfile.MaxComment},
		{true, "send_join_request", `"group_id":20001,"user_id":10004`, "comment", worldfile.MaxComment},
		{true, "send_message", `"user_id":10002,"target_id":10001`, "message", worldfile.MaxMessage},
	}
	onebot, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	control, err := openapi.WorldDoc()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.action+"."+tt.field, func(t *testing.T) {
			doc, path := onebot, "/"+tt.action
			if tt.world {
				doc, path = control, wpath(tt.action)
			}
			if got := specMaxLength(t, doc, "/"+tt.action, tt.field); got != tt.max {
				t.Fatalf("the spec's maxLength of %s.%s is %d; the world file allows %d", tt.action, tt.field, got, tt.max)
			}
			srv := newWorldServer(t, "")
			with := func(n int) string {
				v, _ := json.Marshal(strings.Repeat("字", n))
				return "{" + tt.body + `,"` + tt.field + `":` + string(v) + "}"
			}
			r := post(t, srv, path, with(tt.max+1))
			if r.Retcode != 1400 || !strings.Contains(r.Message, tt.field) || !strings.Contains(r.Message, strconv.Itoa(tt.max)) {
				t.Errorf("%d characters: retcode %d %q, want 1400 naming %s and %d", tt.max+1, r.Retcode, r.Message, tt.field, tt.max)
			}
			if r := post(t, srv, path, with(tt.max)); r.Retcode != 0 {
				t.Errorf("%d characters, at the limit: retcode %d %q, want 0", tt.max, r.Retcode, r.Message)
			}
		})
	}
}

// A message given as an array of segments is bounded too (maxItems), well below the server's
// limit of JSON values per request (a segment is four), so that the refusal names the rule.
func TestSegmentLimits(t *testing.T) {
	tests := []struct {
		world  bool
		action string
		body   string
	}{
		{false, "send_private_msg", `"user_id":10002`},
		{false, "send_group_msg", `"group_id":20001`},
		{true, "send_message", `"user_id":10002,"target_id":10001`},
	}
	onebot, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	control, err := openapi.WorldDoc()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			doc, path := onebot, "/"+tt.action
			if tt.world {
				doc, path = control, wpath(tt.action)
			}
			max := specMaxItems(t, doc, "/"+tt.action, "message")
			if max <= 0 || max > worldfile.MaxMessage {
				t.Fatalf("the spec's maxItems of %s.message is %d, want 1 to %d", tt.action, max, worldfile.MaxMessage)
			}
			srv := newWorldServer(t, "")
			with := func(n int) string {
				return "{" + tt.body + `,"message":[` + strings.Repeat(`{"type":"text","data":{"text":"字"}},`, n-1) + `{"type":"face","data":{"id":"14"}}]}`
			}
			_, r := call(t, newRequest(t, "POST", srv.URL+path, jsonType, with(max+1)))
			if r.Retcode != 1400 || !strings.Contains(r.Message, "message") || !strings.Contains(r.Message, strconv.Itoa(max)) {
				t.Errorf("%d segments: retcode %d %q, want 1400 naming message and %d", max+1, r.Retcode, r.Message, max)
			}
			if _, r := call(t, newRequest(t, "POST", srv.URL+path, jsonType, with(max))); r.Retcode != 0 {
				t.Errorf("%d segments, at the limit: retcode %d %q, want 0", max, r.Retcode, r.Message)
			}
		})
	}
}

// The text inside segments is bounded by what the world stores, the message as CQ codes: a
// world exported after any accepted message imports again.
func TestSegmentTextLimit(t *testing.T) {
	tests := []struct {
		name, path, body string
	}{
		{"send_private_msg", "/send_private_msg", `"user_id":10002`},
		{"send_group_msg", "/send_group_msg", `"group_id":20001`},
		{"send_message", wpath("send_message"), `"user_id":10002,"target_id":10001`},
	}
	max := worldfile.MaxMessage
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newWorldServer(t, "")
			// Two text segments (each within any per-string limit) and a face: the face renders
			// as 15 characters of CQ code, "[CQ:face,id=14]".
			with := func(n int) string {
				a, _ := json.Marshal(strings.Repeat("字", n/2))
				b, _ := json.Marshal(strings.Repeat("字", n-n/2-15))
				return "{" + tt.body + `,"message":[{"type":"text","data":{"text":` + string(a) + `}},{"type":"face","data":{"id":"14"}},{"type":"text","data":{"text":` + string(b) + `}}]}`
			}
			r := post(t, srv, tt.path, with(max+1))
			if r.Retcode != 1400 || !strings.Contains(r.Message, "message") || !strings.Contains(r.Message, strconv.Itoa(max)) {
				t.Errorf("%d characters as CQ codes: retcode %d %q, want 1400 naming message and %d", max+1, r.Retcode, r.Message, max)
			}
			if r := post(t, srv, tt.path, with(max)); r.Retcode != 0 {
				t.Fatalf("%d characters as CQ codes, at the limit: retcode %d %q, want 0", max, r.Retcode, r.Message)
			}
			r = post(t, srv, wpath("export_world"), `{}`)
			var exported struct {
				World string `json:"world"`
			}
			if err := json.Unmarshal(r.Data, &exported); err != nil || r.Retcode != 0 {
				t.Fatalf("export_world: %d %q %v", r.Retcode, r.Message, err)
			}
			body, _ := json.Marshal(map[string]string{"world": exported.World})
			if r := post(t, srv, wpath("import_world"), string(body)); r.Retcode != 0 {
				t.Errorf("import_world of the export: retcode %d %q, want 0", r.Retcode, r.Message)
			}
		})
	}
}

// specMaxItems is the maxItems of a message parameter's array form.
func specMaxItems(t *testing.T, doc *openapi3.T, path, field string) int {
	t.Helper()
	prop := doc.Paths.Value(path).Post.RequestBody.Value.Content.Get("application/json").Schema.Value.Properties[field]
	if prop == nil {
		t.Fatalf("%s has no parameter %s", path, field)
	}
	for _, b := range prop.Value.OneOf {
		if b.Value.Type.Is(openapi3.TypeArray) && b.Value.MaxItems != nil {
			return int(*b.Value.MaxItems)
		}
	}
	return -1
}

// specMaxLength is the maxLength of a request parameter; for a message, of its CQ-code string.
func specMaxLength(t *testing.T, doc *openapi3.T, path, field string) int {
	t.Helper()
	item := doc.Paths.Value(path)
	if item == nil || item.Post == nil {
		t.Fatalf("no operation %s", path)
	}
	prop := item.Post.RequestBody.Value.Content.Get("application/json").Schema.Value.Properties[field]
	if prop == nil {
		t.Fatalf("%s has no parameter %s", path, field)
	}
	s := prop.Value
	for _, b := range s.OneOf {
		if b.Value.Type.Is(openapi3.TypeString) {
			s = b.Value
		}
	}
	if s.MaxLength == nil {
		return -1
	}
	return int(*s.MaxLength)
}
