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
	cached, stored = cachedMeta(t, st, keys...), map[string]string{}
	for _, k := range keys {
		var v string
		if err := st.DB().QueryRow(`SELECT value FROM meta WHERE key = ?`, k).Scan(&v); err == nil {
			stored[k] = v
		}
	}
	return cached, stored
}

// cachedMeta is what a view says of keys.
func cachedMeta(t *testing.T, st *Store, keys ...string) map[string]string {
	t.Helper()
	cached := map[string]string{}
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
	return cached
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

// A view served from the cache does not wait for a transaction in progress, and sees the last
// commit, not the transaction's writes. (Were it to wait, this test would never end.)
func TestCachedViewDoesNotWaitForCommit(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(ctx, set("x", "old")); err != nil {
		t.Fatal(err)
	}
	written, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- st.Update(ctx, func(x world.Tx) error {
			if err := x.Meta().Set("x", "new"); err != nil {
				return err
			}
			close(written)
			<-release // the transaction stays open
			return nil
		})
	}()
	<-written
	cached := cachedMeta(t, st, "x")
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if cached["x"] != "old" {
		t.Errorf("a view during the transaction saw x = %q, want the committed %q", cached["x"], "old")
	}
	if cached := cachedMeta(t, st, "x"); cached["x"] != "new" {
		t.Errorf("after the commit x = %q, want %q", cached["x"], "new")
	}
}

// A view that began on the cache and then reads SQLite runs again from the start when a
// commit came in between, so that what it read from the cache and from SQLite is one state.
func TestViewRunsAgainAfterACommitInBetween(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(ctx, set("x", "old")); err != nil {
		t.Fatal(err)
	}
	writing := make(chan struct{})
	done := make(chan error)
	var runs int
	var x string
	err = st.View(ctx, func(tx world.Tx) error {
		runs++
		v, _, err := tx.Meta().Get("x") // from the cache
		if err != nil {
			return err
		}
		if runs == 1 {
			go func() {
				done <- st.Update(ctx, func(tx world.Tx) error { close(writing); return tx.Meta().Set("x", "new") })
			}()
			<-writing // it holds the connection until it has committed and applied
		}
		if _, err := tx.Messages().Get(1); !errors.Is(err, world.ErrNotFound) { // from SQLite
			return err
		}
		x = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if runs != 2 || x != "new" {
		t.Errorf("runs = %d, x = %q; want 2 runs, the second seeing the commit (new)", runs, x)
	}
}
