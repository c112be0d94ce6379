package conformance

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/onespec/onespec/gen"
)

// signGroup checks userID in on the event test server (the control API's sign_group and the
// bot's send_group_sign): once, ranked in order.
func (es *eventServer) signGroup(userID int64) {
	es.mu.Lock()
	defer es.mu.Unlock()
	for _, s := range es.signs {
		if s.UserID == userID {
			return
		}
	}
	es.signs = append(es.signs, gen.GroupSigned{UserID: userID, Nick: "someone", Time: time.Now().Unix(), Rank: int32(len(es.signs) + 1)})
}

// signAction answers the bot's check-in actions on the event test server; false for another
// path.
func (es *eventServer) signAction(w http.ResponseWriter, r *http.Request) bool {
	var data any
	switch r.URL.Path[1:] {
	case gen.ActionSendGroupSign, "set_group_sign":
		es.signGroup(es.self)
	case gen.ActionGetGroupSignedList:
		es.mu.Lock()
		data = append(gen.GroupSignedList{}, es.signs...)
		es.mu.Unlock()
	default:
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
