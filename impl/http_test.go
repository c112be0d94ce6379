package impl_test

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

var fixedNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func newServer(t *testing.T, opts impl.Options) *httptest.Server {
	srv, _ := newServerWorld(t, opts)
	return srv
}

// seededWorld is the default world on a fresh in-memory store.
func seededWorld(t testing.TB, now func() time.Time) *world.World {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// Media kept on disk, as onespec serve keeps them in its data directory: images the bots
	// receive are in the world's file cache (get_image, ocr_image).
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w := world.New(st, world.Options{Now: now, Retention: world.DefaultRetention, Media: media})
	if err := world.Seed(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	return w
}

func newServerWorld(t *testing.T, opts impl.Options) (*httptest.Server, *world.World) {
	t.Helper()
	w := seededWorld(t, func() time.Time { return fixedNow })
	srv := httptest.NewServer(handler(t, w, opts))
	t.Cleanup(srv.Close)
	w.SetMediaURLBase(srv.URL) // the media URLs it answers are its own
	return srv, w
}

// handler is the HTTP API of a reference server on w; its deferred work is shut down when the
// test ends.
func handler(t testing.TB, w *world.World, opts impl.Options) http.Handler {
	t.Helper()
	opts.StreamDir = cmp.Or(opts.StreamDir, t.TempDir()) // stream uploads go with the test
	api, err := impl.New(w, nil).API(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = api.Dispatcher.Shutdown(context.Background()) })
	return api.HTTP
}

type reply struct {
	Status  string          `json:"status"`
	Retcode int             `json:"retcode"`
	Data    json.RawMessage `json:"data"`
	Message string          `json:"message"`
	Wording string          `json:"wording"`
	Echo    json.RawMessage `json:"echo"`
}

// call sends one HTTP request and decodes the envelope (every answer, errors included, is one).
func call(t *testing.T, req *http.Request) (int, reply) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var r reply
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("%s %s: body is not a JSON envelope: %q", req.Method, req.URL, raw)
	}
	return res.StatusCode, r
}

func newRequest(t *testing.T, method, target, contentType, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

const (
	jsonType = "application/json"
	formType = "application/x-www-form-urlencoded"
)

// The standard's three ways to pass parameters, and the leniency real clients need.
func TestTransportForms(t *testing.T) {
	srv := newServer(t, impl.Options{})
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		wantHTTP    int
		wantRetcode int
		wantData    string // substring of data
		wantEcho    string
	}{
		{"JSON body", "POST", "/get_group_info", jsonType, `{"group_id":20001}`, 200, 0, `"group_name":"onespec 测试群"`, ""},
		{"JSON with numeric string", "POST", "/get_group_info", jsonType, `{"group_id":"20001"}`, 200, 0, `"group_id":20001`, ""},
		{"form body", "POST", "/get_group_member_info", formType, "group_id=20001&user_id=10002&no_cache=true", 200, 0, `"card":"班长"`, ""},
		{"GET query", "GET", "/get_group_member_info?group_id=20001&user_id=10003", "", "", 200, 0, `"nickname":"小红"`, ""},
		{"trailing slash", "GET", "/get_login_info/", "", "", 200, 0, `"user_id":10001`, ""},
		{"no Content-Type is JSON", "POST", "/get_group_info", "", `{"group_id":20002}`, 200, 0, `"group_id":20002`, ""},
		{"null body (ZeroBot)", "POST", "/get_login_info", "", `null`, 200, 0, `"user_id":10001`, ""},
		{"empty body", "POST", "/get_friend_list", jsonType, ``, 200, 0, `"remark":"同学小明"`, ""},
		{"JSON labelled as form (curl -d)", "POST", "/get_group_info", formType, `{"group_id":20001}`, 200, 0, `"group_id":20001`, ""},
		{"charset in Content-Type", "POST", "/get_group_info", "application/json; charset=utf-8", `{"group_id":20001}`, 200, 0, `"group_id":20001`, ""},
		{"boolean as string 0", "POST", "/get_group_list", jsonType, `{"no_cache":"0"}`, 200, 0, `"group_id":20001`, ""},
		{"numeric echo", "POST", "/get_login_info", jsonType, `{"echo":123}`, 200, 0, ``, `123`},
		{"object echo", "POST", "/get_login_info", jsonType, `{"echo":{"seq":1,"tag":"x"}}`, 200, 0, ``, `{"seq":1,"tag":"x"}`},
		{"echo on a failed call", "POST", "/get_msg", jsonType, `{"message_id":999,"echo":"e1"}`, 200, 102, ``, `"e1"`},
		{"forward by id", "POST", "/get_forward_msg", jsonType, `{"id":"FORWARD_1"}`, 200, 0, `"nickname":"小明"`, ""},
		{"forward by the message_id alias", "POST", "/get_forward_msg", jsonType, `{"message_id":"FORWARD_1"}`, 200, 0, `"nickname":"小明"`, ""},
		{"forward without either id", "POST", "/get_forward_msg", jsonType, `{}`, 200, 1400, ``, ""},
		{"invalid integer", "POST", "/get_group_info", jsonType, `{"group_id":"abc"}`, 200, 1400, ``, ""},
		{"missing parameter", "POST", "/get_group_info", jsonType, `{}`, 200, 1400, ``, ""},
		{"malformed JSON", "POST", "/get_group_info", jsonType, `{"group_id":`, 400, 1400, ``, ""},
		{"JSON that is not an object", "POST", "/get_group_info", jsonType, `[1,2]`, 400, 1400, ``, ""},
		{"two JSON values", "POST", "/get_group_info", jsonType, `{} {}`, 400, 1400, ``, ""},
		{"unsupported Content-Type", "POST", "/get_login_info", "text/plain", `x`, 406, 1400, ``, ""},
		{"garbled Content-Type", "POST", "/get_login_info", ";;;", `{}`, 406, 1400, ``, ""},
		{"unknown action", "POST", "/send_msgg", jsonType, `{}`, 404, 1404, ``, ""},
		{"unknown action by GET", "GET", "/no_such_action", "", "", 404, 1404, ``, ""},
		{"root path", "GET", "/", "", "", 404, 1404, ``, ""},
		{"PUT is not allowed", "PUT", "/get_login_info", jsonType, `{}`, 405, 1400, ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, r := call(t, newRequest(t, tt.method, srv.URL+tt.path, tt.contentType, tt.body))
			if code != tt.wantHTTP || r.Retcode != tt.wantRetcode {
				t.Fatalf("HTTP %d retcode %d (%s), want HTTP %d retcode %d", code, r.Retcode, r.Message, tt.wantHTTP, tt.wantRetcode)
			}
			wantStatus := "ok"
			if tt.wantRetcode != 0 {
				wantStatus = "failed"
				if r.Message == "" || r.Wording == "" {
					t.Errorf("a failure needs a message and a wording: %+v", r)
				}
				if string(r.Data) != "null" {
					t.Errorf("failed answers carry null data, got %s", r.Data)
				}
			}
			if r.Status != wantStatus {
				t.Errorf("status %q, want %q", r.Status, wantStatus)
			}
			if !strings.Contains(string(r.Data), tt.wantData) {
				t.Errorf("data %s does not contain %s", r.Data, tt.wantData)
			}
			if string(r.Echo) != tt.wantEcho {
				t.Errorf("echo %s, want %q", r.Echo, tt.wantEcho)
			}
		})
	}
}

func TestInvalidParameterMessageNamesTheField(t *testing.T) {
	srv := newServer(t, impl.Options{})
	tests := []struct{ body, want string }{
		{`{"group_id":"abc"}`, "group_id"},
		{`{"group_id":20001,"message":[{"type":"at","data":{}}]}`, `message.0.data: property "qq" is missing`},
		{`{"group_id":20001,"message":[{"type":"nope","data":{}}]}`, `message.0.type: unknown value "nope"`},
		{`{"group_id":9223372036854775808,"message":"x"}`, "group_id: must be an integer between"},
		{`{"group_id":-9223372036854775809,"message":"x"}`, "group_id: must be an integer between"},
	}
	for _, tt := range tests {
		path := "/send_group_msg"
		_, r := call(t, newRequest(t, "POST", srv.URL+path, jsonType, tt.body))
		if r.Retcode != 1400 || !strings.Contains(r.Message, tt.want) {
			t.Errorf("%s: retcode %d message %q, want 1400 naming %q", tt.body, r.Retcode, r.Message, tt.want)
		}
	}
}

func TestAccessToken(t *testing.T) {
	srv := newServer(t, impl.Options{AccessToken: "s3cret"})
	tests := []struct {
		name     string
		header   string
		query    string
		wantHTTP int
		wantRC   int
	}{
		{"none", "", "", 401, 1401},
		{"Bearer", "Bearer s3cret", "", 200, 0},
		{"Token scheme (go-cqhttp reverse WS)", "Token s3cret", "", 200, 0},
		{"wrong Bearer", "Bearer nope", "", 403, 1403},
		{"query", "", "access_token=s3cret", 200, 0},
		{"wrong query", "", "access_token=x", 403, 1403},
		{"header wins over query", "Bearer nope", "access_token=s3cret", 403, 1403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := srv.URL + "/get_login_info"
			if tt.query != "" {
				target += "?" + tt.query
			}
			req := newRequest(t, "POST", target, jsonType, `{}`)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			code, r := call(t, req)
			if code != tt.wantHTTP || r.Retcode != tt.wantRC {
				t.Errorf("HTTP %d retcode %d, want %d/%d", code, r.Retcode, tt.wantHTTP, tt.wantRC)
			}
		})
	}
	// The token query parameter is not a parameter of the action.
	code, r := call(t, newRequest(t, "GET", srv.URL+"/get_group_info?group_id=20001&access_token=s3cret", "", ""))
	if code != 200 || r.Retcode != 0 {
		t.Errorf("GET with access_token: HTTP %d retcode %d %s", code, r.Retcode, r.Message)
	}
}

// Defaults come from the spec: set_group_ban without duration mutes for the standard's 1800 s,
// set_group_whole_ban without enable turns the ban on.
func TestSpecDefaultsApply(t *testing.T) {
	srv, w := newServerWorld(t, impl.Options{})
	post := func(action string, params url.Values) reply {
		_, r := call(t, newRequest(t, "POST", srv.URL+"/"+action, formType, params.Encode()))
		return r
	}
	if r := post("set_group_ban", url.Values{"group_id": {"20001"}, "user_id": {"10003"}}); r.Retcode != 0 {
		t.Fatalf("set_group_ban: %+v", r)
	}
	if m, _ := w.Bot(0).MemberInfo(context.Background(), 20001, 10003); m.MutedUntil != fixedNow.Unix()+1800 {
		t.Fatalf("muted until %d, want now+1800 (the spec's default)", m.MutedUntil)
	}
	if r := post("set_group_ban", url.Values{"group_id": {"20001"}, "user_id": {"10003"}, "duration": {"0"}}); r.Retcode != 0 {
		t.Fatalf("lift: %+v", r)
	}
	if m, _ := w.Bot(0).MemberInfo(context.Background(), 20001, 10003); m.MutedUntil != 0 {
		t.Fatalf("duration 0 must lift the mute, muted until %d", m.MutedUntil)
	}
	if r := post("set_group_whole_ban", url.Values{"group_id": {"20001"}}); r.Retcode != 0 {
		t.Fatalf("set_group_whole_ban: %+v", r)
	}
	if r := post("send_group_msg", url.Values{"group_id": {"20001"}, "message": {"still here"}}); r.Retcode != 0 {
		t.Fatalf("the owner speaks through a whole ban: %+v", r)
	}
	if r := post("set_group_whole_ban", url.Values{"group_id": {"20002"}}); r.Retcode != 103 {
		t.Fatalf("whole ban in a group where the bot is a member: %+v", r)
	}
}

func TestMessageRoundTrip(t *testing.T) {
	srv := newServer(t, impl.Options{})
	post := func(action, body string) reply {
		_, r := call(t, newRequest(t, "POST", srv.URL+"/"+action, jsonType, body))
		return r
	}
	sent := post("send_msg", `{"group_id":20001,"message":"早[CQ:face,id=14]&#91;x&#93;"}`)
	if sent.Retcode != 0 {
		t.Fatalf("send_msg: %+v", sent)
	}
	var id struct {
		MessageID int32 `json:"message_id"`
	}
	_ = json.Unmarshal(sent.Data, &id)
	got := post("get_msg", `{"message_id":`+jsonInt(id.MessageID)+`}`)
	want := `[{"type":"text","data":{"text":"早"}},{"type":"face","data":{"id":"14"}},{"type":"text","data":{"text":"[x]"}}]`
	var data struct {
		Message     json.RawMessage `json:"message"`
		MessageType string          `json:"message_type"`
	}
	_ = json.Unmarshal(got.Data, &data)
	if string(data.Message) != want || data.MessageType != "group" {
		t.Fatalf("get_msg: %s", got.Data)
	}
	if r := post("delete_msg", `{"message_id":`+jsonInt(id.MessageID)+`}`); r.Retcode != 0 {
		t.Fatalf("delete_msg: %+v", r)
	}
	if r := post("get_msg", `{"message_id":`+jsonInt(id.MessageID)+`}`); r.Retcode != 102 || r.Status != "failed" {
		t.Fatalf("get_msg after delete: %+v", r)
	}
	if r := post("send_msg", `{"message":"hi"}`); r.Retcode != 1400 {
		t.Fatalf("send_msg without a target: %+v", r)
	}
	if r := post("send_private_msg", `{"user_id":10005,"message":"hi"}`); r.Retcode != 102 {
		t.Fatalf("private message to a stranger: %+v", r)
	}
	if r := post("send_private_msg", `{"user_id":10005,"group_id":20001,"message":"hi"}`); r.Retcode != 0 {
		t.Fatalf("temporary session through a group: %+v", r)
	}
	if r := post("send_private_msg", `{"user_id":10002,"message":"[CQ:face,id=1]","auto_escape":true}`); r.Retcode != 0 {
		t.Fatalf("auto_escape: %+v", r)
	}
}

func jsonInt(i int32) string {
	raw, _ := json.Marshal(i)
	return string(raw)
}

// The standard's _async and _rate_limited suffixes: the call is answered at once with status
// async, and the action runs afterwards.
func TestDeferredSuffixes(t *testing.T) {
	srv, w := newServerWorld(t, impl.Options{})
	tests := []struct {
		name, path, body string
		wantHTTP, wantRC int
		wantStatus       string
	}{
		{"async", "/send_group_msg_async", `{"group_id":20001,"message":"异步","echo":"a1"}`, 200, 1, "async"},
		{"rate limited", "/send_private_msg_rate_limited", `{"user_id":10002,"message":"限速"}`, 200, 1, "async"},
		{"parameters are checked before answering", "/send_group_msg_async", `{"group_id":"x","message":"m"}`, 200, 1400, "failed"},
		{"unknown base action", "/no_such_action_async", `{}`, 404, 1404, "failed"},
		{"the suffix alone is no action", "/_async", `{}`, 404, 1404, "failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, r := call(t, newRequest(t, "POST", srv.URL+tt.path, jsonType, tt.body))
			if code != tt.wantHTTP || r.Retcode != tt.wantRC || r.Status != tt.wantStatus || string(r.Data) != "null" {
				t.Fatalf("HTTP %d %+v, want HTTP %d status %s retcode %d", code, r, tt.wantHTTP, tt.wantStatus, tt.wantRC)
			}
		})
	}
	// Both deferred sends reach the world (the queue runs within its interval).
	deadline := time.Now().Add(5 * time.Second)
	sent := func() int64 {
		st, err := w.Bot(0).Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st.MessagesSent
	}
	for sent() < 3 && time.Now().Before(deadline) { // 1002 from the seed + 2
		time.Sleep(5 * time.Millisecond)
	}
	if got := sent(); got != 3 {
		t.Fatalf("messages sent = %d, want the seed's 1 and the 2 deferred ones", got)
	}
}

func TestBodyTooLarge(t *testing.T) {
	srv := newServer(t, impl.Options{})
	huge := `{"group_id":20001,"message":"` + strings.Repeat("a", 32<<20) + `"}`
	code, r := call(t, newRequest(t, "POST", srv.URL+"/send_group_msg", jsonType, huge))
	if code != 413 || r.Retcode != 1400 || r.Status != "failed" {
		t.Fatalf("HTTP %d %+v, want 413 with a failed envelope", code, r)
	}
}

// A CQ-code string is held to the segment schema, like a segment array: a malformed code is
// refused with 1400 naming it, and nothing is stored.
func TestCQCodesAreValidated(t *testing.T) {
	tests := []struct{ message, want string }{
		{"hi[CQ:]", `CQ code 1 ([CQ:]): type: unknown value ""`},
		{"[CQ:at]", `CQ code 0 ([CQ:at]): data: property "qq" is missing`},
		{"[CQ:face,id=14][CQ:image]", `CQ code 1 ([CQ:image]): data: property "file" is missing`},
		{"[CQ:nope,x=1]", `type: unknown value "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.message, func(t *testing.T) {
			srv := newServer(t, impl.Options{})
			body, _ := json.Marshal(map[string]any{"group_id": 20001, "message": tt.message})
			_, r := call(t, newRequest(t, "POST", srv.URL+"/send_group_msg", jsonType, string(body)))
			if r.Retcode != 1400 || !strings.Contains(r.Message, tt.want) {
				t.Fatalf("retcode %d %q, want 1400 containing %q", r.Retcode, r.Message, tt.want)
			}
			// Refused before anything was stored: the next message id is the one a fresh world gives.
			_, ok := call(t, newRequest(t, "POST", srv.URL+"/send_group_msg", jsonType, `{"group_id":20001,"message":"ok"}`))
			_, fresh := call(t, newRequest(t, "POST", newServer(t, impl.Options{}).URL+"/send_group_msg", jsonType, `{"group_id":20001,"message":"ok"}`))
			if string(ok.Data) != string(fresh.Data) {
				t.Errorf("a refused message was stored: next id %s, fresh world's %s", ok.Data, fresh.Data)
			}
		})
	}
	// auto_escape makes the same text plain text, which is fine.
	srv := newServer(t, impl.Options{})
	_, r := call(t, newRequest(t, "POST", srv.URL+"/send_group_msg", jsonType, `{"group_id":20001,"message":"[CQ:at]","auto_escape":true}`))
	if r.Retcode != 0 {
		t.Errorf("auto_escape: %d %s", r.Retcode, r.Message)
	}
}

// Every failure the transport answers with a body returns the request's echo whenever it
// could be read: from the JSON body, or from the query when the body is unreadable or, for a
// request refused for its token, never read (an unauthenticated body costs nothing).
func TestEchoOnTransportFailures(t *testing.T) {
	srv := newServer(t, impl.Options{AccessToken: "tok"})
	auth := func(r *http.Request) *http.Request { r.Header.Set("Authorization", "Bearer tok"); return r }
	tests := []struct {
		name     string
		req      *http.Request
		wantHTTP int
		wantEcho string
	}{
		{"unknown action", auth(newRequest(t, "POST", srv.URL+"/no_such_action", jsonType, `{"echo":{"n":1}}`)), 404, `{"n":1}`},
		{"missing token", newRequest(t, "POST", srv.URL+"/get_login_info?echo=e1", jsonType, `{"echo":"body"}`), 401, `"e1"`},
		{"wrong token", newRequest(t, "POST", srv.URL+"/get_login_info?access_token=bad&echo=2", jsonType, `{"echo":3}`), 403, `"2"`},
		{"method", auth(newRequest(t, "PUT", srv.URL+"/get_login_info", jsonType, `{"echo":"put"}`)), 405, `"put"`},
		{"content type", auth(newRequest(t, "POST", srv.URL+"/get_login_info?echo=q", "text/plain", `hello`)), 406, `"q"`},
		{"malformed JSON keeps the query's echo", auth(newRequest(t, "POST", srv.URL+"/get_login_info?echo=q2", jsonType, `{"echo":`)), 400, `"q2"`},
		{"bad parameters", auth(newRequest(t, "POST", srv.URL+"/get_group_info", jsonType, `{"group_id":"x","echo":[1]}`)), 200, `[1]`},
		{"too large", auth(newRequest(t, "POST", srv.URL+"/get_login_info?echo=big", jsonType, strings.Repeat(" ", 32<<20+1))), 413, `"big"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, r := call(t, tt.req)
			if code != tt.wantHTTP || r.Status != "failed" {
				t.Fatalf("HTTP %d %s, want %d failed", code, r.Status, tt.wantHTTP)
			}
			if string(r.Echo) != tt.wantEcho {
				t.Errorf("echo %s, want %s", r.Echo, tt.wantEcho)
			}
		})
	}
}

// A bot cannot send what only implementations send (a forward), nor a forward node inside a
// message, in any message form.
func TestSendDirection(t *testing.T) {
	tests := []struct{ message, want string }{
		{`[{"type":"forward","data":{"id":"FORWARD_1"}}]`, "forward segment, which implementations send to bots"},
		{`"see [CQ:forward,id=FORWARD_1]"`, "segment 1 is a forward segment"},
		{`{"type":"node","data":{"id":"1001"}}`, "forward node"},
		{`[{"type":"text","data":{"text":"a"}},{"type":"node","data":{"user_id":"1","nickname":"n","content":"c"}}]`, "segment 1 is a forward node"},
	}
	for _, tt := range tests {
		t.Run(tt.message, func(t *testing.T) {
			srv := newServer(t, impl.Options{})
			_, r := call(t, newRequest(t, "POST", srv.URL+"/send_group_msg", jsonType, `{"group_id":20001,"message":`+tt.message+`}`))
			if r.Retcode != 1400 || !strings.Contains(r.Message, tt.want) {
				t.Fatalf("retcode %d %q, want 1400 containing %q", r.Retcode, r.Message, tt.want)
			}
		})
	}
}
