package conformance

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/onespec/onespec/gen"
)

// testJoinRequest is a join request the event test server's world received, and its answer.
type testJoinRequest struct {
	flag        string
	group, user int64
	checked     bool
	actor       int64
	approved    bool
}

// requested notes a join request the control API sent on the event test server.
func (es *eventServer) requested(flag string, group, user int64) {
	es.mu.Lock()
	defer es.mu.Unlock()
	es.joins = append(es.joins, &testJoinRequest{flag: flag, group: group, user: user})
}

// systemMsgAction answers get_group_system_msg, and set_group_add_request for a join request
// it knows, on the event test server; false for another path or request.
func (es *eventServer) systemMsgAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionGetGroupSystemMsg && action != gen.ActionSetGroupAddRequest {
		return false
	}
	var p struct {
		Flag    string `json:"flag"`
		Approve *bool  `json:"approve"`
	}
	// A request this server does not know goes on to the backend, with its body.
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	_ = json.Unmarshal(body, &p)
	es.mu.Lock()
	defer es.mu.Unlock()
	var data any
	if action == gen.ActionGetGroupSystemMsg {
		joins := []gen.GroupSystemRequest{}
		for i := len(es.joins) - 1; i >= 0; i-- {
			j := es.joins[i]
			state := gen.GroupSystemRequestStatePending
			if j.checked {
				state = map[bool]gen.GroupSystemRequestState{true: gen.GroupSystemRequestStateApproved, false: gen.GroupSystemRequestStateRefused}[j.approved]
			}
			joins = append(joins, gen.GroupSystemRequest{RequestID: int64(i + 1), Flag: &j.flag, RequesterUin: &j.user, GroupID: j.group,
				Checked: j.checked, Actor: j.actor, State: &state})
		}
		data = gen.GroupSystemMsg{InvitedRequests: &[]gen.GroupSystemRequest{}, JoinRequests: &joins}
	} else {
		i := -1
		for k, j := range es.joins {
			if j.flag == p.Flag {
				i = k
			}
		}
		if i < 0 {
			return false
		}
		es.joins[i].checked, es.joins[i].actor, es.joins[i].approved = true, es.self, p.Approve == nil || *p.Approve
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
