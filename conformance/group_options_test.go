package conformance

import (
	"encoding/json"
	"net/http"

	"github.com/onespec/onespec/gen"
)

// optionsAction answers the options actions on the event test server: the invite policy per
// group, QQ's default until set; false for another path.
func (es *eventServer) optionsAction(w http.ResponseWriter, r *http.Request) bool {
	path := r.URL.Path[1:]
	if path != gen.ActionSetGroupMemberInvitePolicy && path != gen.ActionGetGroupInfoEx {
		return false
	}
	var p struct {
		GroupID int64  `json:"group_id"`
		Policy  string `json:"policy"`
	}
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return true
	}
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.invitePolicies == nil {
		es.invitePolicies = map[int64]string{}
	}
	var data any
	if path == gen.ActionSetGroupMemberInvitePolicy {
		es.invitePolicies[p.GroupID] = p.Policy
	} else {
		policy, ok := es.invitePolicies[p.GroupID]
		if !ok {
			policy = "require_approval"
		}
		data = gen.GroupInfoEx{GroupID: p.GroupID, AddType: 2, MemberInvitePolicy: gen.GroupInfoExMemberInvitePolicy(policy),
			AllowMemberUploadAlbum: true, AllowMemberTemporarySession: true, AllowMemberCreateGroup: true, NewMemberHistoryVisible: true, MsgMask: 1,
			SilencedBots: []int64{}}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
