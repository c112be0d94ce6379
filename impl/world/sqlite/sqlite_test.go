package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
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

// A feature's schema written by a newer onespec is refused too.
func TestNewerFeatureSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	st := open(t, path)
	if _, err := st.DB().Exec("UPDATE schema_versions SET version = 99 WHERE feature = 'members'"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := sqlite.Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "members schema is at version 99") {
		t.Fatalf("err = %v", err)
	}
}

// A database made before per-feature schema versions (testdata/schema-v2.sql, user_version
// 2) opens with its data, and is then of the current format.
func TestUpgradeFromGlobalMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	schema, err := os.ReadFile("testdata/schema-v2.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(schema), "PRAGMA user_version = 2",
		`INSERT INTO accounts (id, nickname, sex, age, level, sign, area, bot) VALUES (1, 'bot', 'unknown', 0, 0, '', '', 1), (2, 'u', 'male', 0, 0, '', '', 0)`,
		`INSERT INTO chat_groups (id, name, memo, max_members, whole_ban, allow_anonymous, created_at) VALUES (9, 'g', '', 200, 0, 0, 1)`,
		`INSERT INTO members VALUES (9, 1, 'owner', 'card', '1', '', 0, 1, 0, 0)`,
		`INSERT INTO group_files (id, group_id, name, size, uploader_id, time, busid) VALUES ('/f', 9, 'a.txt', 3, 1, 1, 102)`,
		`INSERT INTO meta VALUES ('default_bot', '1')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	db.Close()
	st := open(t, path)
	err = st.View(ctx, func(tx world.Tx) error {
		m, err := tx.Members().Get(9, 1)
		if err != nil || m.Card != "card" {
			t.Errorf("membership %+v %v", m, err)
		}
		files, err := tx.GroupFiles().List(9)
		if err != nil || len(files) != 1 {
			t.Errorf("group files %+v %v", files, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var version int
	if err := st.DB().QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != 3 {
		t.Errorf("user_version %d %v", version, err)
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
			if err := tx.Accounts().Put(a); err != nil {
				return err
			}
		}
		for _, m := range []world.Message{msg(0, 1, 2, "a"), msg(0, 2, 1, "b"), msg(0, 1, 3, "c")} {
			if err := tx.Messages().Insert(&m); err != nil {
				return err
			}
			ids = append(ids, m.ID)
			if want := map[int64]int64{2: 1, 1: 2, 3: 1}[m.PeerID]; m.Seq != want {
				t.Errorf("message %q: seq %d, want %d", cqcode.PlainText(m.Segments), m.Seq, want)
			}
		}
		_, err := tx.Messages().PruneConversation("p:1:3", 0, 101) // everything older than 101
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
		if _, err := tx.Messages().Get(3); !errors.Is(err, world.ErrNotFound) {
			t.Errorf("pruned message 3: %v", err)
		}
		m := msg(0, 1, 3, "d")
		if err := tx.Messages().Insert(&m); err != nil {
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
		if _, err := tx.Messages().Get(4); !errors.Is(err, world.ErrNotFound) {
			t.Errorf("a rolled-back message exists: %v", err)
		}
		m, err := tx.Messages().Get(2)
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
				if _, err := tx.Messages().Get(1); !errors.Is(err, world.ErrNotFound) { // begins a view
					t.Error(err)
				}
				if !readOnly {
					if err := tx.Accounts().Put(world.Account{ID: 7, Sex: world.Unknown}); err != nil {
						t.Error(err)
					}
				}
				panic("boom")
			})
		}()
	}
	err := st.Update(ctx, func(tx world.Tx) error {
		if _, err := tx.Accounts().Get(7); !errors.Is(err, world.ErrNotFound) {
			t.Errorf("the panicked transaction's account: %v", err)
		}
		return tx.Accounts().Put(world.Account{ID: 8, Sex: world.Unknown})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx world.Tx) error {
		_, err := tx.Accounts().Get(8)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A conversation with a count limit is pruned in batches: on every keep/64th message, down to
// the newest keep; in between it holds fewer than keep/64 more.
func TestPruneInBatches(t *testing.T) {
	ctx := context.Background()
	st := open(t, sqlite.Memory)
	const keep, every = 640, 10
	count := func() (n int) {
		if err := st.DB().QueryRow(`SELECT count(*) FROM messages WHERE conv = 'p:1:2'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := st.Update(ctx, func(tx world.Tx) error {
		for _, a := range []world.Account{{ID: 1, Sex: world.Unknown}, {ID: 2, Sex: world.Unknown}} {
			if err := tx.Accounts().Put(a); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	pruned := 0
	for i := 1; i <= keep+3*every; i++ {
		err := st.Update(ctx, func(tx world.Tx) error {
			m := msg(0, 1, 2, "hi")
			if err := tx.Messages().Insert(&m); err != nil {
				return err
			}
			n, err := tx.Messages().PruneConversation(m.Conversation(), keep, 0)
			pruned += n
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		switch n := count(); {
		case i%every == 0 && n != min(i, keep):
			t.Fatalf("after message %d (a pruning one): %d kept, want %d", i, n, min(i, keep))
		case n < min(i, keep) || n >= keep+every:
			t.Fatalf("after message %d: %d kept, want %d to %d", i, n, min(i, keep), keep+every-1)
		}
	}
	if pruned != 3*every {
		t.Errorf("pruned %d, want %d", pruned, 3*every)
	}
}
