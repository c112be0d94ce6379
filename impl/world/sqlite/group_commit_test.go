package sqlite

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// batch runs ops as one group commit: a first operation holds the lead until all of them have
// queued, so the next transaction takes them together. It returns each operation's error, the
// transaction each ran in, and which of them had their after-commit function run.
func batch(t *testing.T, st *Store, ops ...func(world.Tx) error) (errs []error, txs []*tx, after []bool) {
	t.Helper()
	ctx := context.Background()
	release, leading := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := st.Update(ctx, func(world.Tx) error { close(leading); <-release; return nil }); err != nil {
			t.Error(err)
		}
	}()
	<-leading
	errs, txs, after = make([]error, len(ops)), make([]*tx, len(ops)), make([]bool, len(ops))
	for i, op := range ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = st.Update(ctx, func(x world.Tx) error {
				txs[i] = x.(*tx)
				x.AfterCommit(func() { after[i] = true })
				return op(x)
			})
		}()
		for queued(st) < i+1 { // in order, so that the batch's order is known
			runtime.Gosched()
		}
	}
	close(release)
	wg.Wait()
	for i := range txs {
		if txs[i] != nil && txs[i] != txs[0] { // nil: the transaction ended before it
			t.Fatalf("operation %d ran in another transaction than operation 0", i)
		}
	}
	return errs, txs, after
}

func queued(st *Store) int {
	st.qmu.Lock()
	defer st.qmu.Unlock()
	return len(st.queue)
}

// metaState is what the cache and the database each say of keys.
func metaState(t *testing.T, st *Store, keys ...string) (cached, stored map[string]string) {
	t.Helper()
	cached, stored = map[string]string{}, map[string]string{}
	err := st.View(context.Background(), func(x world.Tx) error {
		for _, k := range keys {
			if v, ok, err := x.Meta().Get(k); err != nil {
				return err
			} else if ok {
				cached[k] = v
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		var v string
		if err := st.DB().QueryRow(`SELECT value FROM meta WHERE key = ?`, k).Scan(&v); err == nil {
			stored[k] = v
		}
	}
	return cached, stored
}

func set(k, v string) func(world.Tx) error {
	return func(x world.Tx) error { return x.Meta().Set(k, v) }
}

// An operation that fails in a shared transaction is rolled back alone: the others commit,
// it gets its own error, and neither the database, the cache nor its after-commit work keep
// a trace of it.
func TestGroupCommitFailureStaysAlone(t *testing.T) {
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	refused := errors.New("refused by the world's rules")
	errs, _, after := batch(t, st,
		set("a", "1"),
		func(x world.Tx) error {
			if err := x.Meta().Set("b", "1"); err != nil {
				return err
			}
			return refused
		},
		func(x world.Tx) error { // sees a, not b
			if _, ok, _ := x.Meta().Get("a"); !ok {
				return errors.New("a is not visible to the next operation")
			}
			if _, ok, _ := x.Meta().Get("b"); ok {
				return errors.New("the failed operation's b is visible")
			}
			return x.Meta().Set("c", "1")
		},
	)
	if errs[0] != nil || errs[2] != nil || !errors.Is(errs[1], refused) {
		t.Fatalf("errors = %v", errs)
	}
	if !after[0] || after[1] || !after[2] {
		t.Errorf("after-commit work run = %v, want only for the committed operations", after)
	}
	want := map[string]string{"a": "1", "c": "1"}
	cached, stored := metaState(t, st, "a", "b", "c")
	if !maps.Equal(cached, want) || !maps.Equal(stored, want) {
		t.Errorf("cached %v, stored %v; want %v", cached, stored, want)
	}
}

// What aborts the transaction itself (here a full disk) fails every operation in it with an
// error saying so, and leaves the database and the cache as they were; the next transaction
// works.
func TestGroupCommitAbortFailsAll(t *testing.T) {
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(context.Background(), set("before", "1")); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := st.DB().QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// The disk is full after a few more pages.
	if _, err := st.DB().Exec(`PRAGMA max_page_count = ` + strconv.Itoa(pages+4)); err != nil {
		t.Fatal(err)
	}
	errs, _, after := batch(t, st, set("a", "1"), set("big", strings.Repeat("x", 1<<20)), set("c", "1"))
	for i, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "aborted") {
			t.Errorf("operation %d: err = %v, want the transaction's abort", i, err)
		}
		if after[i] {
			t.Errorf("operation %d: after-commit work ran", i)
		}
	}
	want := map[string]string{"before": "1"}
	cached, stored := metaState(t, st, "before", "a", "big", "c")
	if !maps.Equal(cached, want) || !maps.Equal(stored, want) {
		t.Errorf("cached %v, stored %v; want %v", cached, stored, want)
	}
	if err := st.Update(context.Background(), set("after", "1")); err != nil {
		t.Fatalf("the next transaction: %v", err)
	}
}
