package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// peerFaults are the mistakes the two-account mock can make.
type peerFaults struct {
	stringGroupID bool // events carry group_id as a JSON string
	deadIDs       bool // events carry message ids the target's get_msg does not know
	noRecall      bool // recalls make no notice
}

// peerPair is an implementation with two accounts, the target (10001) and the peer (10002),
// friends and both in group 30001 (the peer its owner): what the peer does reaches the
// target's /event as the events QQ would make. Each account numbers messages its own way.
type peerPair struct {
	faults peerFaults
	mu     sync.Mutex
	subs   map[chan []byte]bool
	next   int64
	// byPeerID maps the peer's message id to the target's id and text.
	byPeerID map[int64]peerMsg
	texts    map[int64]string // the target's id -> raw text
}

type peerMsg struct {
	targetID int64
	group    int64
}

func newPeerPair(t *testing.T, faults peerFaults) (target, peer string) {
	p := &peerPair{faults: faults, subs: map[chan []byte]bool{}, next: 7000, byPeerID: map[int64]peerMsg{}, texts: map[int64]string{}}
	ts := httptest.NewServer(http.HandlerFunc(p.target))
	ps := httptest.NewServer(http.HandlerFunc(p.peer))
	t.Cleanup(ts.Close)
	t.Cleanup(ps.Close)
	return ts.URL, ps.URL
}

func ok(w http.ResponseWriter, data any) {
	w.Header().Set("Content-Type", mediaJSON)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
}

func (p *peerPair) target(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case wsPathEvent:
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ch := make(chan []byte, 64)
		p.mu.Lock()
		p.subs[ch] = true
		p.mu.Unlock()
		defer func() { p.mu.Lock(); delete(p.subs, ch); p.mu.Unlock() }()
		ctx := c.CloseRead(r.Context())
		_ = c.Write(ctx, websocket.MessageText, []byte(`{"time":1700000000,"self_id":10001,"post_type":"meta_event","meta_event_type":"lifecycle","sub_type":"connect"}`))
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-ch:
				if c.Write(ctx, websocket.MessageText, ev) != nil {
					return
				}
			}
		}
	case "/get_login_info":
		ok(w, map[string]any{"user_id": 10001, "nickname": "target"})
	case "/get_msg":
		var params struct {
			MessageID int64 `json:"message_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&params)
		p.mu.Lock()
		text, found := p.texts[params.MessageID]
		p.mu.Unlock()
		if !found {
			w.Header().Set("Content-Type", mediaJSON)
			_, _ = w.Write([]byte(`{"status":"failed","retcode":100,"data":null,"message":"no such message","wording":""}`))
			return
		}
		ok(w, map[string]any{"message_id": params.MessageID, "raw_message": text, "message": text})
	default:
		w.Header().Set("Content-Type", mediaJSON)
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"status":"failed","retcode":1404,"data":null,"message":"unknown","wording":""}`))
	}
}

func (p *peerPair) emit(ev map[string]any) {
	ev["time"], ev[fieldSelfID] = time.Now().Unix(), 10001
	if g, ok := ev[fieldGroupID]; ok && p.faults.stringGroupID {
		ev[fieldGroupID] = fmt.Sprint(g)
	}
	body, _ := json.Marshal(ev)
	p.mu.Lock()
	for ch := range p.subs {
		ch <- body
	}
	p.mu.Unlock()
}

func (p *peerPair) peer(w http.ResponseWriter, r *http.Request) {
	var params map[string]any
	_ = json.NewDecoder(r.Body).Decode(&params)
	num := func(k string) int64 { f, _ := params[k].(float64); return int64(f) }
	switch strings.TrimPrefix(r.URL.Path, "/") {
	case "get_login_info":
		ok(w, map[string]any{"user_id": 10002, "nickname": "peer"})
	case "send_private_msg", "send_group_msg":
		text, _ := params["message"].(string)
		group := num("group_id")
		p.mu.Lock()
		p.next++
		peerID, targetID := p.next, p.next+500
		p.byPeerID[peerID] = peerMsg{targetID: targetID, group: group}
		if !p.faults.deadIDs {
			p.texts[targetID] = text
		}
		p.mu.Unlock()
		sender := map[string]any{"user_id": 10002, "nickname": "peer"}
		ev := map[string]any{"post_type": "message", "message_type": "private", "sub_type": "friend", "message_id": targetID,
			"user_id": 10002, "message": text, "raw_message": text, "font": 0, "sender": sender}
		if group != 0 {
			ev["message_type"], ev["sub_type"], ev[fieldGroupID], ev["anonymous"] = "group", "normal", group, nil
		}
		p.emit(ev)
		ok(w, map[string]any{"message_id": peerID})
	case "delete_msg":
		p.mu.Lock()
		m := p.byPeerID[num("message_id")]
		p.mu.Unlock()
		if !p.faults.noRecall {
			if m.group != 0 {
				p.emit(map[string]any{"post_type": "notice", "notice_type": "group_recall", fieldGroupID: m.group, "user_id": 10002, "operator_id": 10002, "message_id": m.targetID})
			} else {
				p.emit(map[string]any{"post_type": "notice", "notice_type": "friend_recall", "user_id": 10002, "message_id": m.targetID})
			}
		}
		ok(w, nil)
	case "group_poke":
		p.emit(map[string]any{"post_type": "notice", "notice_type": "notify", "sub_type": "poke", fieldGroupID: num("group_id"), "user_id": 10002, "target_id": num("user_id")})
		ok(w, nil)
	case "set_group_ban":
		sub := "ban"
		if num("duration") == 0 {
			sub = "lift_ban"
		}
		p.emit(map[string]any{"post_type": "notice", "notice_type": "group_ban", "sub_type": sub, fieldGroupID: num("group_id"), "user_id": num("user_id"), "operator_id": 10002, "duration": num("duration")})
		ok(w, nil)
	case "get_group_member_info":
		ok(w, map[string]any{"group_id": num("group_id"), "user_id": num("user_id"), "role": "member"})
	case "set_group_admin":
		sub := "unset"
		if on, _ := params["enable"].(bool); on {
			sub = "set"
		}
		p.emit(map[string]any{"post_type": "notice", "notice_type": "group_admin", "sub_type": sub, fieldGroupID: num("group_id"), "user_id": num("user_id")})
		ok(w, nil)
	default:
		w.Header().Set("Content-Type", mediaJSON)
		_, _ = w.Write([]byte(`{"status":"failed","retcode":1404,"data":null,"message":"unknown","wording":""}`))
	}
}

// The peer checks judge a two-account implementation with no control API: a correct one
// passes every check, and each planted fault is flagged on the checks it touches, a malformed
// event judged malformed (never "never arrived").
func TestPeerChecks(t *testing.T) {
	for _, c := range []struct {
		name   string
		faults peerFaults
		fail   map[string]string // check -> a word of its finding
	}{
		{"correct", peerFaults{}, nil},
		{"group_id as a string", peerFaults{stringGroupID: true}, map[string]string{
			"peer/group-message": "group_id must be an integer", "peer/group-recall": "group_id must be an integer", "peer/poke": "group_id must be an integer",
			"peer/group-ban": "group_id must be an integer", "peer/group-admin": "group_id must be an integer"}},
		{"message ids get_msg does not know", peerFaults{deadIDs: true}, map[string]string{
			"peer/private-message": "get_msg does not answer", "peer/group-message": "get_msg does not answer"}},
		{"recalls without notices", peerFaults{noRecall: true}, map[string]string{
			"peer/friend-recall": "never arrived", "peer/group-recall": "never arrived"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			target, peer := newPeerPair(t, c.faults)
			r := run(t, Config{BaseURL: target, AllowMutations: true, GroupID: 30001, PeerURL: peer, PeerID: 10002,
				Profile: ProfileOnespec, Only: regexp.MustCompile(`^peer/`)})
			n := 0
			for _, res := range r.Results {
				if !strings.HasPrefix(res.Check, peerCheckKind+"/") {
					continue
				}
				n++
				word, wantFail := c.fail[res.Check]
				switch {
				case wantFail && (res.Status != Fail || !strings.Contains(fmt.Sprint(res.Findings), word)):
					t.Errorf("%s: %s %s %+v, want a failure saying %q", res.Check, res.Status, res.Reason, res.Findings, word)
				case !wantFail && res.Status != Pass:
					t.Errorf("%s: %s %s %+v, want PASS", res.Check, res.Status, res.Reason, res.Findings)
				}
			}
			if n != len((&suite{}).peerChecks()) {
				t.Errorf("%d peer checks ran", n)
			}
		})
	}
}

// Without --allow-mutations, with the wrong account or without a group, the peer checks skip
// saying what they need; without a peer they are not planned.
func TestPeerChecksSkipWithReason(t *testing.T) {
	target, peer := newPeerPair(t, peerFaults{})
	for _, c := range []struct {
		cfg  Config
		word string
	}{
		{Config{BaseURL: target, PeerURL: peer}, "--allow-mutations"},
		{Config{BaseURL: target, AllowMutations: true, PeerURL: peer, PeerID: 12345}, "not --peer-id 12345"},
		{Config{BaseURL: target, AllowMutations: true, PeerURL: peer}, "--group"},
	} {
		c.cfg.Only = regexp.MustCompile(`^peer/group-message$`)
		r := run(t, c.cfg)
		res := find(t, r, "peer/group-message")
		if res.Status != Skip || !strings.Contains(res.Reason, c.word) {
			t.Errorf("%+v: %s %s, want a SKIP saying %q", c.cfg, res.Status, res.Reason, c.word)
		}
	}
	r := run(t, Config{BaseURL: target, AllowMutations: true})
	for _, res := range r.Results {
		if strings.HasPrefix(res.Check, peerCheckKind+"/") {
			t.Errorf("%s planned without a peer", res.Check)
		}
	}
}
