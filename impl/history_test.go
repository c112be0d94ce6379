package impl_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
)

// The history actions page both ways under every family's parameter names, and bound count.
func TestHistoryPagesAndBounds(t *testing.T) {
	srv := newServer(t, impl.Options{})
	var seqs []int32
	for i := range 3 {
		_, r := call(t, newRequest(t, "POST", srv.URL+"/send_group_msg", jsonType, fmt.Sprintf(`{"group_id":20001,"message":"第 %d 条"}`, i+1)))
		var sent struct {
			MessageID int32 `json:"message_id"`
		}
		if err := json.Unmarshal(r.Data, &sent); err != nil || r.Retcode != 0 {
			t.Fatalf("send: %+v", r)
		}
		_, r = call(t, newRequest(t, "POST", srv.URL+"/get_msg", jsonType, fmt.Sprintf(`{"message_id":%d}`, sent.MessageID)))
		var m struct {
			RealID int32 `json:"real_id"`
		}
		_ = json.Unmarshal(r.Data, &m)
		seqs = append(seqs, m.RealID)
	}
	cases := []struct {
		name, body string
		want       []int32 // real_ids, oldest first
		retcode    int
		message    string
	}{
		{"newest two", `{"group_id":20001,"count":2}`, seqs[1:], 0, ""},
		{"back from the middle", fmt.Sprintf(`{"group_id":20001,"count":2,"message_seq":%d}`, seqs[1]), []int32{seqs[1] - 1, seqs[1]}, 0, ""},
		{"forward from the first (reverse_order)", fmt.Sprintf(`{"group_id":20001,"count":2,"message_seq":%d,"reverse_order":true}`, seqs[0]), seqs[:2], 0, ""},
		{"forward from the first (NapCat's reverseOrder)", fmt.Sprintf(`{"group_id":20001,"count":2,"message_seq":%d,"reverseOrder":true}`, seqs[0]), seqs[:2], 0, ""},
		{"count above the cap", `{"group_id":20001,"count":201}`, nil, 1400, "count"},
		{"count zero", `{"group_id":20001,"count":0}`, nil, 1400, "count"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, r := call(t, newRequest(t, "POST", srv.URL+"/get_group_msg_history", jsonType, c.body))
			if r.Retcode != c.retcode || !strings.Contains(r.Message, c.message) {
				t.Fatalf("%s: %d %q, want %d naming %q", c.body, r.Retcode, r.Message, c.retcode, c.message)
			}
			if c.retcode != 0 {
				return
			}
			var data struct {
				Messages []struct {
					RealID int32 `json:"real_id"`
				} `json:"messages"`
			}
			_ = json.Unmarshal(r.Data, &data)
			var got []int32
			for _, m := range data.Messages {
				got = append(got, m.RealID)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s: real_ids %v, want %v", c.body, got, c.want)
			}
		})
	}
}
