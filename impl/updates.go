package impl

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/events"
)

// updates is long polling over the event hub (go-cqhttp's get_updates, LLOneBot's
// get_event): each consumer takes a bot's events once, in order, from what the hub keeps of
// them (events.HistorySize). A consumer's queue opens at its first call: the events before
// went to the transports that were open then, and a poller is not handed a backlog from
// before it came (LLOneBot does the same; go-cqhttp opens its one queue at start).
type updates struct {
	hub    *events.Hub
	format events.Format
	done   <-chan struct{}

	mu    sync.Mutex
	taken map[consumer]*cursor
}

// consumer is one poller of one bot: get_updates has one per bot (key ""), get_event one per
// key a client names.
type consumer struct {
	self   int64
	action string
	key    string
}

// cursor is how far a consumer has taken, and when it last polled.
type cursor struct {
	seq  int64
	used time.Time
}

// maxConsumers bounds the open queues (LLOneBot keeps 100 keys): past it, the one idle the
// longest is closed, and reopens empty if it polls again.
const maxConsumers = 100

func newUpdates(hub *events.Hub, format events.Format, done <-chan struct{}) *updates {
	return &updates{hub: hub, format: format, done: done, taken: map[consumer]*cursor{}}
}

// take hands out c's events after the last taken, at most limit.
func (u *updates) take(c consumer, limit int) []*events.Event {
	u.mu.Lock()
	defer u.mu.Unlock()
	cur := u.taken[c]
	if cur == nil {
		published, _ := u.hub.Stats() // the Seq of the last event published
		cur = &cursor{seq: published}
		u.taken[c] = cur
		if len(u.taken) > maxConsumers {
			u.closeIdlest()
		}
	}
	cur.used = time.Now()
	evs := u.hub.History(c.self, cur.seq, limit)
	if len(evs) > 0 {
		cur.seq = evs[len(evs)-1].Seq
	}
	return evs
}

// closeIdlest closes the queue that polled least recently.
func (u *updates) closeIdlest() {
	var idlest consumer
	var at time.Time
	for c, cur := range u.taken {
		if at.IsZero() || cur.used.Before(at) {
			idlest, at = c, cur.used
		}
	}
	delete(u.taken, idlest)
}

// wait takes c's events, waiting up to wait for one when none is waiting.
func (u *updates) wait(ctx context.Context, c consumer, limit int, wait time.Duration) []*events.Event {
	sub := u.hub.Subscribe(c.self, 1) // before the first take: an event published in between wakes us
	defer sub.Close()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		if evs := u.take(c, limit); len(evs) > 0 || wait <= 0 {
			return evs
		}
		select {
		case e, ok := <-sub.Events():
			if !ok {
				return nil
			}
			sub.Taken(e)
		case <-timer.C:
			return u.take(c, limit)
		case <-ctx.Done():
			return nil
		case <-u.done:
			return nil
		}
	}
}

// GetUpdates is get_updates 长轮询获取事件 (go-cqhttp).
func (s *Server) GetUpdates(ctx context.Context, req gen.GetUpdatesRequestObject) (gen.GetUpdatesResponseObject, error) {
	p := value(req.Body)
	limit := int(value(p.Limit))
	if limit == 0 {
		limit = events.HistorySize
	}
	out, err := s.poll(ctx, gen.ActionGetUpdates, "", limit, time.Duration(value(p.Timeout))*time.Second)
	return gen.GetUpdates200JSONResponse(result(ctx, out, err)), nil
}

// GetEvent is get_event 获取事件 (LLOneBot): every event of the bot since key's last call.
func (s *Server) GetEvent(ctx context.Context, req gen.GetEventRequestObject) (gen.GetEventResponseObject, error) {
	p := value(req.Body)
	out, err := s.poll(ctx, gen.ActionGetEvent, value(p.Key), events.HistorySize, time.Duration(value(p.Timeout))*time.Millisecond)
	return gen.GetEvent200JSONResponse(result(ctx, out, err)), nil
}

// poll takes the bot's events for one consumer, as the transports deliver them.
func (s *Server) poll(ctx context.Context, action, key string, limit int, wait time.Duration) (gen.EventList, error) {
	out := gen.EventList{}
	me, err := s.bot(ctx).Self(ctx)
	if err != nil {
		return out, err
	}
	if s.updates == nil {
		return out, fmt.Errorf("%s: this server has no event hub", action)
	}
	for _, e := range s.updates.wait(ctx, consumer{self: me.ID, action: action, key: key}, limit, wait) {
		raw, err := e.JSON(s.updates.format)
		if err != nil {
			return out, err
		}
		var ev gen.Event
		if err := json.Unmarshal(raw, &ev); err != nil {
			return out, fmt.Errorf("event %d: %w", e.Seq, err)
		}
		out = append(out, ev)
	}
	return out, nil
}
