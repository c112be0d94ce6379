// Package sqlite is the embedded store of the world: one SQLite database file through the
// pure-Go driver modernc.org/sqlite (so `go install` needs no C toolchain), in WAL mode with
// synchronous=FULL, so a transaction that has committed survives a killed process and a power
// loss. One connection serializes transactions: the world is a single writer.
//
// The database is opened in exclusive locking mode: one process owns a data directory (a
// second server on it fails at start instead of sharing media files it cannot coordinate
// on), and transactions skip the per-transaction file locking.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"sync"

	sqlitedrv "modernc.org/sqlite" // also registers the "sqlite" database/sql driver

	"github.com/onespec/onespec/impl/world"
)

// Memory opens a private in-memory database (tests, throwaway worlds).
const Memory = ":memory:"

// sqliteBusy is SQLITE_BUSY, the primary result code of a database locked by another
// connection.
const sqliteBusy = 5

// Store is a world.Store on one SQLite database.
//
// Transactions run on the one connection through the driver's own interface, with statements
// prepared once: database/sql's transaction, statement and scanning layers cost more than the
// statements themselves (a world read was ~16 µs a query through them, ~2 µs without).
type Store struct {
	db *sql.DB
	// mu is held by every transaction for its whole run: there is one connection, and the
	// cache and the prepared statements change only between transactions.
	mu sync.Mutex
	// dc is the driver connection the statements were prepared on, and stmts those
	// statements (by query text), with begin/commit/rollback among them.
	dc    any
	stmts map[string]driver.Stmt
	// cache mirrors the hot tables (see cache); nil until loaded, and again after a
	// transaction wrote them in a way the cache does not follow.
	cache *cache
}

var _ world.Store = (*Store)(nil)

// Transaction control, prepared with the rest.
var (
	qBegin     = query(`BEGIN IMMEDIATE`)
	qBeginRead = query(`BEGIN`)
	qCommit    = query(`COMMIT`)
	qRollback  = query(`ROLLBACK`)
)

// Open opens (creating it when missing) the database at path, or Memory, and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	// locking_mode first: set before WAL is first used, SQLite keeps the WAL index in
	// memory instead of a shared-memory file.
	for _, p := range []string{"locking_mode(EXCLUSIVE)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(1000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// One connection: an in-memory database exists per connection, and a single writer never
	// meets SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		if se := (*sqlitedrv.Error)(nil); errors.As(err, &se) && se.Code()&0xff == sqliteBusy {
			return nil, fmt.Errorf("%s is in use by another process (is another onespec serving this data directory?): %w", path, err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	conn, err := s.acquire(ctx)
	if err == nil {
		err = conn.Close()
	}
	if err != nil {
		s.closeStmts()
		db.Close()
		return nil, err
	}
	return s, nil
}

// acquire takes the connection for one transaction, preparing the statements on it when it
// is not the one they were prepared on (the first time; again only if database/sql ever
// replaced a broken connection). The caller holds mu (or is Open) and closes the returned
// *sql.Conn at the end of the transaction.
//
// The driver connection is used after Raw returns, until that Close: database/sql hands a
// connection held by a *sql.Conn to nobody else, and only Close ends the hold.
func (s *Store) acquire(ctx context.Context) (*sql.Conn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	err = conn.Raw(func(dc any) error {
		if dc == s.dc {
			return nil
		}
		s.dc, s.stmts = nil, map[string]driver.Stmt{}
		prep, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("sqlite: the driver cannot prepare statements")
		}
		for _, q := range queries {
			if _, ok := s.stmts[q]; ok {
				// Registered twice (DeleteGroup and PutHonors both delete a group's honors):
				// preparing it again would leak the first statement, and a statement left
				// unfinalized keeps the closed database's exclusive lock (the store could not
				// be opened again after Close).
				continue
			}
			st, err := prep.PrepareContext(ctx, q)
			if err != nil {
				return fmt.Errorf("sqlite: preparing %q: %w", q, err)
			}
			s.stmts[q] = st
		}
		s.dc = dc
		return nil
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// closeStmts finalizes the prepared statements. SQLite keeps a connection with unfinalized
// statements open after close (a zombie still holding the exclusive lock on the file), so a
// store that left them would lock its data directory against the next open.
func (s *Store) closeStmts() {
	for _, st := range s.stmts {
		st.Close()
	}
	s.dc, s.stmts = nil, nil
}

// schemaFormat is the database's PRAGMA user_version: 1 and 2 numbered the global migrations
// of earlier onespecs; 3 keeps one version per feature in schema_versions. An older onespec
// refuses a database of format 3 instead of misreading it.
const schemaFormat = 3

// migrate brings every feature's schema up to date in one transaction: a failed migration
// leaves the database as it was.
func (s *Store) migrate(ctx context.Context) error {
	var format int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&format); err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if format > schemaFormat {
		return fmt.Errorf("schema format %d is newer than this onespec knows (%d): use a newer onespec or another data directory", format, schemaFormat)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_versions (feature TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID`); err != nil {
		return fmt.Errorf("schema versions: %w", err)
	}
	for _, f := range features {
		var have int
		err := tx.QueryRowContext(ctx, `SELECT version FROM schema_versions WHERE feature = ?`, f.name).Scan(&have)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("schema version of %s: %w", f.name, err)
		}
		if have > len(f.migrations) {
			return fmt.Errorf("the %s schema is at version %d, newer than this onespec knows (%d): use a newer onespec or another data directory", f.name, have, len(f.migrations))
		}
		for v := have; v < len(f.migrations); v++ {
			if _, err := tx.ExecContext(ctx, f.migrations[v]); err != nil {
				return fmt.Errorf("%s migration %d: %w", f.name, v+1, err)
			}
		}
		if have < len(f.migrations) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_versions (feature, version) VALUES (?, ?)
				ON CONFLICT (feature) DO UPDATE SET version = excluded.version`, f.name, len(f.migrations)); err != nil {
				return fmt.Errorf("%s schema version: %w", f.name, err)
			}
		}
	}
	if format != schemaFormat {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaFormat)); err != nil {
			return fmt.Errorf("schema format: %w", err)
		}
	}
	return tx.Commit()
}

// Close closes the database, checkpointing the WAL.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// The statements belong to the connection: finalize them on it, then close it.
	if conn, err := s.db.Conn(context.Background()); err == nil {
		conn.Raw(func(dc any) error {
			if dc == s.dc {
				s.closeStmts()
			}
			return nil
		})
		conn.Close()
	}
	return s.db.Close()
}

// DB is the underlying database, for integrity checks and benchmarks. Writing the world's
// tables through it bypasses the store's cache.
func (s *Store) DB() *sql.DB { return s.db }

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok" when sound).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var verdict string
	err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict)
	return verdict, err
}

// Update runs fn in a write transaction and commits it before returning.
func (s *Store) Update(ctx context.Context, fn func(world.Tx) error) error {
	return s.run(ctx, false, fn)
}

// View runs fn in a transaction that is rolled back (nothing it did is kept). A view that
// reads only cached state never touches the connection at all.
func (s *Store) View(ctx context.Context, fn func(world.Tx) error) error {
	return s.run(ctx, true, fn)
}

func (s *Store) run(ctx context.Context, readOnly bool, fn func(world.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache == nil {
		c, err := loadCache(ctx, s.db)
		if err != nil {
			return err
		}
		s.cache = c
	}
	// The context is checked above, once: the statements run without it. A transaction of
	// microseconds gains nothing from being interruptible, and the driver starts a goroutine
	// per statement to watch a cancellable context.
	t := &tx{ctx: context.WithoutCancel(ctx), s: s, readOnly: readOnly, c: s.cache}
	defer t.release()
	if !readOnly {
		// A write begins at once (IMMEDIATE: it takes the write lock up front).
		if err := t.begin(); err != nil {
			return err
		}
	}
	err := fn(t)
	if !t.began { // a view served from the cache
		return err
	}
	t.began = false // ended here, one way or the other
	if err != nil || readOnly {
		if rerr := t.control(qRollback); rerr != nil {
			return errors.Join(err, fmt.Errorf("sqlite: rollback: %w", rerr))
		}
		return err
	}
	if err := t.control(qCommit); err != nil {
		// SQLite rolls back a transaction whose COMMIT failed, or leaves it open; either way
		// it is over, and what the cache should hold is read again.
		t.control(qRollback)
		s.cache = nil
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	if t.reload {
		s.cache = nil
		return nil
	}
	for _, op := range t.ops {
		op(s.cache)
	}
	return nil
}

// queries lists every statement the store prepares at Open.
var queries []string

// query registers a statement for preparation.
func query(q string) string {
	queries = append(queries, q)
	return q
}
