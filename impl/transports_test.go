package impl_test

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/events"
)

const wsToken = "ws-token"

func newAPI(t *testing.T, opts impl.Options) (*impl.API, *httptest.Server) {
	t.Helper()
	opts.StreamDir = cmp.Or(opts.StreamDir, t.TempDir()) // stream uploads go with the test
	w := seededWorld(t, func() time.Time { return fixedNow })
	api, err := impl.New(w, nil).API(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	w.SetMediaURLBase(srv.URL) // the media URLs it answers are its own
	t.Cleanup(func() {
		api.StopStreams()
		srv.Close()
		_ = api.Shutdown(context.Background())
	})
	return api, srv
}

func dial(t *testing.T, srv *httptest.Server, path string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+path,
		&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + wsToken}}})
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	t.Cleanup(func() { _ = conn.CloseNow() })
	return conn
}

func readFrame(t *testing.T, conn *websocket.Conn) map[string]json.RawMessage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, raw, err := conn.Read(ctx)
	if err != nil {
		t.Fatalf("reading a frame: %v", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("frame is not a JSON object: %s", raw)
	}
	return m
}

func send(t *testing.T, conn *websocket.Conn, frame string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := conn.Write(ctx, websocket.MessageText, []byte(frame)); err != nil {
		t.Fatal(err)
	}
}

// The lifecycle connect event, carrying self_id, is the first frame on / and /event; /api
// answers calls only.
func TestWebSocketConnectEventFirst(t *testing.T) {
	_, srv := newAPI(t, impl.Options{AccessToken: wsToken})
	for _, path := range []string{"/", "/event", "/event/"} {
		t.Run(path, func(t *testing.T) {
			f := readFrame(t, dial(t, srv, path))
			if string(f["post_type"]) != `"meta_event"` || string(f["meta_event_type"]) != `"lifecycle"` ||
				string(f["sub_type"]) != `"connect"` || string(f["self_id"]) != "10001" {
				t.Fatalf("first frame %v, want the lifecycle connect event of 10001", f)
			}
		})
	}
	conn := dial(t, srv, "/api")
	send(t, conn, `{"action":"get_login_info","echo":1}`)
	if f := readFrame(t, conn); string(f["echo"]) != "1" || string(f["retcode"]) != "0" {
		t.Fatalf("/api's first frame %v, want the reply", f)
	}
}

// Frames reach the same dispatcher as HTTP; the echo comes back exactly as sent on success
// and on every failure, and a bad frame does not close the connection.
func TestWebSocketCalls(t *testing.T) {
	_, srv := newAPI(t, impl.Options{AccessToken: wsToken})
	conn := dial(t, srv, "/api")
	tests := []struct {
		name, frame, retcode, echo string
		dataHas                    string
	}{
		{"numeric echo", `{"action":"get_login_info","echo":7}`, "0", "7", `"user_id":10001`},
		{"string echo", `{"action":"get_group_info","params":{"group_id":"20001"},"echo":"abc"}`, "0", `"abc"`, `"group_id":20001`},
		{"object echo, exactly as sent", `{"action":"get_login_info","echo":{"z":1,"a":[true,null]}}`, "0", `{"z":1,"a":[true,null]}`, ""},
		{"null params", `{"action":"get_login_info","params":null,"echo":"n"}`, "0", `"n"`, ""},
		{"unknown action", `{"action":"no_such_action_anywhere","echo":"g"}`, "1404", `"g"`, ""},
		{"bad parameters", `{"action":"get_group_info","params":{"group_id":"x"},"echo":[1]}`, "1400", `[1]`, ""},
		{"params not an object", `{"action":"get_group_info","params":[1],"echo":2}`, "1400", `2`, ""},
		{"no action", `{"params":{},"echo":3}`, "1400", `3`, ""},
		{"action of the wrong type", `{"action":5,"echo":4}`, "1400", `4`, ""},
		{"not JSON at all", `hello`, "1400", ``, ""},
		{"async suffix", `{"action":"get_login_info_async","echo":"as"}`, "1", `"as"`, ""},
		{"still up after all that", `{"action":"get_login_info","echo":"last"}`, "0", `"last"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			send(t, conn, tt.frame)
			f := readFrame(t, conn)
			if string(f["retcode"]) != tt.retcode {
				t.Fatalf("retcode %s, want %s: %v", f["retcode"], tt.retcode, f)
			}
			if string(f["echo"]) != tt.echo {
				t.Errorf("echo %s, want %s", f["echo"], tt.echo)
			}
			if !strings.Contains(string(f["data"]), tt.dataHas) {
				t.Errorf("data %s lacks %s", f["data"], tt.dataHas)
			}
			if _, ok := f["data"]; !ok {
				t.Errorf("no data field: %v", f)
			}
		})
	}
}

// null for an optional parameter means "not given", over HTTP JSON and WebSocket alike:
// NcatBot sends "remark": null / "reason": null in every ordinary request approval. A null for
// a required parameter is still invalid, naming the field.
func TestNullMeansNotGiven(t *testing.T) {
	tests := []struct {
		name, action, params string
		retcode              int
		messageHas           string
	}{
		{"friend request, remark null", "set_friend_add_request", `{"flag":"friend-req-10006","approve":true,"remark":null}`, 0, ""},
		{"group request, reason null", "set_group_add_request", `{"flag":"group-add-10007","sub_type":"add","approve":false,"reason":null}`, 0, ""},
		{"a null default takes the default", "set_group_ban", `{"group_id":20001,"user_id":10003,"duration":null}`, 0, ""},
		{"required flag null", "set_group_add_request", `{"flag":null,"sub_type":"add"}`, 1400, "flag: must be a string, got null"},
	}
	_, srv := newAPI(t, impl.Options{})
	conn := dial(t, srv, "/api")
	for _, tt := range tests {
		t.Run(tt.name+"/http", func(t *testing.T) {
			_, r := call(t, newRequest(t, "POST", srv.URL+"/"+tt.action, jsonType, tt.params))
			if r.Retcode != tt.retcode || !strings.Contains(r.Message, tt.messageHas) {
				t.Errorf("retcode %d %q, want %d %q", r.Retcode, r.Message, tt.retcode, tt.messageHas)
			}
		})
		t.Run(tt.name+"/websocket", func(t *testing.T) {
			// The same call again: a request already handled answers 102 now, so only the
			// parameters' judgement (not 1400) is compared for successes.
			send(t, conn, `{"action":"`+tt.action+`","params":`+tt.params+`,"echo":1}`)
			f := readFrame(t, conn)
			var got int
			_ = json.Unmarshal(f["retcode"], &got)
			if (tt.retcode == 1400) != (got == 1400) || !strings.Contains(string(f["message"]), tt.messageHas) {
				t.Errorf("retcode %d %s, want %d %q", got, f["message"], tt.retcode, tt.messageHas)
			}
		})
	}
}

// The token is checked before the upgrade: 401 without it, 403 when wrong, in the header or
// the query.
func TestWebSocketAuth(t *testing.T) {
	_, srv := newAPI(t, impl.Options{AccessToken: wsToken})
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	tests := []struct {
		name, path string
		header     http.Header
		want       int
	}{
		{"none", "/", nil, 401},
		{"wrong header", "/api", http.Header{"Authorization": {"Bearer nope"}}, 403},
		{"wrong query", "/event?access_token=nope", nil, 403},
		{"right query", "/api?access_token=" + wsToken, nil, 101},
		{"Token scheme", "/api", http.Header{"Authorization": {"Token " + wsToken}}, 101},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			conn, res, err := websocket.Dial(ctx, url+tt.path, &websocket.DialOptions{HTTPHeader: tt.header})
			if conn != nil {
				defer conn.CloseNow()
			}
			if res == nil {
				t.Fatalf("no response: %v", err)
			}
			if res.StatusCode != tt.want {
				t.Fatalf("HTTP %d, want %d (%v)", res.StatusCode, tt.want, err)
			}
		})
	}
}

// Events reach event connections in the format each asked for; heartbeats come at the
// configured interval with get_status's data.
func TestWebSocketEventsAndHeartbeat(t *testing.T) {
	api, srv := newAPI(t, impl.Options{AccessToken: wsToken, HeartbeatInterval: 50 * time.Millisecond})
	arrayConn := dial(t, srv, "/event")
	stringConn := dial(t, srv, "/?message_format=string")
	readFrame(t, arrayConn)
	readFrame(t, stringConn)
	ev, err := events.New(10001, map[string]any{
		"time": 1, "self_id": 10001, "post_type": "message", "message_type": "private", "sub_type": "friend",
		"message_id": 5, "user_id": 10002, "raw_message": "hi[CQ:face,id=14]", "font": 0,
		"message": []map[string]any{{"type": "text", "data": map[string]any{"text": "hi"}}, {"type": "face", "data": map[string]any{"id": "14"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	api.Events.Publish(ev)
	// Another bot's event reaches neither.
	other, _ := events.New(10009, map[string]any{"post_type": "message", "self_id": 10009})
	api.Events.Publish(other)
	next := func(conn *websocket.Conn, postType string) map[string]json.RawMessage {
		for {
			f := readFrame(t, conn)
			if string(f["post_type"]) == `"`+postType+`"` {
				return f
			}
		}
	}
	if f := next(arrayConn, "message"); !strings.HasPrefix(string(f["message"]), `[{"data":{"text":"hi"}`) {
		t.Errorf("array format message %s", f["message"])
	}
	if f := next(stringConn, "message"); string(f["message"]) != `"hi[CQ:face,id=14]"` {
		t.Errorf("string format message %s", f["message"])
	}
	hb := next(arrayConn, "meta_event")
	for string(hb["meta_event_type"]) != `"heartbeat"` {
		hb = next(arrayConn, "meta_event")
	}
	if string(hb["interval"]) != "50" || !strings.Contains(string(hb["status"]), `"good":true`) || string(hb["self_id"]) != "10001" {
		t.Errorf("heartbeat %v", hb)
	}
}

// Shutting the API down closes WebSocket clients with 1001 and ends event streams, so the
// HTTP server's own shutdown is not held by them.
func TestStreamsEndOnShutdown(t *testing.T) {
	api, srv := newAPI(t, impl.Options{})
	conn := dial(t, srv, "/")
	readFrame(t, conn)
	res, err := http.Get(srv.URL + "/_events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("content type %q", res.Header.Get("Content-Type"))
	}
	api.StopStreams()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _, err = conn.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("websocket ended with %v, want 1001 going away", err)
	}
	done := make(chan struct{})
	go func() { _, _ = bufio.NewReader(res.Body).ReadString(0); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("the event stream did not end")
	}
}

// The event stream: token checked, events as data lines in the asked format, keep-alive.
func TestEventStream(t *testing.T) {
	api, srv := newAPI(t, impl.Options{AccessToken: wsToken})
	if res, err := http.Get(srv.URL + "/_events"); err != nil || res.StatusCode != 401 {
		t.Fatalf("without a token: %v %v", res.StatusCode, err)
	}
	res, err := http.Get(srv.URL + "/_events?access_token=" + wsToken + "&message_format=string")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	r := bufio.NewReader(res.Body)
	if line, _ := r.ReadString('\n'); !strings.HasPrefix(line, ":") {
		t.Fatalf("first line %q, want a comment", line)
	}
	ev, _ := events.New(10001, map[string]any{"post_type": "message", "self_id": 10001, "message": []map[string]any{{"type": "text", "data": map[string]any{"text": "[x]"}}}})
	deadline := time.Now().Add(5 * time.Second)
	for api.Events.Subscribers() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	api.Events.Publish(ev)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(line, "data: ") {
			if !strings.Contains(line, `"message":"&#91;x&#93;"`) {
				t.Errorf("event line %q", line)
			}
			return
		}
	}
}

// The event stream carries the same heartbeat meta events as the WebSocket event connections,
// at the same interval, with get_status's data: a bot behind a proxy tells a live server from a
// dead one the same way.
func TestEventStreamHeartbeat(t *testing.T) {
	_, srv := newAPI(t, impl.Options{HeartbeatInterval: 50 * time.Millisecond})
	client := &http.Client{Timeout: 5 * time.Second} // no heartbeat at all fails, not hangs
	res, err := client.Get(srv.URL + "/_events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	r := bufio.NewReader(res.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		var hb map[string]json.RawMessage
		if err := json.Unmarshal([]byte(data), &hb); err != nil {
			t.Fatalf("event line %q: %v", line, err)
		}
		if string(hb["meta_event_type"]) != `"heartbeat"` {
			continue
		}
		if string(hb["post_type"]) != `"meta_event"` || string(hb["interval"]) != "50" ||
			!strings.Contains(string(hb["status"]), `"good":true`) || string(hb["self_id"]) != "10001" {
			t.Errorf("heartbeat %s", data)
		}
		return
	}
}

// get_status reports how events reach the bots: published and dropped events, WebSocket
// connections, HTTP POST reports.
func TestStatusReportsTransports(t *testing.T) {
	api, srv := newAPI(t, impl.Options{AccessToken: wsToken})
	conn := dial(t, srv, "/event")
	readFrame(t, conn)
	ev, _ := events.New(10001, map[string]any{"post_type": "notice", "self_id": 10001})
	api.Events.Publish(ev)
	readFrame(t, conn)
	api2 := dial(t, srv, "/api")
	send(t, api2, `{"action":"get_status"}`)
	f := readFrame(t, api2)
	var data struct {
		Transports struct {
			EventsPublished   int64 `json:"events_published"`
			WebsocketOpen     int64 `json:"websocket_open"`
			WebsocketAccepted int64 `json:"websocket_accepted"`
			Reverse           []any `json:"reverse"`
		} `json:"transports"`
	}
	if err := json.Unmarshal(f["data"], &data); err != nil {
		t.Fatal(err)
	}
	tr := data.Transports
	// The two connections have both been served a frame, so both are counted.
	if tr.EventsPublished != 1 || tr.WebsocketOpen != 2 || tr.WebsocketAccepted != 2 || tr.Reverse == nil {
		t.Errorf("transports %+v from %s", tr, f["data"])
	}
}

// A client that stops reading cannot hold its connection (nor the events meant for it)
// forever: the write that blocks is ended after the write timeout and the connection closed.
func TestStuckClientIsClosedAfterTheWriteTimeout(t *testing.T) {
	api, err := impl.New(seededWorld(t, func() time.Time { return fixedNow }), nil).API(impl.Options{WebSocketWriteTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.HTTP)
	defer func() { api.StopStreams(); srv.Close(); _ = api.Shutdown(context.Background()) }()
	conn := dial(t, srv, "/event")
	readFrame(t, conn)
	// The client reads nothing more; large events fill the socket buffers until a write blocks.
	big := strings.Repeat("x", 256<<10)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ev, _ := events.New(10001, map[string]any{"post_type": "notice", "self_id": 10001, "pad": big})
		api.Events.Publish(ev)
		if open, _ := api.WebSocket.Stats(); open == 0 {
			return // closed by the janitor
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("a client that stopped reading is still connected")
}
