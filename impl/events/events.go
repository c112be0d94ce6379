// Package events fans the events a bot sees out to every connection that delivers them
// (forward WebSocket, reverse WebSocket, HTTP POST, server-sent events).
//
// An event is encoded once, in the array message format, and re-rendered at most once more
// for connections that asked for the string format. Each subscriber has a bounded queue: a
// slow client loses events (counted) instead of stalling the others or growing the server.
package events

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/onespec/onespec/impl/cqcode"
)

// Format is how messages inside events are written (the standard's event.message_format).
type Format string

const (
	// FormatArray writes messages as segment arrays.
	FormatArray Format = "array"
	// FormatString writes messages as CQ-code strings.
	FormatString Format = "string"
)

// ParseFormat reads a message_format setting; empty means array.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case "", FormatArray:
		return FormatArray, nil
	case FormatString:
		return FormatString, nil
	}
	return "", fmt.Errorf("message format %q: use %q or %q", s, FormatArray, FormatString)
}

// Event is one event as one bot sees it.
type Event struct {
	// SelfID is the bot the event is for.
	SelfID int64
	// Seq numbers the events a hub published, from 1, in publishing order.
	Seq   int64
	array []byte

	once sync.Once
	str  []byte
	err  error
}

// New encodes v (an event object whose message fields, if any, are segment arrays).
func New(selfID int64, v any) (*Event, error) {
	raw, err := encode(v)
	if err != nil {
		return nil, fmt.Errorf("encoding an event: %w", err)
	}
	return &Event{SelfID: selfID, array: raw}, nil
}

// JSON is the event in the given message format.
func (e *Event) JSON(f Format) ([]byte, error) {
	if f != FormatString {
		return e.array, nil
	}
	e.once.Do(func() { e.str, e.err = toStringFormat(e.array) })
	return e.str, e.err
}

// toStringFormat rewrites an event's "message" field from a segment array into a CQ-code
// string. Events without a message, or whose message is already a string, are unchanged.
func toStringFormat(raw []byte) ([]byte, error) {
	if !bytes.Contains(raw, []byte(`"message"`)) {
		return raw, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("reading an event: %w", err)
	}
	msg, ok := fields["message"]
	if !ok || len(msg) == 0 || msg[0] != '[' {
		return raw, nil
	}
	var segs []cqcode.Segment
	if err := json.Unmarshal(msg, &segs); err != nil {
		return nil, fmt.Errorf("reading an event's message: %w", err)
	}
	str, err := encode(cqcode.Format(segs))
	if err != nil {
		return nil, err
	}
	fields["message"] = str
	return encode(fields)
}

// encode writes JSON without escaping &, < and > (CQ codes are full of &#91;), on one line,
// and byte for byte as JavaScript's JSON.stringify writes the same value. Koishi's OneBot
// adapter checks an HTTP POST's X-Signature over JSON.stringify of the body it parsed, not
// over the body: an event whose bytes differ (a message with &, < or > escaped by a
// MarshalJSON, as segment data is) is refused with 403 and lost. Two differences remain, out
// of an event's normal range: JavaScript rounds integers beyond 2^53 (QQ numbers and message
// ids are far below), and it moves integer-like object keys first, which only a CQ code with
// a parameter named like "1" would produce in segment data.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return unescapeLikeJS(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// unescapeLikeJS writes the escapes encoding/json uses and JSON.stringify does not (\u003c,
// \u003e, \u0026 from a MarshalJSON or HTML-safe encoding; \u2028, \u2029 always; \ufffd for
// invalid UTF-8) as the characters themselves. Other escapes, and an escaped backslash
// followed by "u2028", stay as they are.
func unescapeLikeJS(b []byte) []byte {
	if !bytes.Contains(b, []byte(`\u`)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 == len(b) {
			out = append(out, c)
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			if r, ok := jsEscapes[string(b[i+2:i+6])]; ok {
				out = append(out, r...)
				i += 5
				continue
			}
		}
		out = append(out, c, b[i+1])
		i++
	}
	return out
}

var jsEscapes = map[string]string{"003c": "<", "003e": ">", "0026": "&", "2028": "\u2028", "2029": "\u2029", "fffd": "\ufffd"}

// Hub delivers published events to the subscribers of their bot, and keeps each bot's latest
// events (History) for whoever wants to see what a bot was told. What it holds is bounded in
// bytes as well as in count: events are as large as the messages they carry.
type Hub struct {
	limits    Limits
	mu        sync.RWMutex
	subs      map[*Subscription]struct{}
	published atomic.Int64
	dropped   atomic.Int64

	histMu    sync.Mutex
	history   map[int64][]*Event // per bot, oldest first, at most HistorySize and HistoryBytes
	histBytes map[int64]int
}

// HistorySize bounds the events kept per bot for History.
const HistorySize = 1000

// Limits bound, in bytes, what a hub holds.
type Limits struct {
	// HistoryBytes bounds the events kept per bot for History; 0 means DefaultHistoryBytes.
	HistoryBytes int64
	// QueueBytes bounds the events waiting for one subscriber; 0 means DefaultQueueBytes.
	QueueBytes int64
}

// Defaults of Limits.
const (
	DefaultHistoryBytes = 16 << 20
	DefaultQueueBytes   = 16 << 20
)

// NewHub returns a hub without subscribers, with the default limits.
func NewHub() *Hub { return NewHubLimited(Limits{}) }

// NewHubLimited returns a hub without subscribers, bounded by l.
func NewHubLimited(l Limits) *Hub {
	if l.HistoryBytes <= 0 {
		l.HistoryBytes = DefaultHistoryBytes
	}
	if l.QueueBytes <= 0 {
		l.QueueBytes = DefaultQueueBytes
	}
	return &Hub{limits: l, subs: map[*Subscription]struct{}{}, history: map[int64][]*Event{}, histBytes: map[int64]int{}}
}

// Size is the bytes the event holds (its array form; the string form, once rendered, about
// as many again).
func (e *Event) Size() int { return len(e.array) }

// History returns bot selfID's events with a Seq above after, oldest first, at most limit;
// only the latest events of each bot are kept (HistorySize, Limits.HistoryBytes).
func (h *Hub) History(selfID, after int64, limit int) []*Event {
	h.histMu.Lock()
	defer h.histMu.Unlock()
	var out []*Event
	for _, e := range h.history[selfID] {
		if e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out
}

// Subscription receives the events of one bot, through a queue of bounded length and bytes.
type Subscription struct {
	hub     *Hub
	selfID  int64
	c       chan *Event
	queued  atomic.Int64 // bytes in c
	dropped atomic.Int64
	sent    atomic.Int64
	once    sync.Once
}

// Subscribe starts receiving selfID's events; queue bounds how many may wait (at least 1).
func (h *Hub) Subscribe(selfID int64, queue int) *Subscription {
	s := &Subscription{hub: h, selfID: selfID, c: make(chan *Event, max(queue, 1))}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Events is the subscription's queue; it is closed by Close.
func (s *Subscription) Events() <-chan *Event { return s.c }

// Taken gives back the queue room of an event the subscriber took from Events: every
// subscriber calls it for every event it receives, else its queue fills and drops.
func (s *Subscription) Taken(e *Event) { s.queued.Add(-int64(e.Size())) }

// Delivered counts an event the subscriber wrote to its client.
func (s *Subscription) Delivered() { s.sent.Add(1) }

// Stats are the events delivered to and dropped for the subscriber's client.
func (s *Subscription) Stats() (sent, dropped int64) { return s.sent.Load(), s.dropped.Load() }

// Close stops the subscription and frees its queue.
func (s *Subscription) Close() {
	s.once.Do(func() {
		s.hub.mu.Lock()
		delete(s.hub.subs, s)
		close(s.c)
		s.hub.mu.Unlock()
	})
}

// Publish hands e to every subscriber of its bot without waiting: a full queue drops it for
// that subscriber only.
func (h *Hub) Publish(e *Event) {
	h.histMu.Lock()
	e.Seq = h.published.Add(1)
	if int64(e.Size()) <= h.limits.HistoryBytes { // larger: delivered, never kept
		kept, bytes := append(h.history[e.SelfID], e), h.histBytes[e.SelfID]+e.Size()
		drop := 0
		for len(kept)-drop > HistorySize || int64(bytes) > h.limits.HistoryBytes {
			bytes -= kept[drop].Size()
			drop++
		}
		if drop > 0 {
			kept = append(kept[:0:0], kept[drop:]...)
		}
		h.history[e.SelfID], h.histBytes[e.SelfID] = kept, bytes
	}
	h.histMu.Unlock()
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs {
		if s.selfID != e.SelfID {
			continue
		}
		size := int64(e.Size())
		if s.queued.Add(size) > h.limits.QueueBytes && len(s.c) > 0 {
			s.queued.Add(-size) // full in bytes; an empty queue still takes one event
			s.dropped.Add(1)
			h.dropped.Add(1)
			continue
		}
		select {
		case s.c <- e:
		default:
			s.queued.Add(-size)
			s.dropped.Add(1)
			h.dropped.Add(1)
		}
	}
}

// Stats are the events published and dropped (summed over subscribers) since the hub began.
func (h *Hub) Stats() (published, dropped int64) { return h.published.Load(), h.dropped.Load() }

// Subscribers is how many subscriptions are open.
func (h *Hub) Subscribers() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.subs)
}
