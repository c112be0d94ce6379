package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/names"
)

// Suffix is one of the standard's action-name suffixes (api/README.md), as the name resolver
// reads them: "_async" runs the action in the background and answers status async at once;
// "_rate_limited" queues it, running the queue at api.rate_limit_interval (500 ms by default),
// and also answers async.
type Suffix = names.Suffix

const (
	SuffixNone        = names.None
	SuffixAsync       = names.Async
	SuffixRateLimited = names.RateLimited
)

// DefaultRateLimitInterval is the standard's api.rate_limit_interval.
const DefaultRateLimitInterval = 500 * time.Millisecond

// DeferredOptions bound deferred work, so that a client flooding _async or _rate_limited calls
// gets retcode 201 instead of growing the server without limit.
type DeferredOptions struct {
	// RateLimitInterval spaces _rate_limited calls; 0 means DefaultRateLimitInterval.
	RateLimitInterval time.Duration
	// MaxAsync bounds _async calls running at once; 0 means 64.
	MaxAsync int
	// MaxQueued bounds waiting _rate_limited calls; 0 means 1024.
	MaxQueued int
	// MaxBytes bounds the parameter bytes held by all deferred calls; 0 means 64 MiB.
	MaxBytes int64
}

func (o DeferredOptions) withDefaults() DeferredOptions {
	if o.RateLimitInterval <= 0 {
		o.RateLimitInterval = DefaultRateLimitInterval
	}
	if o.MaxAsync <= 0 {
		o.MaxAsync = 64
	}
	if o.MaxQueued <= 0 {
		o.MaxQueued = 1024
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 64 << 20
	}
	return o
}

// job is a deferred call, prepared and accepted.
type job struct {
	action *Action
	params []byte
	suffix Suffix
	run    func(ctx context.Context) openapi.Reply
}

// deferred runs _async calls concurrently (bounded) and _rate_limited calls one at a time, one
// per interval. Its goroutines exist only while there is work. It belongs to the dispatcher's
// owner's lifecycle: shutdown stops intake and waits, within a deadline, for accepted work.
type deferred struct {
	opts DeferredOptions
	log  *slog.Logger

	mu       sync.Mutex
	closed   bool
	running  int   // _async jobs running
	bytes    int64 // parameter bytes held by running and queued jobs
	queue    []job
	draining bool // the rate-limited drainer is running
	idle     *sync.Cond
	stop     chan struct{} // closed when the shutdown deadline passes: the drainer gives up
	stopOnce sync.Once
}

func newDeferred(opts DeferredOptions, log *slog.Logger) *deferred {
	d := &deferred{opts: opts.withDefaults(), log: log, stop: make(chan struct{})}
	d.idle = sync.NewCond(&d.mu)
	return d
}

// errNeverFits is a deferred call larger than every deferred call may hold together: it
// would be refused for ever, so it is a bad request, not a busy server.
var errNeverFits = errors.New("can never be deferred")

// submit accepts a job, or says why it cannot.
func (d *deferred) submit(j job) error {
	size := int64(len(j.params))
	if size > d.opts.MaxBytes {
		return fmt.Errorf("the call's %d bytes of parameters exceed --max-deferred-bytes (%d): it %w; send it without %s, or raise the limit",
			size, d.opts.MaxBytes, errNeverFits, j.suffix)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.closed:
		return errors.New("the server is shutting down and takes no more deferred calls")
	case d.bytes+size > d.opts.MaxBytes:
		return fmt.Errorf("deferred calls already hold %d bytes of parameters (limit %d); try again later", d.bytes, d.opts.MaxBytes)
	case j.suffix == SuffixAsync && d.running >= d.opts.MaxAsync:
		return fmt.Errorf("%d _async calls are already running; try again later", d.running)
	case j.suffix == SuffixRateLimited && len(d.queue) >= d.opts.MaxQueued:
		return fmt.Errorf("%d _rate_limited calls are already waiting; try again later", len(d.queue))
	}
	d.bytes += size
	if j.suffix == SuffixAsync {
		d.running++
		go func() {
			d.execute(j)
			d.mu.Lock()
			d.running--
			d.bytes -= size
			d.idle.Broadcast()
			d.mu.Unlock()
		}()
		return nil
	}
	d.queue = append(d.queue, j)
	if !d.draining {
		d.draining = true
		go d.drain()
	}
	return nil
}

// execute runs a job detached from the caller (who was answered long ago) and logs its outcome:
// action, retcode, duration, never its data.
func (d *deferred) execute(j job) {
	start := time.Now()
	r := j.run(context.Background())
	attrs := []slog.Attr{slog.String("action", j.action.Name), slog.String("suffix", string(j.suffix)),
		slog.Int("retcode", r.Retcode), slog.Duration("duration", time.Since(start))}
	if r.Message != "" {
		attrs = append(attrs, slog.String("message", r.Message))
	}
	d.log.LogAttrs(context.Background(), slog.LevelInfo, "deferred call done", attrs...)
}

// drain runs the rate-limited queue, one job per interval, and exits when it is empty or the
// shutdown deadline has passed.
func (d *deferred) drain() {
	for {
		d.mu.Lock()
		if len(d.queue) == 0 {
			d.draining = false
			d.idle.Broadcast()
			d.mu.Unlock()
			return
		}
		j := d.queue[0]
		d.queue = d.queue[1:]
		d.mu.Unlock()

		d.execute(j)

		d.mu.Lock()
		d.bytes -= int64(len(j.params))
		d.mu.Unlock()
		// Space the next call even if it arrives later: the interval is between calls.
		select {
		case <-time.After(d.opts.RateLimitInterval):
		case <-d.stop:
			d.mu.Lock()
			d.draining = false
			d.idle.Broadcast()
			d.mu.Unlock()
			return
		}
	}
}

// shutdown stops intake and waits for running and queued jobs until ctx ends; queued jobs
// that could not run are dropped and logged.
func (d *deferred) shutdown(ctx context.Context) error {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()

	done := make(chan struct{})
	go func() {
		d.mu.Lock()
		for d.running > 0 || d.draining {
			d.idle.Wait()
		}
		d.mu.Unlock()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	d.stopOnce.Do(func() { close(d.stop) })
	d.mu.Lock()
	dropped := d.queue
	d.queue = nil
	running := d.running
	d.mu.Unlock()
	if len(dropped) == 0 && running == 0 {
		return nil
	}
	names := make([]string, 0, len(dropped))
	for _, j := range dropped {
		names = append(names, j.action.Name+string(j.suffix))
	}
	slices.Sort(names)
	d.log.Warn("shutdown: dropped deferred calls that had been answered async",
		"dropped", len(dropped), "actions", names, "still_running", running)
	return fmt.Errorf("shutdown: %d deferred calls dropped, %d still running", len(dropped), running)
}
