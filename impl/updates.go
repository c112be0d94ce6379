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

// updates is go-cqhttp's HTTP long polling (get_updates) over the event hub: each bot's
// events are taken once, in order, from what the hub keeps of them (events.HistorySize). A
// bot's queue opens at its first get_updates: the events before went to the transports that
// were open then, and a poller is not handed a backlog from before it came.
type updates struct {
	hub    *events.Hub
	format events.Format
	done   <-chan struct{}

	mu    sync.Mutex
	taken map[int64]int64 // per bot, the Seq of the last event handed out
}

func newUpdates(hub *events.Hub, format events.Format, done <-chan struct{}) *updates {
	return &updates{hub: hub, format: format, done: done, taken: map[int64]int64{}}
}

// take hands out self's events after the last taken, at most limit.
func (u *updates) take(self int64, limit int) []*events.Event {
	u.mu.Lock()
	defer u.mu.Unlock()
	after, open := u.taken[self]
	if !open {
		after, _ = u.hub.Stats() // the Seq of the last event published
		u.taken[self] = after
	}
	evs := u.hub.History(self, after, limit)
	if len(evs) > 0 {
		u.taken[self] = evs[len(evs)-1].Seq
	}
	return evs
}

// wait takes self's events, waiting up to wait for one when none is waiting.
func (u *updates) wait(ctx context.Context, self int64, limit int, wait time.Duration) []*events.Event {
	sub := u.hub.Subscribe(self, 1) // before the first take: an event published in between wakes us
	defer sub.Close()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		if evs := u.take(self, limit); len(evs) > 0 || wait <= 0 {
			return evs
		}
		select {
		case e, ok := <-sub.Events():
			if !ok {
				return nil
			}
			sub.Taken(e)
		case <-timer.C:
			return u.take(self, limit)
		case <-ctx.Done():
			return nil
		case <-u.done:
			return nil
		}
	}
}

// GetUpdates is get_updates 长轮询获取事件.
func (s *Server) GetUpdates(ctx context.Context, req gen.GetUpdatesRequestObject) (gen.GetUpdatesResponseObject, error) {
	p := value(req.Body)
	out := gen.EventList{}
	me, err := s.bot(ctx).Self(ctx)
	if err == nil && s.updates == nil {
		err = fmt.Errorf("get_updates: this server has no event hub")
	}
	if err == nil {
		limit := int(value(p.Limit))
		if limit == 0 {
			limit = events.HistorySize
		}
		for _, e := range s.updates.wait(ctx, me.ID, limit, time.Duration(value(p.Timeout))*time.Second) {
			var raw []byte
			if raw, err = e.JSON(s.updates.format); err != nil {
				break
			}
			var ev gen.Event
			if err = json.Unmarshal(raw, &ev); err != nil {
				err = fmt.Errorf("event %d: %w", e.Seq, err)
				break
			}
			out = append(out, ev)
		}
	}
	return gen.GetUpdates200JSONResponse(result(ctx, out, err)), nil
}
