package conformance

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// upstream is a small OneBot implementation for the proxy tests: get_login_info over HTTP and
// forward WebSocket, and the events it is told to push on every new WebSocket connection.
type upstream struct {
	loginData string   // data of get_login_info's answer
	events    [][]byte // pushed to each forward WebSocket client after its first call's answer
}

func (u *upstream) answer(echo json.RawMessage) []byte {
	a := `{"status":"ok","retcode":0,"data":` + u.loginData + `,"message":"","wording":""`
	if echo != nil {
		a += `,"echo":` + string(echo)
	}
	return []byte(a + "}")
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		for {
			_, frame, err := c.Read(ctx)
			if err != nil {
				return
			}
			var call struct{ Echo json.RawMessage }
			_ = json.Unmarshal(frame, &call)
			if err := c.Write(ctx, websocket.MessageText, u.answer(call.Echo)); err != nil {
				return
			}
			for _, ev := range u.events {
				if err := c.Write(ctx, websocket.MessageText, ev); err != nil {
					return
				}
			}
		}
	}
	if r.URL.Path != "/get_login_info" {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"status":"failed","retcode":1404,"data":null,"message":"unknown action","wording":""}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(u.answer(nil))
}

// groupMessage is the spec's own example of a group message event, with change applied.
func groupMessage(t *testing.T, change func(map[string]any)) []byte {
	t.Helper()
	schema := mustCatalogue(t).schema("GroupMessageEvent")
	if schema == nil || schema.Example == nil {
		t.Fatal("the spec has no GroupMessageEvent example")
	}
	raw, _ := json.Marshal(schema.Example)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(m)
	}
	out, _ := json.Marshal(m)
	return out
}

func newProxy(t *testing.T, cfg ProxyConfig) *Proxy {
	t.Helper()
	p, err := NewProxy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func resultOf(t *testing.T, p *Proxy, check string) Result {
	t.Helper()
	for _, r := range p.Report().Results {
		if r.Check == check {
			return r
		}
	}
	t.Fatalf("no result %s in %+v", check, p.Report().Results)
	return Result{}
}

// waitResult waits until check has judged n exchanges (frames are judged after they are
// relayed, so a client may read one before its verdict is in).
func waitResult(t *testing.T, p *Proxy, check string, n int) Result {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		p.mu.Lock()
		o := p.results[check]
		seen := 0
		if o != nil {
			seen = o.seen
		}
		p.mu.Unlock()
		if seen >= n || time.Now().After(deadline) {
			return resultOf(t, p, check)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func hasFindingAt(r Result, path string) bool {
	for _, f := range r.Findings {
		if f.Path == path {
			return true
		}
	}
	return false
}

// Over HTTP the bot gets the implementation's answer byte for byte, and the answer is judged.
func TestProxyHTTP(t *testing.T) {
	for _, c := range []struct {
		name, data string
		want       Status
		path       string
	}{
		{"conforming", `{"user_id":10001,"nickname":"bot"}`, Pass, ""},
		{"user_id as a string", `{"user_id":"10001","nickname":"bot"}`, Fail, "data.user_id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			up := &upstream{loginData: c.data}
			impl := httptest.NewServer(up)
			defer impl.Close()
			p := newProxy(t, ProxyConfig{Upstream: impl.URL})
			front := httptest.NewServer(p)
			defer front.Close()
			resp, err := http.Post(front.URL+"/get_login_info", "application/json", strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(got) != string(up.answer(nil)) {
				t.Errorf("the bot got %s, the implementation sent %s", got, up.answer(nil))
			}
			r := resultOf(t, p, "answer/get_login_info")
			if r.Status != c.want || (c.path != "" && !hasFindingAt(r, c.path)) {
				t.Errorf("status %s findings %+v, want %s at %q", r.Status, r.Findings, c.want, c.path)
			}
			if c.want == Fail && (r.Request == "" || !strings.Contains(r.Response, `"10001"`)) {
				t.Errorf("the offending exchange is not shown: request %q response %q", r.Request, r.Response)
			}
			// An action no family knows is listed, not judged a violation of the implementation.
			resp, err = http.Post(front.URL+"/no_such_action", "application/json", strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if u := resultOf(t, p, "unknown/no_such_action"); u.Status == Fail {
				t.Errorf("an unknown action failed the implementation: %+v", u)
			}
		})
	}
}

// Over forward WebSocket answers are paired with calls by echo and events are judged by the
// schema of their kind; a malformed event is judged malformed.
func TestProxyForwardWebSocket(t *testing.T) {
	up := &upstream{loginData: `{"user_id":10001,"nickname":"bot"}`}
	up.events = [][]byte{
		groupMessage(t, nil),
		groupMessage(t, func(m map[string]any) { m["group_id"] = "20001" }),
		[]byte(`{"time":1700000000,"self_id":10001,"post_type":"notice","notice_type":"some_family_extension"}`),
	}
	impl := httptest.NewServer(up)
	defer impl.Close()
	p := newProxy(t, ProxyConfig{Upstream: impl.URL})
	front := httptest.NewServer(p)
	defer front.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(front.URL, "http")+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"action":"get_login_info","params":{},"echo":"e1"}`)); err != nil {
		t.Fatal(err)
	}
	for i := range 1 + len(up.events) {
		_, frame, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := up.answer(json.RawMessage(`"e1"`))
		if i > 0 {
			want = up.events[i-1]
		}
		if string(frame) != string(want) {
			t.Errorf("frame %d: got %s, want %s unchanged", i, frame, want)
		}
	}
	c.Close(websocket.StatusNormalClosure, "")
	// Judged after relaying: wait for the verdicts.
	if r := waitResult(t, p, "answer/get_login_info", 1); r.Status != Pass {
		t.Errorf("answer: %+v", r)
	}
	waitResult(t, p, "event/notice.some_family_extension", 1)
	r := waitResult(t, p, "event/message.group", 2)
	if r.Status != Fail || !hasFindingAt(r, "group_id") || !strings.HasPrefix(r.Reason, "1 of 2") {
		t.Errorf("event: %+v", r)
	}
	if r := resultOf(t, p, "event/notice.some_family_extension"); r.Status == Fail {
		t.Errorf("an event kind the spec does not describe failed: %+v", r)
	}
}

// Events posted by the implementation reach the bot unchanged, the bot's quick operation
// comes back unchanged, and a post without X-Self-ID is a finding.
func TestProxyPost(t *testing.T) {
	var got []byte
	var gotHeader http.Header
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		gotHeader = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"reply":"hi"}`)
	}))
	defer bot.Close()
	p := newProxy(t, ProxyConfig{Upstream: "http://127.0.0.1:1", PostTo: bot.URL})
	post := httptest.NewServer(p.Post())
	defer post.Close()
	ev := groupMessage(t, nil)
	for _, selfHeader := range []string{"10001", ""} {
		req, _ := http.NewRequest(http.MethodPost, post.URL, strings.NewReader(string(ev)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature", "sha1=abc")
		if selfHeader != "" {
			req.Header.Set("X-Self-ID", selfHeader)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(answer) != `{"reply":"hi"}` || string(got) != string(ev) || gotHeader.Get("X-Signature") != "sha1=abc" {
			t.Errorf("not relayed unchanged: the bot got %s (%v), the implementation %s", got, gotHeader, answer)
		}
	}
	r := resultOf(t, p, "event/message.group")
	if r.Status != Fail || !hasFindingAt(r, "X-Self-ID") || !strings.HasPrefix(r.Reason, "1 of 2") {
		t.Errorf("%+v", r)
	}
}

// A reverse WebSocket: the implementation connects to the proxy, which connects to the bot;
// the bot's calls reach the implementation and its answers come back judged.
func TestProxyReverseWebSocket(t *testing.T) {
	answered := make(chan []byte, 1)
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Self-ID") != "10001" {
			http.Error(w, "no X-Self-ID", http.StatusBadRequest)
			return
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		_ = c.Write(ctx, websocket.MessageText, []byte(`{"action":"get_login_info","params":{},"echo":{"n":1}}`))
		_, frame, err := c.Read(ctx)
		if err == nil {
			answered <- frame
		}
		c.Close(websocket.StatusNormalClosure, "")
	}))
	defer bot.Close()
	p := newProxy(t, ProxyConfig{Upstream: "http://127.0.0.1:1", ReverseTo: "ws" + strings.TrimPrefix(bot.URL, "http")})
	rev := httptest.NewServer(p.Reverse())
	defer rev.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	impl, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(rev.URL, "http")+"/onebot/v11/ws",
		&websocket.DialOptions{HTTPHeader: http.Header{"X-Self-ID": {"10001"}, "X-Client-Role": {"Universal"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer impl.CloseNow()
	_, call, err := impl.Read(ctx)
	if err != nil || !strings.Contains(string(call), "get_login_info") {
		t.Fatalf("the bot's call did not reach the implementation: %s %v", call, err)
	}
	// The implementation answers with user_id as a string and an echo changed to a string.
	answer := `{"status":"ok","retcode":0,"data":{"user_id":"10001","nickname":"bot"},"message":"","wording":"","echo":"{\"n\":1}"}`
	if err := impl.Write(ctx, websocket.MessageText, []byte(answer)); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-answered:
		if string(got) != answer {
			t.Errorf("the bot got %s, want %s", got, answer)
		}
	case <-ctx.Done():
		t.Fatal("the answer never reached the bot")
	}
	r := waitResult(t, p, "answer/get_login_info", 1)
	if r.Status != Fail || !hasFindingAt(r, "data.user_id") || !hasFindingAt(r, "echo") {
		t.Errorf("%+v", r)
	}
}

// The live report is served as HTML that reloads itself, and as JSON.
func TestProxyReportPage(t *testing.T) {
	up := &upstream{loginData: `{"user_id":"x","nickname":"bot"}`}
	impl := httptest.NewServer(up)
	defer impl.Close()
	p := newProxy(t, ProxyConfig{Upstream: impl.URL})
	front := httptest.NewServer(p)
	defer front.Close()
	resp, err := http.Post(front.URL+"/get_login_info", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range []struct{ query, want string }{{"", `http-equiv="refresh"`}, {"?format=json", `"answer/get_login_info"`}} {
		resp, err := http.Get(front.URL + ProxyPath + c.query)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(page), c.want) {
			t.Errorf("%s%s lacks %s", ProxyPath, c.query, c.want)
		}
	}
}
