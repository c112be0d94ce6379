package dispatch

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onespec/onespec/gen/core"
	"github.com/onespec/onespec/openapi"
)

// CallLog logs every call, its action, retcode and duration, and on failure the reason, never
// the data (credentials and cookies are data). A call only hands a small record to a queue;
// the line is formatted and written on the log's own goroutine, which drains the queue every
// few milliseconds (or sooner when it fills), so logging every call costs the call path an
// append under a lock, without waking another goroutine per call. The queue is a slice that
// grows only as far as calls come: an idle server holds none, where a channel of the bound's
// size held its megabytes from the start. A log that cannot keep up drops lines, counted, and
// says so.
type CallLog struct {
	log     *slog.Logger
	mu      sync.Mutex
	queued  []callRecord // appended by calls, swapped out by the writer
	dropped atomic.Int64
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// callLogQueue bounds the records waiting; callLogDrain is how often they are written.
const (
	callLogQueue = 16384
	callLogDrain = 20 * time.Millisecond
)

type callRecord struct {
	at       time.Time
	action   string
	retcode  int
	duration time.Duration
	message  string // the failure's reason; empty on success
	failed   bool
}

// NewCallLog starts logging calls to log.
func NewCallLog(log *slog.Logger) *CallLog {
	l := &CallLog{log: log, wake: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	go l.write()
	return l
}

// Middleware records every call it wraps.
func (l *CallLog) Middleware() Middleware {
	return func(next Handler) Handler {
		return func(ctx context.Context, call Call) openapi.Reply {
			start := time.Now()
			r := next(ctx, call)
			rec := callRecord{at: start, action: call.Action, retcode: r.Retcode, duration: time.Since(start)}
			if r.Status == string(core.StatusFailed) {
				rec.failed, rec.message = true, r.Message
			} else if !l.log.Enabled(ctx, slog.LevelInfo) {
				return r
			}
			l.mu.Lock()
			n := len(l.queued)
			if n < callLogQueue {
				l.queued = append(l.queued, rec)
			}
			l.mu.Unlock()
			switch {
			case n >= callLogQueue:
				l.dropped.Add(1)
			case n+1 == callLogQueue/2:
				select { // half full: write now rather than at the next drain
				case l.wake <- struct{}{}:
				default:
				}
			}
			return r
		}
	}
}

func (l *CallLog) write() {
	defer close(l.done)
	var reported int64
	var spare []callRecord
	tick := time.NewTicker(callLogDrain)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-l.wake:
		case <-l.stop:
			l.drain(&spare)
			l.reportDropped(&reported)
			return
		}
		l.drain(&spare)
		l.reportDropped(&reported)
	}
}

// drain writes every record queued now. The queue and the spare swap, so calls append to an
// empty slice while the lines are written, and neither is allocated again in a steady state.
func (l *CallLog) drain(spare *[]callRecord) {
	l.mu.Lock()
	recs := l.queued
	l.queued = (*spare)[:0]
	l.mu.Unlock()
	for _, rec := range recs {
		l.line(rec)
	}
	clear(recs) // drop the strings the records point to
	*spare = recs[:0]
}

func (l *CallLog) line(rec callRecord) {
	ctx := context.Background()
	level, attrs := slog.LevelInfo, []slog.Attr{slog.String("action", rec.action), slog.Int("retcode", rec.retcode), slog.Duration("duration", rec.duration)}
	if rec.failed {
		level, attrs = slog.LevelWarn, append(attrs, slog.String("message", rec.message))
	}
	if l.log.Enabled(ctx, level) {
		r := slog.NewRecord(rec.at, level, "call", 0)
		r.AddAttrs(attrs...)
		_ = l.log.Handler().Handle(ctx, r)
	}
}

func (l *CallLog) reportDropped(reported *int64) {
	if n := l.dropped.Load(); n != *reported {
		l.log.Warn("call log: lines dropped, the log could not keep up", "dropped", n)
		*reported = n
	}
}

// Close writes what is queued and stops; calls made after it are not logged.
func (l *CallLog) Close() {
	l.once.Do(func() {
		close(l.stop)
		<-l.done
	})
}
