package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// remember keeps the text a world's user sent, for the id nodes of forwards.
func (es *eventServer) remember(id int64, text string) {
	if es.texts == nil {
		es.texts = map[int64]string{}
	}
	es.texts[id] = text
}

// keepForward stores a forward's nodes under a new id.
func (es *eventServer) keepForward(nodes []any) string {
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.forwards == nil {
		es.forwards = map[string][]any{}
	}
	id := fmt.Sprintf("fwd-%d", len(es.forwards)+1)
	es.forwards[id] = nodes
	return id
}

// sendForward is the control API's send_forward on the event test server: the user's forward
// reaches the bot as a group message with a forward segment.
func (es *eventServer) sendForward(id func(string) int64, p map[string]any) any {
	nodes, _ := p["nodes"].([]any)
	fwd := es.keepForward(nodes)
	es.mu.Lock()
	es.nextID++
	mid := es.nextID
	es.msgs[int64(mid)] = [2]int64{id("group_id"), id("user_id")}
	es.mu.Unlock()
	es.emit(map[string]any{"time": time.Now().Unix(), fieldSelfID: es.self, fieldPostType: postTypeMessage, fieldMessageType: "group", "sub_type": "normal",
		fieldMessageID: mid, fieldGroupID: id("group_id"), fieldUserID: id("user_id"), "anonymous": nil, "font": 0,
		"message": []any{map[string]any{"type": "forward", "data": map[string]any{"id": fwd}}}, fieldRawMessage: "[CQ:forward,id=" + fwd + "]",
		"sender": map[string]any{"user_id": id("user_id"), "nickname": "someone"}})
	return control.WorldForward{MessageID: mid, ForwardID: fwd}
}

// forwardAction answers the bot's send_group_forward_msg (id nodes copied from the users'
// messages) and get_forward_msg on the event test server; false for another path.
func (es *eventServer) forwardAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionSendGroupForwardMsg && action != gen.ActionGetForwardMsg {
		return false
	}
	var p struct {
		ID       string `json:"id"`
		Messages []any  `json:"messages"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	var data any
	switch action {
	case gen.ActionSendGroupForwardMsg:
		nodes := make([]any, 0, len(p.Messages))
		for _, n := range p.Messages {
			node, _ := n.(map[string]any)
			d, _ := node["data"].(map[string]any)
			if ref, ok := d["id"].(string); ok {
				var mid int64
				_, _ = fmt.Sscan(ref, &mid)
				es.mu.Lock()
				text := es.texts[mid]
				es.mu.Unlock()
				n = map[string]any{"type": "node", "data": map[string]any{"user_id": "1", "nickname": "someone", "content": text}}
			}
			nodes = append(nodes, n)
		}
		id := es.keepForward(nodes)
		es.mu.Lock()
		es.nextID++
		data = gen.SendForwardMsgData{MessageID: es.nextID, ForwardID: &id}
		es.mu.Unlock()
	case gen.ActionGetForwardMsg:
		es.mu.Lock()
		nodes := es.forwards[p.ID]
		es.mu.Unlock()
		if es.faults.flatForward {
			nodes = flatten(nodes)
		}
		data = map[string]any{"message": nodes}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}

// flatten puts a nested forward's nodes in place of the node holding them: the fault of a
// target that loses the nesting.
func flatten(nodes []any) []any {
	var out []any
	for _, n := range nodes {
		node, _ := n.(map[string]any)
		d, _ := node["data"].(map[string]any)
		if inner, ok := d["content"].([]any); ok && len(inner) > 0 {
			if first, _ := inner[0].(map[string]any); first["type"] == "node" {
				out = append(out, flatten(inner)...)
				continue
			}
		}
		out = append(out, n)
	}
	return out
}
