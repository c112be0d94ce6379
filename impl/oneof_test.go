package impl_test

import (
	"testing"

	"github.com/onespec/onespec/impl"
)

// The spec's one-of rules (anyOf of required sets) and the segments' conditional fields bind
// the reference server too: a request that names none of the alternatives, a custom music
// share without its url, an empty node, a segment type it cannot send are invalid (1400);
// one that names any of the alternatives is judged by the world.
func TestOneOfAndSegmentRules(t *testing.T) {
	srv := newServer(t, impl.Options{})
	tests := []struct {
		name, path, body string
		want             int
	}{
		{"anonymous ban without a target", "/set_group_anonymous_ban", `{"group_id":20001}`, 1400},
		{"anonymous ban by flag", "/set_group_anonymous_ban", `{"group_id":20001,"anonymous_flag":"80000001|无名氏"}`, 0},
		{"anonymous ban by plain flag", "/set_group_anonymous_ban", `{"group_id":20001,"flag":"80000001|无名氏"}`, 0},
		{"group request without sub_type or type", "/set_group_add_request", `{"flag":"group-add-10007"}`, 1400},
		{"group request by type", "/set_group_add_request", `{"flag":"group-add-10007","type":"add"}`, 0},
		{"custom music without url", "/send_group_msg", `{"group_id":20001,"message":[{"type":"music","data":{"type":"custom","audio":"a","title":"t"}}]}`, 1400},
		{"empty node", "/send_group_msg", `{"group_id":20001,"message":[{"type":"node","data":{}}]}`, 1400},
		{"segment type outside the standard", "/send_group_msg", `{"group_id":20001,"message":[{"type":"mface","data":{}}]}`, 1400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := call(t, newRequest(t, "POST", srv.URL+tt.path, jsonType, tt.body))
			if r.Retcode != tt.want {
				t.Errorf("retcode %d (%q), want %d", r.Retcode, r.Message, tt.want)
			}
		})
	}
}
