package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// The forward WebSocket paths of the standard (communication/ws.md).
const (
	wsPathUniversal = "/"
	wsPathAPI       = "/api"
	wsPathEvent     = "/event"
)

// Event fields the WebSocket checks read (event/README.md and event/meta.md).
const (
	fieldPostType      = "post_type"
	fieldMetaEventType = "meta_event_type"
	fieldSubType       = "sub_type"
	fieldSelfID        = "self_id"
	fieldTime          = "time"
	fieldInterval      = "interval"
	postTypeMeta       = "meta_event"
	metaLifecycle      = "lifecycle"
	metaHeartbeat      = "heartbeat"
	lifecycleConnect   = "connect"
)

// wsFrameCap bounds the frames a connection holds that no check has read yet; beyond it the
// oldest are dropped (a target that floods events must not exhaust the suite's memory).
const wsFrameCap = 4096

// errNoFrame says that no frame arrived within a wait while the connection stayed open.
var errNoFrame = errors.New("no frame arrived")

// wsFrame is one message the target sent, with when it arrived.
type wsFrame struct {
	data []byte
	at   time.Time
	// header is the request's header when the frame is an HTTP POST the target sent (nil for
	// WebSocket and event-stream frames).
	header http.Header
}

// frameQueue holds the frames a reader received that no check has read yet, bounded by
// wsFrameCap (beyond it the oldest are dropped), and why the reader ended.
type frameQueue struct {
	mu      sync.Mutex
	queue   []wsFrame
	dropped int
	closed  bool
	err     error         // why the reader ended
	notify  chan struct{} // has a value when queue may have grown or the reader ended
}

func newFrameQueue() frameQueue { return frameQueue{notify: make(chan struct{}, 1)} }

// push adds a frame that just arrived.
func (q *frameQueue) push(f wsFrame) {
	q.mu.Lock()
	if len(q.queue) == wsFrameCap {
		q.queue = q.queue[1:]
		q.dropped++
	}
	q.queue = append(q.queue, f)
	q.mu.Unlock()
	q.signal()
}

// end records that no frame will come any more, and why.
func (q *frameQueue) end(err error) {
	q.mu.Lock()
	if !q.closed {
		q.closed, q.err = true, err
	}
	q.mu.Unlock()
	q.signal()
}

// wsConn is one WebSocket connection to the target. A goroutine reads every frame as it
// arrives (so that control frames are answered and arrival times are true) into a queue the
// checks read from.
type wsConn struct {
	c    *websocket.Conn
	path string
	// opened is when the handshake finished.
	opened time.Time

	frameQueue
}

// wsAuth says which credentials a handshake carries.
type wsAuth int

const (
	wsAuthToken wsAuth = iota // the configured token, if any, in the Authorization header
	wsAuthNone                // no credentials
	wsAuthWrong               // a token that cannot be right, in the header
	wsAuthQuery               // the configured token as ?access_token=, no header
)

// dialWS opens a connection to path on the target. status is the handshake's HTTP status when
// the target answered one without upgrading.
func (s *suite) dialWS(ctx context.Context, path string, auth wsAuth) (*wsConn, int, error) {
	return s.dialWSAt(ctx, s.wsBase, path, auth)
}

// dialWSAt is dialWS on the forward WebSocket server at base (the event checks reach one from
// an HTTP run too).
func (s *suite) dialWSAt(ctx context.Context, base, path string, auth wsAuth) (*wsConn, int, error) {
	u := base + path
	header := http.Header{}
	switch auth {
	case wsAuthToken:
		if s.cfg.AccessToken != "" {
			header.Set("Authorization", "Bearer "+s.cfg.AccessToken)
		}
	case wsAuthWrong:
		header.Set("Authorization", "Bearer "+s.cfg.AccessToken+"-not-the-token")
	case wsAuthQuery:
		u += "?" + url.Values{accessTokenParam: {s.cfg.AccessToken}}.Encode()
	case wsAuthNone:
	}
	dctx, cancel := context.WithTimeout(ctx, s.doer.timeout)
	defer cancel()
	hc := *s.doer.client
	hc.Timeout = 0 // the context bounds the handshake; a client timeout would end the connection
	c, resp, err := websocket.Dial(dctx, u, &websocket.DialOptions{HTTPClient: &hc, HTTPHeader: header})
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		return nil, status, err
	}
	c.SetReadLimit(maxBody)
	w := &wsConn{c: c, path: path, opened: time.Now(), frameQueue: newFrameQueue()}
	go w.read()
	s.wsConns = append(s.wsConns, w)
	return w, http.StatusSwitchingProtocols, nil
}

func (w *wsConn) read() {
	for {
		_, data, err := w.c.Read(context.Background())
		if err != nil {
			w.end(err)
			return
		}
		w.push(wsFrame{data: data, at: time.Now()})
	}
}

func (w *frameQueue) signal() {
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

// next returns the next frame, waiting until deadline. When none comes, the error is
// errNoFrame if the connection is still open, else why it ended.
func (w *frameQueue) next(ctx context.Context, deadline time.Time) (wsFrame, error) {
	for {
		w.mu.Lock()
		if len(w.queue) > 0 {
			f := w.queue[0]
			w.queue = w.queue[1:]
			w.mu.Unlock()
			return f, nil
		}
		closed, err := w.closed, w.err
		w.mu.Unlock()
		if closed {
			return wsFrame{}, fmt.Errorf("the connection ended: %s", describeClose(err))
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return wsFrame{}, errNoFrame
		}
		t := time.NewTimer(wait)
		select {
		case <-w.notify:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return wsFrame{}, context.Cause(ctx)
		}
		t.Stop()
	}
}

// isClosed reports whether the connection has ended.
func (w *frameQueue) isClosed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closed
}

// send writes one text frame.
func (w *wsConn) send(ctx context.Context, timeout time.Duration, frame []byte) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return w.c.Write(ctx, websocket.MessageText, frame)
}

func (w *wsConn) close() {
	_ = w.c.CloseNow()
}

// describeClose words why a connection ended: the close frame's status and reason, or the error.
func describeClose(err error) string {
	if err == nil {
		return "closed"
	}
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		if ce.Reason != "" {
			return fmt.Sprintf("closed by the target with status %d (%q)", int(ce.Code), truncate(ce.Reason, 80))
		}
		return fmt.Sprintf("closed by the target with status %d", int(ce.Code))
	}
	return err.Error()
}

// noteDropped says, once, when a connection held more unread frames than it keeps: a check
// that read it may have missed what it looked for.
func (s *suite) noteDropped() {
	n := 0
	for _, w := range s.wsConns {
		w.mu.Lock()
		n += w.dropped
		w.mu.Unlock()
	}
	if n > 0 {
		s.notes = append(s.notes, fmt.Sprintf("the target sent more frames than the suite keeps unread (%d per connection); %d of the oldest were dropped", wsFrameCap, n))
	}
}

// closeWS ends every connection the run opened.
func (s *suite) closeWS() {
	for _, w := range s.wsConns {
		w.close()
	}
	s.wsConns = nil
	for _, c := range s.closers {
		c()
	}
	s.closers = nil
}

// wsCallFrame is an action call as the standard writes it: {action, params, echo}. params is
// left out when the request has no body.
func wsCallFrame(action string, params []byte, echo json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteString(`{"action":`)
	name, _ := json.Marshal(action)
	b.Write(name)
	if len(bytes.TrimSpace(params)) > 0 {
		b.WriteString(`,"params":`)
		b.Write(params)
	}
	if echo != nil {
		b.WriteString(`,"echo":`)
		b.Write(echo)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// nextEcho is a fresh string echo for a call, unique within the run.
func (s *suite) nextEcho() json.RawMessage {
	s.echoSeq++
	raw, _ := json.Marshal(fmt.Sprintf("onespec-%s-%d", s.runID, s.echoSeq))
	return raw
}

// wsExchange is one frame sent and what came back.
type wsExchange struct {
	reply  []byte         // the reply frame; nil when none came
	fields map[string]any // the reply decoded, when it is a JSON object
	err    error          // no reply: errNoFrame (connection still open) or why it ended
	events []string       // the kinds of the events that arrived before the reply
}

// wsRoundTrip sends frame on w and waits until deadline for its reply: the first frame that is
// no event (no post_type) and no late reply to an earlier call that timed out.
func (s *suite) wsRoundTrip(ctx context.Context, w *wsConn, frame []byte, echo json.RawMessage, wait time.Duration) wsExchange {
	s.recordWS(w.path, frame)
	if err := w.send(ctx, s.doer.timeout, frame); err != nil {
		x := wsExchange{err: fmt.Errorf("sending the frame: %w", err)}
		s.last.response = "no reply: " + x.err.Error()
		return x
	}
	deadline := time.Now().Add(wait)
	var x wsExchange
	for {
		f, err := w.next(ctx, deadline)
		if err != nil {
			if errors.Is(err, errNoFrame) {
				err = fmt.Errorf("%w within %s", errNoFrame, roundDuration(wait))
			}
			x.err = err
			if echo != nil {
				s.abandoned[string(echo)] = true
			}
			s.last.response = "no reply: " + err.Error()
			if errors.Is(err, errNoFrame) {
				s.last.response = fmt.Sprintf("no reply within %s; the connection is still open", roundDuration(wait))
			}
			return x
		}
		var m map[string]any
		if json.Unmarshal(f.data, &m) == nil {
			if _, isEvent := m[fieldPostType]; isEvent {
				x.events = append(x.events, eventKind(f.data))
				continue
			}
			if e, ok := m[fieldEcho]; ok {
				if raw, err := json.Marshal(e); err == nil && s.abandoned[string(raw)] && string(raw) != string(echo) {
					continue
				}
			}
		}
		x.reply, x.fields = f.data, m
		s.last.response = "frame " + truncate(strings.ToValidUTF8(string(f.data), "\uFFFD"), 8<<10)
		return x
	}
}

// recordWS notes a frame as the running check's last request, written the way a developer
// can send it again (websocat), the token as the shell variable.
func (s *suite) recordWS(path string, frame []byte) {
	cmd := "websocat "
	if s.cfg.AccessToken != "" {
		cmd += `-H "Authorization: Bearer $ONEBOT_ACCESS_TOKEN" `
	}
	cmd += shellQuote(s.wsBase+path) + " <<< " + shellQuote(truncate(string(frame), 4<<10))
	s.last = &record{curl: cmd}
}

// calls returns the connection the action calls travel on (path /api), opening it when there
// is none or the last one ended.
func (s *suite) calls(ctx context.Context) (*wsConn, int, error) {
	if s.callConn != nil && !s.callConn.isClosed() {
		return s.callConn, 0, nil
	}
	w, status, err := s.dialWS(ctx, wsPathAPI, wsAuthToken)
	if err != nil {
		return nil, status, err
	}
	s.callConn = w
	return w, 0, nil
}

// sendWS is send over forward WebSocket: the action and its JSON body become a frame
// {action, params, echo} on /api, and the reply frame is the answer, as if HTTP 200. The
// exchange carries the echo sent so that judgeAnswer checks it came back.
func (s *suite) sendWS(ctx context.Context, r request) exchange {
	echo := s.nextEcho()
	frame := wsCallFrame(r.action, r.body, echo)
	w, status, err := s.calls(ctx)
	if err != nil {
		s.recordWS(wsPathAPI, frame)
		s.last.response = "no connection: " + err.Error()
		s.lastStatus, s.lastErr = status, err
		if status != 0 {
			// The target answered the handshake: a verdict on the credentials, not a dead target.
			s.lastErr = nil
			return exchange{err: fmt.Errorf("the WebSocket handshake on %s was refused with HTTP %d", wsPathAPI, status), status: status}
		}
		return exchange{err: fmt.Errorf("opening %s: %w", wsPathAPI, err)}
	}
	x := s.wsRoundTrip(ctx, w, frame, echo, s.doer.timeout)
	s.lastStatus, s.lastErr = http.StatusOK, nil
	if x.err != nil {
		s.lastErr = x.err
		return exchange{err: x.err}
	}
	// A target that upgrades, then refuses the token in a frame (retcode 1401/1403), is
	// refusing the credentials as HTTP 401/403 would.
	if e := readEnvelope(x.fields); e.hasRetcode && (e.retcode == 1401 || e.retcode == 1403) {
		s.lastStatus = e.retcode - 1000
	}
	return exchange{status: http.StatusOK, contentType: mediaJSON, body: x.reply, wsEcho: echo}
}

// sameJSON reports whether two decoded JSON values are equal, numbers by value (1e3 is 1000).
func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, okx := new(big.Float).SetString(string(x))
		fy, oky := new(big.Float).SetString(string(y))
		return okx && oky && fx.Cmp(fy) == 0
	}
	return a == b
}

// decodeNumbers decodes raw JSON keeping numbers exact.
func decodeNumbers(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// echoProblem says how a reply's echo differs from the one sent, "" when it is the same.
func echoProblem(sent json.RawMessage, reply []byte) string {
	want, err := decodeNumbers(sent)
	if err != nil {
		return "conformance suite bug: the echo sent is no JSON"
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(reply, &fields) != nil {
		return "" // not an envelope: judged elsewhere
	}
	raw, ok := fields[fieldEcho]
	if !ok {
		return fmt.Sprintf("the reply has no echo; sent %s", truncate(string(sent), 80))
	}
	got, err := decodeNumbers(raw)
	if err != nil || !sameJSON(want, got) {
		return fmt.Sprintf("echo came back as %s; sent %s", truncate(string(raw), 80), truncate(string(sent), 80))
	}
	return ""
}
