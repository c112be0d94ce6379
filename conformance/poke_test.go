package conformance

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// pokeAction answers the bot's group_poke and friend_poke on the event test server: the poked
// account, as a bot of the world, is told (listed by list_events); false for another path.
func (es *eventServer) pokeAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionGroupPoke && action != gen.ActionFriendPoke {
		return false
	}
	var p struct {
		UserID  int64 `json:"user_id"`
		GroupID int64 `json:"group_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	ev := map[string]any{"time": time.Now().Unix(), fieldSelfID: p.UserID, fieldPostType: postTypeNotice, fieldNoticeType: string(gen.PokeNoticeNoticeTypeNotify),
		fieldSubType: string(gen.PokeNoticeSubTypePoke), fieldUserID: es.self, fieldTargetID: p.UserID}
	if p.GroupID != 0 {
		ev[fieldGroupID] = p.GroupID
	}
	es.mu.Lock()
	es.told = append(es.told, control.EventRecord{Seq: int64(len(es.told) + 1), Event: ev})
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": nil, "message": "", "wording": ""})
	return true
}

// toldAfter lists what the world's other bots were told, for one bot, after seq.
func (es *eventServer) toldAfter(bot, seq int64) control.EventRecordList {
	es.mu.Lock()
	defer es.mu.Unlock()
	out := control.EventRecordList{}
	for _, r := range es.told {
		if r.Seq > seq && r.Event[fieldSelfID] == bot {
			out = append(out, r)
		}
	}
	return out
}
