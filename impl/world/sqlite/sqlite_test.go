package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

func open(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// A data directory written by a newer onespec (a schema version this one does not know) is
// refused rather than misread.
func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := sqlite.Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "newer than this onespec knows") {
		t.Fatalf("err = %v", err)
	}
}

// One process owns a database: a second store on the same file fails at once, saying why.
func TestOneOwner(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	open(t, path)
	if _, err := sqlite.Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "in use by another process") {
		t.Fatalf("a second store on the same file: %v", err)
	}
}

// Reopening applies no migration twice and keeps the WAL journal.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	open(t, path).Close()
	st := open(t, path)
	var mode string
	var version int
	if err := st.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q %v", mode, err)
	}
	if err := st.DB().QueryRow("PRAGMA user_version").Scan(&version); err != nil || version < 1 {
		t.Errorf("user_version %d %v", version, err)
	}
}

func msg(id int32, from, to int64, text string) world.Message {
	return world.Message{ID: id, Type: world.Private, SenderID: from, PeerID: to, Time: 100, Segments: []cqcode.Segment{cqcode.Text(text)}}
}

// Message ids are never reused, even when the newest message is pruned; seq counts per
// conversation from both sides of a private chat; a failed transaction leaves nothing.
func TestMessages(t *testing.T) {
	ctx := context.Background()
	st := open(t, sqlite.Memory)
	var ids []int32
	err := st.Update(ctx, func(tx world.Tx) error {
		for _, a := range []world.Account{{ID: 1, Sex: world.Unknown}, {ID: 2, Sex: world.Unknown}, {ID: 3, Sex: world.Unknown}} {
			if err := tx.PutAccount(a); err != nil {
				return err
			}
		}
		for _, m := range []world.Message{msg(0, 1, 2, "a"), msg(0, 2, 1, "b"), msg(0, 1, 3, "c")} {
			if err := tx.InsertMessage(&m); err != nil {
				return err
			}
			ids = append(ids, m.ID)
			if want := map[int64]int64{2: 1, 1: 2, 3: 1}[m.PeerID]; m.Seq != want {
				t.Errorf("message %q: seq %d, want %d", cqcode.PlainText(m.Segments), m.Seq, want)
			}
		}
		_, err := tx.PruneConversation("p:1:3", 0, 101) // everything older than 101
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if ids[0] != 1 || ids[1] != 2 || ids[2] != 3 {
		t.Fatalf("ids %v", ids)
	}
	boom := errors.New("boom")
	err = st.Update(ctx, func(tx world.Tx) error {
		if _, err := tx.Message(3); !errors.Is(err, world.ErrNotFound) {
			t.Errorf("pruned message 3: %v", err)
		}
		m := msg(0, 1, 3, "d")
		if err := tx.InsertMessage(&m); err != nil {
			return err
		}
		if m.ID != 4 {
			t.Errorf("the id after a pruned newest message: %d, want 4", m.ID)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx world.Tx) error {
		if _, err := tx.Message(4); !errors.Is(err, world.ErrNotFound) {
			t.Errorf("a rolled-back message exists: %v", err)
		}
		m, err := tx.Message(2)
		if err != nil || cqcode.PlainText(m.Segments) != "b" || m.SenderID != 2 {
			t.Errorf("message 2: %+v %v", m, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A transaction cut short by a panic (which the HTTP layer recovers from) is rolled back: its
// write is not kept, the cache does not see it, and the next transactions run.
func TestPanicRollsBack(t *testing.T) {
	ctx := context.Background()
	st := open(t, sqlite.Memory)
	for _, readOnly := range []bool{false, true} {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			run := st.Update
			if readOnly {
				run = st.View
			}
			run(ctx, func(tx world.Tx) error {
				if _, err := tx.Message(1); !errors.Is(err, world.ErrNotFound) { // begins a view
					t.Error(err)
				}
				if !readOnly {
					if err := tx.PutAccount(world.Account{ID: 7, Sex: world.Unknown}); err != nil {
						t.Error(err)
					}
				}
				panic("boom")
			})
		}()
	}
	err := st.Update(ctx, func(tx world.Tx) error {
		if _, err := tx.Account(7); !errors.Is(err, world.ErrNotFound) {
			t.Errorf("the panicked transaction's account: %v", err)
		}
		return tx.PutAccount(world.Account{ID: 8, Sex: world.Unknown})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx world.Tx) error {
		_, err := tx.Account(8)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
