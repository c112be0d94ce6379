package world

import "sync"

// Feed tells waiters that the world changed. Its Publish is an Options.OnChange (it calls the
// next one, if any); Changed hands out a channel that the next Publish closes, so a waiter
// selects on it without a goroutine of its own and without a subscription to cancel.
type Feed struct {
	mu   sync.Mutex
	ch   chan struct{}
	next func([]Change)
}

// NewFeed returns a feed that hands every change on to next (nil: nowhere).
func NewFeed(next func([]Change)) *Feed {
	return &Feed{ch: make(chan struct{}), next: next}
}

// Publish wakes every waiter, then hands the changes on.
func (f *Feed) Publish(changes []Change) {
	f.mu.Lock()
	close(f.ch)
	f.ch = make(chan struct{})
	f.mu.Unlock()
	if f.next != nil {
		f.next(changes)
	}
}

// Changed is closed by the next Publish. Take it before reading the world, so that a change
// committed between the read and the wait is not missed.
func (f *Feed) Changed() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ch
}
