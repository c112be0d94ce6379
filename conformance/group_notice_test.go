package conformance

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// testNotices are the event test server's group announcements, oldest first.
type testNotices struct {
	next int64
	list []gen.GroupNotice
}

func (n *testNotices) add(group, sender int64, text string) string {
	n.next++
	id := strconv.FormatInt(5000+n.next, 10)
	n.list = append(n.list, gen.GroupNotice{SenderID: sender, PublishTime: time.Now().Unix(), NoticeID: &id,
		Message: gen.GroupNoticeMessage{Text: text, Images: []gen.GroupNoticeImage{}}})
	_ = group // one group is enough for the test server
	return id
}

// postNotice answers the control API's post_notice on the event test server.
func (es *eventServer) postNotice(p map[string]any) any {
	uid, _ := p["user_id"].(json.Number).Int64()
	gid, _ := p["group_id"].(json.Number).Int64()
	text, _ := p["content"].(string)
	es.mu.Lock()
	defer es.mu.Unlock()
	return control.WorldNoticeID{NoticeID: es.notices.add(gid, uid, text)}
}

// noticeAction answers the bot's announcement actions on the event test server; false for
// another path.
func (es *eventServer) noticeAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionSendGroupNotice && action != gen.ActionGetGroupNotice && action != gen.ActionDelGroupNotice && action != "_delete_group_notice" {
		return false
	}
	var p struct {
		GroupID  int64  `json:"group_id"`
		Content  string `json:"content"`
		NoticeID string `json:"notice_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	var data any
	switch action {
	case gen.ActionSendGroupNotice:
		data = gen.SendGroupNoticeData{NoticeID: es.notices.add(p.GroupID, es.self, p.Content)}
	case gen.ActionGetGroupNotice:
		data = append(gen.GroupNoticeList{}, es.notices.list...)
	default:
		for i, n := range es.notices.list {
			if *n.NoticeID == p.NoticeID {
				es.notices.list = append(es.notices.list[:i], es.notices.list[i+1:]...)
				break
			}
		}
	}
	es.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
