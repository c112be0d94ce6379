package conformance

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/onespec/onespec/gen"
)

// historyAction answers get_group_msg_history on the event test server from the messages the
// world's users sent to the group there, their ids as their seqs; false for another path.
func (es *eventServer) historyAction(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path[1:] != gen.ActionGetGroupMsgHistory {
		return false
	}
	var p gen.GetGroupMsgHistoryJSONRequestBody
	_ = json.NewDecoder(r.Body).Decode(&p)
	count, seq := 20, int64(0)
	if p.Count != nil {
		count = int(*p.Count)
	}
	if p.MessageSeq != nil {
		seq = *p.MessageSeq
	}
	newer := p.ReverseOrder != nil && *p.ReverseOrder
	es.mu.Lock()
	var ids []int64
	for id, m := range es.msgs {
		if m[0] == p.GroupID && p.GroupID != 0 && (seq == 0 || (newer && id >= seq) || (!newer && id <= seq)) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if newer {
		ids = ids[:min(count, len(ids))]
	} else {
		ids = ids[max(0, len(ids)-count):]
	}
	data := gen.MsgHistoryData{Messages: []gen.GetMsgData{}}
	for _, id := range ids {
		sender, nick := es.msgs[id][1], "someone"
		group := p.GroupID
		data.Messages = append(data.Messages, gen.GetMsgData{Time: int32(time.Now().Unix()), MessageType: gen.MessageTypeGroup, MessageID: int32(id), RealID: int32(id),
			GroupID: &group, Sender: gen.Sender{UserID: &sender, Nickname: &nick}})
		_ = data.Messages[len(data.Messages)-1].Message.FromReceivedMessage0("history")
	}
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
