// Package wsapi is the forward WebSocket transport of the standard (communication/ws.md):
// `/api` takes action frames, `/event` pushes events, `/` does both on one connection.
//
// Frames {action, params, echo} reach handlers through the same dispatcher as HTTP; each is
// answered as soon as it finishes (a slow call holds up the frames behind it for at most
// about two Handoff periods, not until it ends), always with the echo exactly as sent. A frame that is not a call gets a 1400 reply (with its echo
// when one can be read) and the connection stays up. Event connections get the lifecycle
// connect event first (ZeroBot waits for it), then events and heartbeats; a client that does
// not keep up loses events, counted, instead of stalling anyone else.
package wsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/onespec/onespec/gen/core"
	"github.com/onespec/onespec/impl/auth"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/inflight"
	"github.com/onespec/onespec/openapi/wire"
)

// Role is what a connection is for.
type Role string

const (
	// RoleUniversal takes calls and receives events (path /).
	RoleUniversal Role = "Universal"
	// RoleAPI takes calls only (path /api).
	RoleAPI Role = "API"
	// RoleEvent receives events only (path /event).
	RoleEvent Role = "Event"
)

// RoleOf is the role of a forward WebSocket path, false for other paths.
func RoleOf(path string) (Role, bool) {
	switch strings.TrimSuffix(path, "/") {
	case "":
		return RoleUniversal, true
	case "/api":
		return RoleAPI, true
	case "/event":
		return RoleEvent, true
	}
	return "", false
}

// Options configure the transport.
type Options struct {
	// AccessToken, when set, is required on the handshake (header or ?access_token=).
	AccessToken string
	// SelfID is the bot the connections act as and receive the events of.
	SelfID int64
	// Format is how messages in events are written; per connection, ?message_format=
	// overrides it.
	Format events.Format
	// HeartbeatInterval spaces heartbeat meta events; 0 sends none.
	HeartbeatInterval time.Duration
	// Status is the bot's status for heartbeats (get_status's data).
	Status func(ctx context.Context) any
	// Queue bounds the events waiting for one slow connection; 0 means 1024.
	Queue int
	// MaxInFlight bounds the calls one connection runs at once; 0 means 64. Further frames
	// wait to be read, which pushes back on the client.
	MaxInFlight int
	// WriteTimeout bounds writing one frame; 0 means 10 s.
	WriteTimeout time.Duration
	// ReadLimit bounds one frame; 0 means 32 MiB.
	ReadLimit int64
	// Budget bounds the frame bytes every call in flight holds, shared with the other
	// transports; nil: one of inflight.DefaultMax for this transport alone.
	Budget *inflight.Budget
	// MaxValues bounds the JSON values of one frame; 0 means inflight.DefaultMaxValues.
	MaxValues int
	// Log receives connection lifecycle lines; nil discards.
	Log *slog.Logger
}

// Server serves forward WebSocket connections.
type Server struct {
	d    *dispatch.Dispatcher
	hub  *events.Hub
	opts Options
	log  *slog.Logger

	open     atomic.Int64
	accepted atomic.Int64

	mu    sync.Mutex
	conns map[*connection]struct{}
	// callers are the connections that take calls (/ and /api), which the call watcher
	// checks.
	callers map[*connection]struct{}
	closed  bool

	// The janitor closes connections whose write has taken longer than WriteTimeout: one
	// goroutine for every connection, instead of a timer for every frame written.
	janitorOnce sync.Once
	janitorStop chan struct{}

	// watching is whether the call watcher runs (see Handoff).
	watching atomic.Bool
}

// New returns a transport over d and hub.
func New(d *dispatch.Dispatcher, hub *events.Hub, opts Options) *Server {
	if opts.Queue <= 0 {
		opts.Queue = 1024
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 64
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	if opts.ReadLimit <= 0 {
		opts.ReadLimit = 32 << 20
	}
	if opts.Format == "" {
		opts.Format = events.FormatArray
	}
	if opts.Budget == nil {
		opts.Budget = inflight.NewBudget(0)
	}
	if opts.MaxValues <= 0 {
		opts.MaxValues = inflight.DefaultMaxValues
	}
	s := &Server{d: d, hub: hub, opts: opts, log: opts.Log, conns: map[*connection]struct{}{}, callers: map[*connection]struct{}{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// IsUpgrade reports whether r asks for a WebSocket.
func IsUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// Stats are the connections open now and accepted since start.
func (s *Server) Stats() (open, accepted int64) { return s.open.Load(), s.accepted.Load() }

// ServeHTTP upgrades a request on /, /api or /event, after checking the access token: a
// client without the right token gets 401 or 403 and no WebSocket.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	role, ok := RoleOf(r.URL.Path)
	if !ok {
		http.Error(w, "no WebSocket endpoint here: use /, /api or /event", http.StatusNotFound)
		return
	}
	if d := auth.Check(r, s.opts.AccessToken); d != nil {
		d.Write(w)
		return
	}
	format, err := events.ParseFormat(r.URL.Query().Get("message_format"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.URL.Query().Get("message_format") == "" {
		format = s.opts.Format
	}
	// The HTTP server's read and write deadlines are for requests; a WebSocket lives on, with
	// a timeout per frame written instead.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		s.log.Warn("websocket handshake failed", "remote", r.RemoteAddr, "err", err)
		return
	}
	conn.SetReadLimit(s.opts.ReadLimit)
	self := botctx.SelfIDOr(r.Context(), s.opts.SelfID)
	s.serveConn(r.Context(), conn, self, role, format, r.RemoteAddr)
}

// serveConn serves an open connection, accepted or dialed, until it ends.
func (s *Server) serveConn(ctx context.Context, conn *websocket.Conn, self int64, role Role, format events.Format, remote string) {
	c := &connection{s: s, conn: conn, self: self, role: role, format: format, remote: remote}
	if !s.track(c) {
		_ = conn.Close(websocket.StatusGoingAway, "the server is shutting down")
		return
	}
	defer s.untrack(c)
	c.serve(ctx)
}

func (s *Server) track(c *connection) bool {
	s.janitorOnce.Do(s.startJanitor)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	if c.role != RoleEvent {
		s.callers[c] = struct{}{}
	}
	s.open.Add(1)
	s.accepted.Add(1)
	return true
}

func (s *Server) untrack(c *connection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	delete(s.callers, c)
	s.open.Add(-1)
}

// startJanitor checks, every second or every WriteTimeout if shorter, for a write stuck past
// WriteTimeout, and closes its connection, which ends the write.
func (s *Server) startJanitor() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.janitorStop = make(chan struct{})
	stop := s.janitorStop
	s.mu.Unlock()
	go func() {
		t := time.NewTicker(min(time.Second, s.opts.WriteTimeout))
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				s.mu.Lock()
				for c := range s.conns {
					if since := c.writing.Load(); since != 0 && now.Sub(time.Unix(0, since)) > s.opts.WriteTimeout {
						s.log.Warn("websocket: a write took longer than the write timeout; closing", "remote", c.remote, "self_id", c.self)
						go c.conn.CloseNow()
					}
				}
				s.mu.Unlock()
			}
		}
	}()
}

// CloseAll starts closing every connection with "going away" (1001) and refuses new ones; it
// does not wait for the clients' answers.
func (s *Server) CloseAll() {
	s.mu.Lock()
	if !s.closed && s.janitorStop != nil {
		close(s.janitorStop)
	}
	s.closed = true
	conns := make([]*connection, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		// Close waits for the client's close frame; do it for every client at once.
		go func() { _ = c.conn.Close(websocket.StatusGoingAway, "the server is shutting down") }()
	}
}

// Shutdown closes every connection and waits, until ctx ends, for them to be gone. Calls in
// flight on them end with their connection.
func (s *Server) Shutdown(ctx context.Context) error {
	s.CloseAll()
	for s.open.Load() > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("websocket: %d connections still open at the shutdown deadline", s.open.Load())
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// connection is one client.
type connection struct {
	s    *Server
	conn *websocket.Conn
	// wmu serializes writes, so that writing always describes the one in progress: when it
	// began (Unix nanoseconds), 0 when none is.
	wmu     sync.Mutex
	writing atomic.Int64
	self    int64 // the bot this connection acts as
	role    Role
	// calling marks the goroutine that reads the connection's frames as being in a call:
	// the call's start after epoch, in nanoseconds plus one, or 0 when it is in none. The
	// call watcher hands reading on (handOn) when a call outlasts Handoff.
	calling atomic.Int64
	epoch   time.Time
	handOn  func()
	format  events.Format
	remote  string
}

func (c *connection) serve(parent context.Context) {
	// The connection outlives the handshake request's context only as long as the server
	// runs: the HTTP server's shutdown does not track hijacked connections, so the caller's
	// context is replaced by one this connection cancels when it ends.
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	defer cancel()
	log := c.s.log.With("remote", c.remote, "role", string(c.role), "self_id", c.self)
	log.Info("websocket connected")

	var sub *events.Subscription
	if c.role != RoleAPI {
		// Subscribe before the connect event, so no event published after it is missed.
		sub = c.s.hub.Subscribe(c.self, c.s.opts.Queue)
		defer sub.Close()
		if err := c.writeJSON(ctx, events.Lifecycle(c.self, core.LifecycleMetaEventSubTypeConnect)); err != nil {
			log.Warn("websocket closed before the connect event", "err", err)
			return
		}
		go c.pushEvents(ctx, cancel, sub)
	}
	var err error
	if c.role == RoleEvent {
		// /event takes no calls: frames are read and dropped, which keeps control frames
		// answered and notices the client leaving. (CloseRead would close the connection on
		// a data frame with a handshake, which a client that then vanishes leaves waiting
		// for coder/websocket's timeouts.)
		err = c.discardFrames(ctx)
	} else {
		err = c.readCalls(ctx)
	}
	status := websocket.CloseStatus(err)
	attrs := []any{"close_status", int(status)}
	if sub != nil {
		sent, dropped := sub.Stats()
		attrs = append(attrs, "events_sent", sent, "events_dropped", dropped)
	}
	if err != nil && status == -1 && !errors.Is(err, context.Canceled) {
		attrs = append(attrs, "err", err)
	}
	log.Info("websocket disconnected", attrs...)
	// The connection has ended already (the client closed it, or CloseAll did): a close
	// handshake now has no one to answer it and would wait out coder/websocket's timeouts.
	cancel()
	_ = c.conn.CloseNow()
}

// discardFrames reads and drops frames until the connection ends.
func (c *connection) discardFrames(ctx context.Context) error {
	for {
		if _, _, err := c.conn.Read(ctx); err != nil {
			return err
		}
	}
}

// Handoff is how long a call may run before another goroutine takes over reading the
// connection's next frames.
//
// The goroutine that read a frame answers it and, as long as calls end within Handoff, then
// reads the next frame itself, as a bare echo server would. A call that runs longer is noticed
// by the server's call watcher, which hands reading on to a new goroutine, so a slow call
// holds up no other: the frames behind it are read, run and answered as they finish, at most
// MaxInFlight at once. Both cheaper-looking designs cost more: a goroutine per frame wakes an
// idle processor (a futex call) on every round trip, and a timer per call interrupts the
// network poller (another system call) to arm it.
const Handoff = time.Millisecond

// watcherIdle is how many Handoff periods the call watcher waits without a call in progress
// before it stops, so that an idle server does not tick.
const watcherIdle = 100

// readCalls reads frames until the connection ends and answers each (see Handoff).
func (c *connection) readCalls(ctx context.Context) error {
	slots := make(chan struct{}, c.s.opts.MaxInFlight)
	ended := make(chan error, 1)
	stop := func(err error) {
		select {
		case ended <- err:
		default: // only the goroutine that reads ends the loop, once
		}
	}
	epoch := time.Now()
	var read func()
	read = func() {
		for {
			typ, frame, held, err := c.readFrame(ctx)
			if err != nil {
				stop(err)
				return
			}
			if typ != websocket.MessageText && typ != websocket.MessageBinary {
				c.s.opts.Budget.Give(held)
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				stop(ctx.Err())
				return
			}
			// A monotonic start, unique to this call (the next one starts after a hand-off
			// at least Handoff later, or after this one ends), marks this goroutine as the
			// reader while the call runs.
			start := int64(time.Since(epoch)) + 1
			c.calling.Store(start)
			c.s.watchCalls()
			var reply wire.Reply
			if frame == nil {
				reply = dispatch.Failed(core.RetcodeBadThreadPool, "too many request bytes in flight on this server: retry later", "服务器繁忙，请稍后重试")
			} else {
				reply = c.call(ctx, frame)
			}
			frame = nil
			c.s.opts.Budget.Give(held) // the call is done with the frame; given back before the reply is seen
			if err := c.writeJSON(ctx, reply); err != nil {
				c.s.log.Warn("websocket reply not written", "remote", c.remote, "err", err)
			}
			<-slots
			if !c.calling.CompareAndSwap(start, 0) {
				return // the watcher handed reading on while the call ran
			}
		}
	}
	c.handOn = func() { go read() }
	c.epoch = epoch
	go read()
	return <-ended
}

// frameChunk is how many bytes of a frame are taken from the budget at a time.
const frameChunk = 64 << 10

// readFrame reads the next data frame, taking its bytes from the shared budget as it reads
// them (held, to give back once the call is answered). A frame that does not fit what remains
// is read to its end and dropped, frame nil: the connection stays usable and is answered
// "retry later".
func (c *connection) readFrame(ctx context.Context) (typ websocket.MessageType, frame []byte, held int64, err error) {
	typ, r, err := c.conn.Reader(ctx)
	if err != nil {
		return typ, nil, 0, err
	}
	var buf bytes.Buffer
	for {
		if !c.s.opts.Budget.Take(frameChunk) {
			_, err := io.Copy(io.Discard, r)
			return typ, nil, held, err
		}
		held += frameChunk
		n, err := io.CopyN(&buf, r, frameChunk)
		if errors.Is(err, io.EOF) || (err == nil && n < frameChunk) {
			return typ, buf.Bytes(), held, nil
		}
		if err != nil {
			return typ, nil, held, err
		}
	}
}

// watchCalls makes sure the call watcher runs.
func (s *Server) watchCalls() {
	if !s.watching.Load() && s.watching.CompareAndSwap(false, true) {
		go s.watch()
	}
}

// watch hands reading on for every connection whose reading goroutine has been in one call
// for longer than Handoff, checking every Handoff; it stops after watcherIdle checks without
// a call in progress. While calls keep coming it ticks 1,000 times a second and reads one
// atomic per connection that takes calls, under the server's lock: microseconds a tick for
// a thousand connections.
func (s *Server) watch() {
	t := time.NewTicker(Handoff)
	defer t.Stop()
	for idle := 0; ; {
		<-t.C
		busy := false
		s.mu.Lock()
		for c := range s.callers {
			start := c.calling.Load()
			if start == 0 {
				continue
			}
			busy = true
			if time.Since(c.epoch) > time.Duration(start-1)+Handoff && c.calling.CompareAndSwap(start, 0) {
				c.handOn()
			}
		}
		s.mu.Unlock()
		if busy {
			idle = 0
			continue
		}
		if idle++; idle < watcherIdle {
			continue
		}
		s.watching.Store(false)
		// A call that began while this was deciding to stop may have found it running.
		if !s.anyCalling() || !s.watching.CompareAndSwap(false, true) {
			return
		}
		idle = 0
	}
}

// anyCalling is whether some connection's reading goroutine is in a call.
func (s *Server) anyCalling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.callers {
		if c.calling.Load() != 0 {
			return true
		}
	}
	return false
}

// frame is an action call as the standard writes it.
type frame struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
	Echo   json.RawMessage `json:"echo"`
}

// call answers one frame.
func (c *connection) call(ctx context.Context, raw []byte) wire.Reply {
	if _, ok := inflight.CountValues(raw, c.s.opts.MaxValues); !ok {
		r := dispatch.Failed(core.RetcodeBadRequest, fmt.Sprintf("the frame has more than %d JSON values (objects, strings, numbers...): split the call", c.s.opts.MaxValues), "请求的 JSON 值过多")
		r.Echo = recoverEcho(raw)
		return r
	}
	var f frame
	if err := json.Unmarshal(raw, &f); err != nil {
		r := dispatch.Failed(core.RetcodeBadRequest, "malformed frame: "+err.Error()+`; send {"action": ..., "params": {...}, "echo": ...}`, "请求格式错误")
		r.Echo = recoverEcho(raw)
		return r
	}
	if f.Action == "" {
		r := dispatch.Failed(core.RetcodeBadRequest, `the frame has no "action"`, "请求格式错误")
		r.Echo = f.Echo
		return r
	}
	params, err := decodeParams(f.Params)
	if err != nil {
		r := dispatch.Failed(core.RetcodeBadRequest, fmt.Sprintf("invalid parameters for %s: %v", f.Action, err), "请求参数错误")
		r.Echo = f.Echo
		return r
	}
	return c.s.d.Dispatch(ctx, dispatch.Call{Action: f.Action, Params: params, Echo: f.Echo, SelfID: c.self})
}

// decodeParams reads the params object; absent or null means none.
func decodeParams(raw json.RawMessage) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var params map[string]any
	if err := dec.Decode(&params); err != nil {
		return nil, fmt.Errorf("params must be a JSON object: %w", err)
	}
	if params == nil {
		params = map[string]any{}
	}
	return params, nil
}

// recoverEcho finds the echo of a frame that is not a valid call, when the frame is at least
// a JSON object.
func recoverEcho(raw []byte) json.RawMessage {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	return fields["echo"]
}

// pushEvents writes the subscription's events and the heartbeats until ctx ends; a write that
// fails ends the connection.
func (c *connection) pushEvents(ctx context.Context, cancel context.CancelFunc, sub *events.Subscription) {
	var beat <-chan time.Time
	if iv := c.s.opts.HeartbeatInterval; iv > 0 {
		t := time.NewTicker(iv)
		defer t.Stop()
		beat = t.C
	}
	for {
		var err error
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-sub.Events():
			if !ok {
				return
			}
			sub.Taken(ev)
			var raw []byte
			if raw, err = ev.JSON(c.format); err == nil {
				err = c.write(ctx, raw)
			}
			if err == nil {
				sub.Delivered()
			}
		case <-beat:
			var status any
			if c.s.opts.Status != nil {
				status = c.s.opts.Status(ctx)
			}
			err = c.writeJSON(ctx, events.Heartbeat(c.self, status, c.s.opts.HeartbeatInterval))
		}
		if err != nil {
			cancel()
			return
		}
	}
}

func (c *connection) writeJSON(ctx context.Context, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.write(ctx, raw)
}

// write sends one frame. Its timeout is kept by the server's janitor: a context without a
// deadline or cancel costs coder/websocket no timer for each frame, which is what a fan-out
// to a thousand connections spends its time on otherwise.
func (c *connection) write(_ context.Context, raw []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.writing.Store(time.Now().UnixNano())
	defer c.writing.Store(0)
	return c.conn.Write(context.Background(), websocket.MessageText, raw)
}
