package conformance

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/onespec/onespec/gen"
)

// readAction answers get_recent_contact (the groups the world's users spoke in, newest first,
// each with the messages after the bot's read mark unread) and mark_msg_as_read (by
// message_id) on the event test server; false for another path.
func (es *eventServer) readAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionGetRecentContact && action != gen.ActionMarkMsgAsRead {
		return false
	}
	var p struct {
		MessageID int64 `json:"message_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	if es.readUpTo == nil {
		es.readUpTo = map[int64]int64{}
	}
	var data any
	if action == gen.ActionMarkMsgAsRead {
		if group := es.msgs[p.MessageID][0]; group != 0 && !es.faults.keepUnread {
			es.readUpTo[group] = max(es.readUpTo[group], p.MessageID)
		}
	} else {
		newest, unread := map[int64]int64{}, map[int64]int32{}
		for id, m := range es.msgs {
			if g := m[0]; g != 0 {
				newest[g] = max(newest[g], id)
				if id > es.readUpTo[g] {
					unread[g]++
				}
			}
		}
		groups := make([]int64, 0, len(newest))
		for g := range newest {
			groups = append(groups, g)
		}
		slices.SortFunc(groups, func(a, b int64) int { return int(newest[b] - newest[a]) })
		list := gen.RecentContactList{}
		for _, g := range groups {
			n := unread[g]
			list = append(list, gen.RecentContact{PeerUin: strconv.FormatInt(g, 10), ChatType: gen.RecentContactChatTypeN2, MsgID: strconv.FormatInt(newest[g], 10),
				MsgTime: "0", LastestMsg: gen.GetMsgData{MessageType: gen.MessageTypeGroup, MessageID: int32(newest[g]), Sender: gen.Sender{}}, UnreadCount: &n})
			_ = list[len(list)-1].LastestMsg.Message.FromReceivedMessage0("text")
		}
		data = list
	}
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
