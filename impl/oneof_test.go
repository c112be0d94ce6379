package impl_test

import (
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
)

// The spec's one-of rules (anyOf of required sets) and the segments' conditional fields bind
// the reference server too: a request that names none of the alternatives, a custom music
// share without its url, an empty node, a segment type it cannot send are invalid (1400);
// one that names any of the alternatives is judged by the world. The message names what is
// missing from the alternative the value is closest to (music's type selects its branch), never
// only "must satisfy one of the alternatives".
func TestOneOfAndSegmentRules(t *testing.T) {
	srv := newServer(t, impl.Options{})
	tests := []struct {
		name, path, body string
		want             int
		messageHas       string
	}{
		{"anonymous ban without a target", "/set_group_anonymous_ban", `{"group_id":20001}`, 1400, `property "anonymous" is missing (Give one of`},
		{"anonymous ban by flag", "/set_group_anonymous_ban", `{"group_id":20001,"anonymous_flag":"80000001|无名氏"}`, 0, ""},
		{"anonymous ban by plain flag", "/set_group_anonymous_ban", `{"group_id":20001,"flag":"80000001|无名氏"}`, 0, ""},
		{"group request without sub_type or type", "/set_group_add_request", `{"flag":"group-add-10007"}`, 1400, `property "sub_type" is missing`},
		{"group request by type", "/set_group_add_request", `{"flag":"group-add-10007","type":"add"}`, 0, ""},
		{"custom music without url", "/send_group_msg", `{"group_id":20001,"message":[{"type":"music","data":{"type":"custom","audio":"a","title":"t"}}]}`, 1400, `message.0.data: property "url" is missing`},
		{"custom music without audio", "/send_group_msg", `{"group_id":20001,"message":[{"type":"music","data":{"type":"custom","url":"u","title":"t"}}]}`, 1400, `message.0.data: property "audio" is missing`},
		{"custom music with none of its fields", "/send_group_msg", `{"group_id":20001,"message":[{"type":"music","data":{"type":"custom"}}]}`, 1400, `message.0.data: properties "url", "audio" and "title" are missing`},
		{"platform music without id", "/send_group_msg", `{"group_id":20001,"message":[{"type":"music","data":{"type":"163"}}]}`, 1400, `message.0.data: property "id" is missing`},
		{"empty node", "/send_group_msg", `{"group_id":20001,"message":[{"type":"node","data":{}}]}`, 1400, `message.0.data: property "id" is missing`},
		{"image without file", "/send_group_msg", `{"group_id":20001,"message":[{"type":"image","data":{}}]}`, 1400, `message.0.data: property "file" is missing`},
		{"segment type outside the standard", "/send_group_msg", `{"group_id":20001,"message":[{"type":"mface","data":{}}]}`, 1400, "mface"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := call(t, newRequest(t, "POST", srv.URL+tt.path, jsonType, tt.body))
			if r.Retcode != tt.want || !strings.Contains(r.Message, tt.messageHas) {
				t.Errorf("retcode %d (%q), want %d with %q", r.Retcode, r.Message, tt.want, tt.messageHas)
			}
		})
	}
}
