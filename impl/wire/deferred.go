package wire

import (
	"strings"
	"sync"
	"time"
)

// The standard (api/README.md) lets a client call any action with a suffix: "_async" runs it
// in the background and answers status async at once; "_rate_limited" queues it, running the
// queue at api.rate_limit_interval (500 ms by default), and also answers async.
const (
	suffixAsync       = "_async"
	suffixRateLimited = "_rate_limited"
)

// DefaultRateLimitInterval is the standard's api.rate_limit_interval.
const DefaultRateLimitInterval = 500 * time.Millisecond

// Bounds on deferred work, so a client flooding _async calls gets retcode 201 instead of
// growing the server without limit.
const (
	maxConcurrentAsync = 64
	maxRateLimitQueue  = 1024
)

// splitSuffix returns the action a suffixed name calls and the suffix ("" when none).
func splitSuffix(name string) (base, suffix string) {
	for _, s := range []string{suffixAsync, suffixRateLimited} {
		if b, ok := strings.CutSuffix(name, s); ok && b != "" {
			return b, s
		}
	}
	return name, ""
}

// deferred runs _async calls concurrently (bounded) and _rate_limited calls one at a time, one
// per interval. Its goroutines exist only while there is work, so an idle server holds none.
type deferred struct {
	interval time.Duration
	async    chan struct{} // semaphore of running _async calls

	mu      sync.Mutex
	queue   []func()
	running bool
}

func newDeferred(interval time.Duration) *deferred {
	if interval <= 0 {
		interval = DefaultRateLimitInterval
	}
	return &deferred{interval: interval, async: make(chan struct{}, maxConcurrentAsync)}
}

// submit schedules job by suffix; false means the server is saturated and did not take it.
func (d *deferred) submit(suffix string, job func()) bool {
	if suffix == suffixAsync {
		select {
		case d.async <- struct{}{}:
		default:
			return false
		}
		go func() {
			defer func() { <-d.async }()
			job()
		}()
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.queue) >= maxRateLimitQueue {
		return false
	}
	d.queue = append(d.queue, job)
	if !d.running {
		d.running = true
		go d.drain()
	}
	return true
}

// drain runs the rate-limited queue, one job per interval, and exits when it is empty.
func (d *deferred) drain() {
	for {
		d.mu.Lock()
		if len(d.queue) == 0 {
			d.running = false
			d.mu.Unlock()
			return
		}
		job := d.queue[0]
		d.queue = d.queue[1:]
		d.mu.Unlock()
		job()
		time.Sleep(d.interval)
	}
}
