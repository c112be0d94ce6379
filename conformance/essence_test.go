package conformance

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/onespec/onespec/gen"
)

// essenceAction answers the bot's essence actions on the event test server, for the messages
// the world's users sent there, with the notice the reference server sends; false for another
// path.
func (es *eventServer) essenceAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionSetEssenceMsg && action != gen.ActionDeleteEssenceMsg && action != gen.ActionGetEssenceMsgList {
		return false
	}
	var p struct {
		MessageID int64 `json:"message_id"`
		GroupID   int64 `json:"group_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	var data any
	if action == gen.ActionGetEssenceMsgList {
		list := gen.EssenceMsgList{}
		for id := range es.essences {
			if m := es.msgs[id]; m[0] == p.GroupID {
				list = append(list, gen.EssenceMsg{SenderID: m[1], SenderNick: "someone", OperatorID: es.self, OperatorNick: "bot", OperatorTime: time.Now().Unix(), MessageID: int32(id)})
			}
		}
		data = list
	} else {
		m := es.msgs[p.MessageID]
		es.essences[p.MessageID] = action == gen.ActionSetEssenceMsg
		if action == gen.ActionDeleteEssenceMsg {
			delete(es.essences, p.MessageID)
		}
		es.mu.Unlock()
		es.emitEssence(m[0], p.MessageID, m[1], es.self, action == gen.ActionSetEssenceMsg)
		es.mu.Lock()
	}
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}

// emitEssence emits the essence notice of a message set (on) or removed by operator.
func (es *eventServer) emitEssence(group, id, sender, operator int64, on bool) {
	sub := gen.EssenceNoticeSubTypeAdd
	if !on {
		sub = gen.EssenceNoticeSubTypeDelete
	}
	es.emit(map[string]any{"time": time.Now().Unix(), fieldSelfID: es.self, fieldPostType: postTypeNotice, fieldNoticeType: string(gen.EssenceNoticeNoticeTypeEssence),
		fieldSubType: string(sub), fieldGroupID: group, fieldSenderID: sender, fieldOperatorID: operator, fieldMessageID: id})
}
