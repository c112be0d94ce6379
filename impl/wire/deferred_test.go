package wire

import (
	"sync"
	"testing"
	"time"
)

func TestSplitSuffix(t *testing.T) {
	tests := []struct{ in, base, suffix string }{
		{"send_msg_async", "send_msg", suffixAsync},
		{"send_msg_rate_limited", "send_msg", suffixRateLimited},
		{"send_msg", "send_msg", ""},
		{"_async", "_async", ""},
		{".handle_quick_operation_async", ".handle_quick_operation", suffixAsync},
	}
	for _, tt := range tests {
		if base, suffix := splitSuffix(tt.in); base != tt.base || suffix != tt.suffix {
			t.Errorf("splitSuffix(%q) = %q, %q; want %q, %q", tt.in, base, suffix, tt.base, tt.suffix)
		}
	}
}

// The rate-limited queue runs jobs in order, one at a time, and refuses work beyond its bound
// instead of growing.
func TestDeferredQueue(t *testing.T) {
	d := newDeferred(time.Nanosecond)
	release := make(chan struct{})
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	wg.Add(maxRateLimitQueue)
	for i := 0; i < maxRateLimitQueue; i++ {
		i := i
		ok := d.submit(suffixRateLimited, func() {
			if i == 0 {
				<-release // hold the queue so it fills up
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			wg.Done()
		})
		if !ok {
			t.Fatalf("job %d refused below the bound", i)
		}
	}
	// The first job may already have left the queue; fill whatever room is left, then one more.
	for d.submit(suffixRateLimited, func() {}) {
	}
	close(release)
	wg.Wait()
	for i, got := range order {
		if got != i {
			t.Fatalf("job %d ran as number %d", got, i)
		}
	}
}

func TestDeferredAsyncBound(t *testing.T) {
	d := newDeferred(0)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < maxConcurrentAsync; i++ {
		wg.Add(1)
		if !d.submit(suffixAsync, func() { <-release; wg.Done() }) {
			t.Fatalf("async job %d refused below the bound", i)
		}
	}
	if d.submit(suffixAsync, func() {}) {
		t.Fatal("an async job beyond the bound was accepted")
	}
	close(release)
	wg.Wait()
}
