package conformance

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/onespec/onespec/gen"
)

// accountsState is what the event test server keeps of the bot's friends and profile: the
// remarks it set, the likes given, its nickname once set.
type accountsState struct {
	mu       sync.Mutex
	remarks  map[int64]string
	category map[int64]int32
	likes    map[int64]int32
	nickname string
}

func (es *eventServer) accountsState() *accountsState {
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.accounts == nil {
		es.accounts = &accountsState{remarks: map[int64]string{}, category: map[int64]int32{}, likes: map[int64]int32{}}
	}
	return es.accounts
}

// accountsAction answers the bot's remark, like and profile actions on the event test server
// as the reference server does; false for another path (get_stranger_info of another account
// than the bot goes on to the backend).
func (es *eventServer) accountsAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	switch action {
	case gen.ActionSetFriendCategory, gen.ActionGetFriendsWithCategory, gen.ActionSetFriendRemark, gen.ActionGetFriendList, gen.ActionSendLike, gen.ActionGetProfileLike, gen.ActionSetQqProfile, gen.ActionGetStrangerInfo:
	default:
		return false
	}
	var p struct {
		UserID   int64  `json:"user_id"`
		Category int32  `json:"category_id"`
		Remark   string `json:"remark"`
		Times    int32  `json:"times"`
		Nickname string `json:"nickname"`
	}
	body, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(body, &p)
	st := es.accountsState()
	st.mu.Lock()
	passOn := (action == gen.ActionGetStrangerInfo && p.UserID != es.self) || (action == gen.ActionGetFriendList && len(st.remarks) == 0)
	st.mu.Unlock()
	// Another account's profile, and the friends before any remark (discovery), are the
	// backend's.
	if passOn {
		r.Body = io.NopCloser(bytes.NewReader(body)) // on to the backend
		return false
	}
	st.mu.Lock()
	var data any
	switch action {
	case gen.ActionSetFriendCategory:
		st.category[p.UserID] = p.Category
	case gen.ActionGetFriendsWithCategory:
		cats := gen.FriendCategoryList{{CategoryID: 0, CategoryName: "我的好友", BuddyList: []gen.FriendInfo{}}, {CategoryID: 1, CategoryName: "同学", BuddyList: []gen.FriendInfo{}}}
		for id, c := range st.category {
			cats[c].BuddyList = append(cats[c].BuddyList, gen.FriendInfo{UserID: id, Nickname: "someone"})
			cats[c].CategoryMbCount++
		}
		data = cats
	case gen.ActionSetFriendRemark:
		st.remarks[p.UserID] = p.Remark
	case gen.ActionGetFriendList:
		list := gen.FriendList{}
		for id, remark := range st.remarks {
			list = append(list, gen.FriendInfo{UserID: id, Nickname: "someone", Remark: remark})
		}
		data = list
	case gen.ActionSendLike:
		st.likes[p.UserID] += max(p.Times, 1)
	case gen.ActionGetProfileLike:
		data = gen.ProfileLikeData{UID: "u_1", Time: "0", VoteInfo: gen.ProfileLikeVotes{TotalCount: st.likes[p.UserID], UserInfos: []gen.ProfileLikeUser{}},
			FavoriteInfo: gen.ProfileLikeFavorites{UserInfos: []gen.ProfileLikeUser{}}}
	case gen.ActionSetQqProfile:
		st.nickname = p.Nickname
	case gen.ActionGetStrangerInfo:
		data = gen.StrangerInfo{UserID: es.self, Nickname: cmp.Or(st.nickname, "bot"), Sex: gen.SexUnknown}
	}
	st.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}
