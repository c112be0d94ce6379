package conformance

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/onespec/onespec/gen"
)

// reactionAction answers the bot's set_msg_emoji_like and fetch_emoji_like on the event test
// server, for the messages the world's users sent there, with the notice the reference server
// sends; false for another path.
func (es *eventServer) reactionAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if action != gen.ActionSetMsgEmojiLike && action != gen.ActionFetchEmojiLike {
		return false
	}
	var p struct {
		MessageID int64           `json:"message_id"`
		EmojiID   json.RawMessage `json:"emoji_id"`
		EmojiID2  json.RawMessage `json:"emojiId"`
		Set       *bool           `json:"set"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	emoji := unquote(p.EmojiID)
	var data any
	if action == gen.ActionFetchEmojiLike {
		es.mu.Lock()
		page := gen.FetchEmojiLikeData{EmojiLikesList: []gen.EmojiLiker{}, IsFirstPage: true, IsLastPage: true}
		for _, u := range es.reactions[p.MessageID][unquote(p.EmojiID2)] {
			page.EmojiLikesList = append(page.EmojiLikesList, gen.EmojiLiker{TinyID: strconv.FormatInt(u, 10), NickName: "someone", HeadURL: "http://127.0.0.1/a.png"})
		}
		es.mu.Unlock()
		data = page
	} else {
		es.react(p.MessageID, es.self, emoji, p.Set == nil || *p.Set)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}

// unquote is a JSON string's or number's text.
func unquote(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// react puts (on) or takes back user's emoji on message id and emits the notice, with the
// emoji's count after.
func (es *eventServer) react(id, user int64, emoji string, on bool) {
	es.mu.Lock()
	if es.reactions == nil {
		es.reactions = map[int64]map[string][]int64{}
	}
	if es.reactions[id] == nil {
		es.reactions[id] = map[string][]int64{}
	}
	users := slices.DeleteFunc(es.reactions[id][emoji], func(u int64) bool { return u == user })
	if on {
		users = append(users, user)
	}
	es.reactions[id][emoji] = users
	group := es.msgs[id][0]
	es.mu.Unlock()
	es.emit(map[string]any{"time": time.Now().Unix(), fieldSelfID: es.self, fieldPostType: postTypeNotice,
		fieldNoticeType: string(gen.GroupMsgEmojiLikeNoticeNoticeTypeGroupMsgEmojiLike), fieldGroupID: group, fieldUserID: user, fieldMessageID: id,
		fieldLikes: []any{map[string]any{"emoji_id": emoji, "count": len(users)}}, fieldIsAdd: on})
}
