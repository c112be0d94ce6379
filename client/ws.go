package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"
)

// WS calls actions over a forward WebSocket: each call is a frame {action, params, echo} and
// its reply is the frame carrying the same echo, so calls may run concurrently on the one
// connection. On a universal connection (the root path of most implementations) events
// arrive on the same connection, delivered by Events.
type WS struct {
	conn   *websocket.Conn
	opts   Options
	events chan json.RawMessage
	// dropped counts events Events' buffer had no room for.
	dropped atomic.Int64
	seq     atomic.Uint64
	closing atomic.Bool

	mu      sync.Mutex
	pending map[string]chan envelope
	err     error // why the connection ended; set once, before done closes

	done chan struct{}
}

// DialWS connects to a forward WebSocket at url (ws://127.0.0.1:5700/ for the universal
// endpoint, /api for calls only, /event for events only) and starts reading it. Close it when
// done.
func DialWS(ctx context.Context, url string, opts Options) (*WS, error) {
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: opts.HTTPClient, HTTPHeader: opts.header()})
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", url, err)
	}
	conn.SetReadLimit(opts.maxReplyBytes())
	n := opts.EventBuffer
	if n <= 0 {
		n = 1024
	}
	w := &WS{conn: conn, opts: opts, events: make(chan json.RawMessage, n), pending: map[string]chan envelope{}, done: make(chan struct{})}
	go w.read()
	return w, nil
}

// frame is a call as the standard writes it.
type frame struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
	Echo   string          `json:"echo"`
}

// Call calls action with params (nil for none) and decodes the reply's data into data (nil
// to ignore it). A failed call is an *Error. It returns when the reply arrives, ctx ends or
// the connection closes, whichever is first; a reply arriving after ctx ended is discarded.
func (w *WS) Call(ctx context.Context, action string, params, data any) error {
	b, err := body(params)
	if err != nil {
		return fmt.Errorf("%s: encoding the parameters: %w", action, err)
	}
	echo := "onespec-client-" + strconv.FormatUint(w.seq.Add(1), 10)
	msg, err := json.Marshal(frame{Action: action, Params: b, Echo: echo})
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	reply := make(chan envelope, 1)
	w.mu.Lock()
	if w.err != nil {
		w.mu.Unlock()
		return fmt.Errorf("%s: %w", action, w.err)
	}
	w.pending[echo] = reply
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		delete(w.pending, echo)
		w.mu.Unlock()
	}()

	// The frame is written under its own deadline, not ctx: the WebSocket library closes the
	// connection when a write's context ends (a half-written frame would corrupt every later
	// one), and one caller giving up must not cut off the others sharing the connection.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.opts.writeTimeout())
	err = w.conn.Write(wctx, websocket.MessageText, msg)
	cancel()
	if err != nil {
		return fmt.Errorf("%s: sending: %w", action, err)
	}
	select {
	case env := <-reply:
		return env.result(action, data)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", action, ctx.Err())
	case <-w.done:
		return fmt.Errorf("%s: %w", action, w.err)
	}
}

// Events delivers the events received on the connection (a universal or /event one), each
// as its JSON object, in order. It is closed when the connection ends. Events that find it
// full are dropped (see DroppedEvents) so that a slow reader never stalls the replies.
func (w *WS) Events() <-chan json.RawMessage { return w.events }

// DroppedEvents is how many events were dropped because Events was full.
func (w *WS) DroppedEvents() int64 { return w.dropped.Load() }

// Done is closed when the connection has ended; Err then says why.
func (w *WS) Done() <-chan struct{} { return w.done }

// Err is why the connection ended, nil while it is open.
func (w *WS) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close closes the connection; calls in flight fail.
func (w *WS) Close() error {
	w.closing.Store(true)
	err := w.conn.Close(websocket.StatusNormalClosure, "")
	<-w.done
	return err
}

// ErrClosed is the Err of a connection closed by Close.
var ErrClosed = errors.New("the connection is closed")

// read routes every frame: a reply to its call, an event to Events.
func (w *WS) read() {
	var err error
	for {
		var b []byte
		_, b, err = w.conn.Read(context.Background())
		if err != nil {
			break
		}
		// An event carries post_type; a reply carries the echo its call sent.
		var probe struct {
			PostType *string         `json:"post_type"`
			Echo     json.RawMessage `json:"echo"`
		}
		if json.Unmarshal(b, &probe) != nil {
			continue // not a JSON object: nothing to route it to
		}
		if probe.PostType != nil {
			select {
			case w.events <- json.RawMessage(b):
			default:
				w.dropped.Add(1)
			}
			continue
		}
		var echo string
		if json.Unmarshal(probe.Echo, &echo) != nil {
			continue // a reply to a call not made here
		}
		w.mu.Lock()
		reply := w.pending[echo]
		w.mu.Unlock()
		if reply == nil {
			continue // its call has given up
		}
		var env envelope
		if err := json.Unmarshal(b, &env); err != nil {
			env = envelope{Status: "failed", Retcode: -1, Message: "the reply is not a OneBot envelope: " + err.Error()}
		}
		select {
		case reply <- env:
		default: // a second reply with the same echo: the first one stands
		}
	}
	if w.closing.Load() {
		err = ErrClosed
	}
	w.mu.Lock()
	w.err = fmt.Errorf("the WebSocket connection ended: %w", err)
	w.mu.Unlock()
	close(w.events)
	close(w.done)
}
