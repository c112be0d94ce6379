// Package sqlite is the embedded store of the world: one SQLite database file through the
// pure-Go driver modernc.org/sqlite (so `go install` needs no C toolchain), in WAL mode with
// synchronous=FULL, so a transaction that has committed survives a killed process and a power
// loss. One connection serializes transactions: the world is a single writer, and concurrent
// operations share a transaction (a group commit, see Store.Update) so that they share its fsync.
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
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
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
	// transaction wrote them in a way the cache does not follow. It changes only with mu held
	// and under cacheMu's write lock (a committed transaction applying its writes, a reload);
	// views that read nothing else hold cacheMu's read lock instead of mu, so they never wait
	// for a transaction, only for the moment its writes are applied.
	cache *cache
	// path and file are the database file as opened (none for Memory): SQLite goes on writing
	// into a file deleted or replaced under it, and every acknowledged write would be lost at
	// the next start, so each transaction that writes checks first (checkFile).
	path    string
	file    os.FileInfo
	cacheMu sync.RWMutex
	// gen counts the changes to the cache (under cacheMu): a view that began on the cache
	// can go on reading SQLite only if no commit came in between.
	gen uint64

	// The group commit (Update): operations waiting for a transaction, and whether one of
	// their callers is leading (running batches).
	qmu     sync.Mutex
	queue   []*pending
	leading bool
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
	// temp_store in memory: each operation of a group commit runs in a savepoint, whose
	// journal of the pages it changes is a temporary file otherwise (a write syscall per page
	// was a third of a send). It is scratch space: the WAL is what makes a commit durable.
	for _, p := range []string{"locking_mode(EXCLUSIVE)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(1000)", "temp_store(MEMORY)"} {
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
	if path != Memory {
		if s.file, err = os.Stat(path); err != nil {
			s.closeStmts()
			db.Close()
			return nil, fmt.Errorf("the database: %w", err)
		}
		s.path = path
	}
	return s, nil
}

// checkFile refuses to write once the database file opened is no longer the file at its path
// (deleted, or replaced): a stat per transaction, once for every operation of a group commit.
func (s *Store) checkFile() error {
	if s.file == nil {
		return nil
	}
	now, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s was deleted while the server ran: nothing more can be kept; stop the server and start it again (the world starts afresh)", s.path)
	case err != nil:
		return fmt.Errorf("checking %s: %w", filepath.Base(s.path), err)
	case !os.SameFile(now, s.file):
		return fmt.Errorf("%s was replaced while the server ran: this server's writes would be lost; stop it and start it again", s.path)
	}
	return nil
}

// acquire takes the connection for one transaction, forgetting the statements prepared on
// another connection (database/sql replaced a broken one). The caller holds mu (or is Open)
// and closes the returned *sql.Conn at the end of the transaction.
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
		if _, ok := dc.(driver.ConnPrepareContext); !ok {
			return fmt.Errorf("sqlite: the driver cannot prepare statements")
		}
		s.dc, s.stmts = dc, map[string]driver.Stmt{}
		return nil
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// prepared is q's statement on the connection held (see acquire), prepared at its first use:
// a start prepares none of the hundreds of statements the features register, and a server
// prepares only those its bots' actions reach. The caller holds mu. A statement is prepared
// once per connection (two features may register the same text), never twice: a statement
// left unfinalized keeps the closed database's exclusive lock (the store could not be opened
// again after Close). TestEveryQueryPrepares prepares them all.
func (s *Store) prepared(ctx context.Context, q string) (driver.Stmt, error) {
	if st, ok := s.stmts[q]; ok {
		return st, nil
	}
	st, err := s.dc.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("sqlite: preparing %q: %w", q, err)
	}
	s.stmts[q] = st
	return st, nil
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

// Update runs fn as one operation of a group commit and returns once that commit is durable.
//
// Operations that arrive while a transaction is committing queue up, and the next one runs them
// all in one transaction (BEGIN IMMEDIATE … COMMIT: one fsync for the lot), each in its own
// savepoint: an operation that fails is rolled back to its savepoint and leaves no trace, the
// others commit. Nobody is answered before the commit; the work fn registers with
// Tx.AfterCommit runs after it, operation by operation in commit order, before the next
// transaction begins. What aborts the transaction itself (an I/O error, a full disk, a failed
// COMMIT) fails every operation in it and leaves the database and the cache as they were.
//
// The queue is led by one of the waiting callers (no goroutine of the store's own): the first
// caller to find nobody committing runs a batch of everything queued, then hands the lead to
// the first operation that queued meanwhile.
func (s *Store) Update(ctx context.Context, fn func(world.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p := &pending{ctx: ctx, fn: fn, done: make(chan bool, 1)}
	s.qmu.Lock()
	s.queue = append(s.queue, p)
	lead := !s.leading
	s.leading = true
	s.qmu.Unlock()
	if !lead && !<-p.done {
		return p.result()
	}
	// p leads: it is first in the queue (the queue is empty whenever nobody leads, and the
	// lead passes to the first one queued).
	s.qmu.Lock()
	n := min(len(s.queue), maxBatch)
	batch := s.queue[:n:n]
	s.queue = append([]*pending(nil), s.queue[n:]...)
	s.qmu.Unlock()
	defer func() {
		// Even when an after-commit function panicked: everyone else in the batch is answered
		// and the next batch gets its leader.
		for _, q := range batch[1:] {
			q.done <- false
		}
		s.qmu.Lock()
		if len(s.queue) > 0 {
			s.queue[0].done <- true
		} else {
			s.leading = false
		}
		s.qmu.Unlock()
	}()
	s.commitBatch(batch)
	for _, q := range batch {
		for _, f := range q.after {
			f()
		}
	}
	return p.result()
}

// maxBatch bounds the operations of one transaction, so that one commit answers no later than
// a bounded amount of work after it was asked for.
const maxBatch = 256

// pending is an operation queued for a group commit.
type pending struct {
	ctx context.Context
	fn  func(world.Tx) error
	// err is the operation's outcome; panicked holds what fn panicked with (re-raised in the
	// caller's goroutine, as if fn had run there).
	err      error
	panicked any
	// after is what fn registered with AfterCommit, kept only when the operation committed.
	after []func()
	// done receives once: true hands the caller the lead, false says the outcome is set.
	done chan bool
}

func (p *pending) result() error {
	if p.panicked != nil {
		panic(p.panicked)
	}
	return p.err
}

// Savepoints of a group commit, one per operation at a time.
var (
	qSavepoint  = query(`SAVEPOINT op`)
	qRollbackTo = query(`ROLLBACK TO op`)
	qRelease    = query(`RELEASE op`)
)

// commitBatch runs batch in one transaction, setting each operation's outcome.
func (s *Store) commitBatch(batch []*pending) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.runBatch(batch); err != nil {
		err = fmt.Errorf("sqlite: the transaction of %d operation(s) was aborted and kept nothing of any of them: %w", len(batch), err)
		for _, p := range batch {
			if p.err == nil && p.panicked == nil {
				p.err = err
			}
			p.after = nil
		}
	}
}

// runBatch runs the batch's operations each in its savepoint and commits them. An error it
// returns aborted the whole transaction; an operation's own failure is in its err.
func (s *Store) runBatch(batch []*pending) error {
	if err := s.checkFile(); err != nil {
		return err
	}
	if err := s.ensureCache(context.Background()); err != nil {
		return err
	}
	t := &tx{ctx: context.Background(), s: s, c: s.cache}
	defer t.release()
	// IMMEDIATE: the transaction takes the write lock up front.
	if err := t.begin(); err != nil {
		return err
	}
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.err = err // gave up while queued: never run
			continue
		}
		// The context is checked when the operation starts: the statements run without it. A
		// transaction of microseconds gains nothing from being interruptible, and the driver
		// starts a goroutine per statement to watch a cancellable context.
		t.ctx = context.WithoutCancel(p.ctx)
		if err := t.control(qSavepoint); err != nil {
			return fmt.Errorf("savepoint: %w", err)
		}
		ops, after := len(t.ops), len(t.after)
		t.lastConv = ""
		err := p.run(t)
		if err != nil || p.panicked != nil {
			if aborts(err) {
				return err
			}
			if rerr := t.control(qRollbackTo); rerr != nil {
				return errors.Join(err, fmt.Errorf("rolling back to the savepoint: %w", rerr))
			}
			// What the failed operation queued for the cache and after the commit goes with
			// it. Its flags stay: they only make the rest of the transaction read SQLite.
			t.ops, t.after = t.ops[:ops], t.after[:after]
			p.err = err
		} else {
			p.after = t.after[after:len(t.after):len(t.after)]
		}
		if err := t.control(qRelease); err != nil {
			return fmt.Errorf("releasing the savepoint: %w", err)
		}
	}
	t.ctx = context.Background()
	if err := t.control(qCommit); err != nil {
		// SQLite rolls back a transaction whose COMMIT failed, or leaves it open (release
		// rolls it back); either way what the cache should hold is read again.
		s.setCache(nil)
		return fmt.Errorf("commit: %w", err)
	}
	t.began = false
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	s.gen++
	if t.reload {
		s.cache = nil
		return nil
	}
	for _, op := range t.ops {
		op(s.cache)
	}
	return nil
}

// ensureCache loads the cache when it is not loaded; mu is held.
func (s *Store) ensureCache(ctx context.Context) error {
	if s.cache != nil {
		return nil
	}
	c, err := loadCache(ctx, s.db)
	if err != nil {
		return err
	}
	s.setCache(c)
	return nil
}

// setCache replaces the cache; mu is held.
func (s *Store) setCache(c *cache) {
	s.cacheMu.Lock()
	s.gen++
	s.cache = c
	s.cacheMu.Unlock()
}

// run runs the operation's fn, catching a panic as the operation's failure.
func (p *pending) run(t *tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			p.panicked = r
		}
	}()
	return p.fn(t)
}

// aborts reports whether err leaves the transaction itself unusable (SQLite may have rolled
// it back entirely), so that no operation in it can commit: the disk, the file or memory
// failed, not the operation.
func aborts(err error) bool {
	var se *sqlitedrv.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case 7, 10, 11, 13, 14, 26: // NOMEM, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB
		return true
	}
	return false
}

// View runs fn on the committed state and keeps nothing it did.
//
// A view first runs on the cache alone, holding only the cache's read lock: it never waits for
// a transaction in progress (a group commit's fsync), and sees the state of the last commit.
// A view that reads anything else (messages, files...) goes on as a transaction on the
// connection, after the transaction in progress; when that one committed meanwhile (what the
// view read from the cache may be out of date), it runs again from the start.
func (s *Store) View(ctx context.Context, fn func(world.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t, err := s.viewCached(fn); t != nil && !t.needsSQLite {
		return t.ended(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ensureCache(ctx); err != nil {
		return err
	}
	// The context is checked above, once: the statements run without it (see runBatch).
	t := &tx{ctx: context.WithoutCancel(ctx), s: s, readOnly: true, c: s.cache}
	defer t.release()
	err := fn(t)
	if t.began {
		t.began = false
		if rerr := t.control(qRollback); rerr != nil {
			return errors.Join(err, fmt.Errorf("sqlite: rollback: %w", rerr))
		}
	}
	return t.ended(err)
}

// viewCached runs fn on the cache alone, or returns a nil tx when the cache is not loaded. At
// the view's first statement (tx.stmt) it takes the connection, after the transaction in
// progress, and goes on there when no commit came in between; else the view is run again. A
// panic that follows a cut-off read (its error ignored, a zero value used) is not the view's:
// it runs again too.
func (s *Store) viewCached(fn func(world.Tx) error) (t *tx, err error) {
	s.cacheMu.RLock()
	if s.cache == nil {
		s.cacheMu.RUnlock()
		return nil, nil
	}
	t = &tx{ctx: context.Background(), s: s, readOnly: true, cacheOnly: true, c: s.cache, gen: s.gen}
	defer func() {
		if t.holdsMu {
			t.release()
			s.mu.Unlock()
		} else {
			s.cacheMu.RUnlock()
		}
	}()
	defer func() {
		if r := recover(); r != nil && !t.needsSQLite {
			panic(r)
		}
	}()
	return t, fn(t)
}

// ended runs a view's after work (there is nothing to wait for) and returns its error.
func (t *tx) ended(err error) error {
	if err == nil {
		for _, f := range t.after {
			f()
		}
	}
	return err
}

// queries lists every statement the store prepares at Open.
var queries []string

// query registers a statement for preparation.
func query(q string) string {
	queries = append(queries, q)
	return q
}
