package impl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/onespec/onespec/impl/eventfilter"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/world"
)

// Feed turns the world's changes into OneBot events, one per bot that sees each change, in
// the spec's event schemas, and publishes them to the event hub every transport reads. The
// world hands changes over after each commit; the feed renders them on its own goroutine, so
// a write never waits for the events it causes.
type Feed struct {
	hub *events.Hub
	log *slog.Logger
	// filters withhold the events a bot's event filter refuses.
	filters *eventfilter.Set

	queue   chan feedItem
	dropped atomic.Int64
	unwatch func()
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// feedQueue bounds the batches of changes waiting to be rendered.
const feedQueue = 4096

// feedItem is a committed operation's changes, or a barrier: closed once everything queued
// before it is rendered.
type feedItem struct {
	changes []world.Change
	barrier chan struct{}
}

// newFeed starts rendering the world's changes into hub.
func newFeed(s *Server, hub *events.Hub) *Feed {
	f := &Feed{hub: hub, log: s.log, filters: s.filters, queue: make(chan feedItem, feedQueue), stop: make(chan struct{}), done: make(chan struct{})}
	f.unwatch = s.world.Observe(f.onChange)
	go f.run()
	return f
}

// onChange queues a committed operation's changes without waiting: a feed that cannot keep up
// loses events (counted and logged) rather than stalling every write.
func (f *Feed) onChange(changes []world.Change) {
	batch := append([]world.Change(nil), changes...)
	select {
	case f.queue <- feedItem{changes: batch}:
	default:
		if n := f.dropped.Add(int64(len(batch))); n == int64(len(batch)) || n%1000 == 0 {
			f.log.Warn("events: the feed is behind; changes dropped", "dropped", n)
		}
	}
}

// Dropped counts the changes the feed could not take.
func (f *Feed) Dropped() int64 { return f.dropped.Load() }

func (f *Feed) run() {
	defer close(f.done)
	for {
		select {
		case item := <-f.queue:
			f.handle(item)
		case <-f.stop:
			// Render what was committed before the stop, then end.
			for {
				select {
				case item := <-f.queue:
					f.handle(item)
				default:
					return
				}
			}
		}
	}
}

func (f *Feed) handle(item feedItem) {
	if item.barrier != nil {
		close(item.barrier)
		return
	}
	f.render(item.changes)
}

// Barrier returns once every change committed before it was called is rendered (or ctx ends,
// or the feed stopped). A change of how events are rendered (a bot's event filter) waits on it,
// so that it applies to the events committed after it, never to those still queued.
func (f *Feed) Barrier(ctx context.Context) error {
	done := make(chan struct{})
	select {
	case f.queue <- feedItem{barrier: done}:
	case <-f.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-done:
		return nil
	case <-f.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown stops taking changes and renders those already queued, until ctx ends.
func (f *Feed) Shutdown(ctx context.Context) error {
	f.once.Do(func() {
		f.unwatch()
		close(f.stop)
	})
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		return errors.New("events: changes still being rendered at the shutdown deadline")
	}
}

// render publishes each change as every bot of its audience sees it. The change carries its
// state as of the commit, so rendering reads nothing back from the world.
func (f *Feed) render(batch []world.Change) {
	for _, c := range batch {
		for _, bot := range c.Audience() {
			v, err := c.Render(bot)
			if err != nil {
				f.log.Error("events: rendering", "change", fmt.Sprintf("%T", c), "self_id", bot, "err", err)
				continue
			}
			if v == nil {
				continue
			}
			ev, err := events.New(bot, v)
			if err != nil {
				f.log.Error("events: encoding", "change", fmt.Sprintf("%T", c), "err", err)
				continue
			}
			if raw, _ := ev.JSON(events.FormatArray); !f.filters.Allows(bot, raw) {
				continue // withheld by the bot's event filter, on every transport
			}
			f.hub.Publish(ev)
		}
	}
}
