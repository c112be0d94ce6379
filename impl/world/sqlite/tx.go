package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/onespec/onespec/impl/world"
)

// tx is a world.Tx on one SQLite transaction.
type tx struct {
	ctx context.Context
	s   *Store
	// conn holds the connection from the first statement to the end (see Store.acquire);
	// began says the SQLite transaction is open. A view begins at its first statement.
	conn     *sql.Conn
	began    bool
	readOnly bool
	// cacheOnly is a view on the cache as of gen (Store.viewCached), holding the cache's read
	// lock; at its first statement it takes Store.mu instead (holdsMu), or, when the cache
	// changed meanwhile, fails that statement with errNeedsSQLite and sets needsSQLite: the
	// view runs again.
	cacheOnly, holdsMu, needsSQLite bool
	gen                             uint64
	// c is the committed cache, to read from until this transaction writes a cached table
	// (then nil: its reads go to SQLite, which has its writes).
	c *cache
	// ops apply this transaction's writes to the cache once it has committed.
	ops []func(*cache)
	// after is what the operations asked to run once they have committed (AfterCommit).
	after []func()
	// reload drops the cache at commit: a cached table was written by a statement the cache
	// does not follow.
	reload bool
	// shaped says this transaction changed which accounts are bots or who is in which group,
	// so the committed cache cannot tell who receives a message.
	shaped bool
	// lastConv and lastSeq are the conversation and seq of the last message inserted.
	lastConv string
	lastSeq  int64
	// args and vals are reused by every statement of the transaction.
	args []driver.NamedValue
	vals []driver.Value
}

var _ world.Tx = (*tx)(nil)

// errNeedsSQLite ends a cache-only view at its first statement.
var errNeedsSQLite = errors.New("sqlite: this view reads beyond the cache")

// begin opens the SQLite transaction, taking the connection.
func (t *tx) begin() error {
	if t.conn == nil {
		conn, err := t.s.acquire(t.ctx)
		if err != nil {
			return err
		}
		t.conn = conn
	}
	q := qBegin
	if t.readOnly {
		q = qBeginRead // deferred: no write lock
	}
	if err := t.control(q); err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	t.began = true
	return nil
}

// release gives the connection back. A transaction still open here was cut short by a panic
// in fn: it is rolled back, or the next BEGIN would fail on the one connection for good.
func (t *tx) release() {
	if t.began {
		t.began = false
		t.control(qRollback)
	}
	if t.conn != nil {
		t.conn.Close()
		t.conn = nil
	}
}

// AfterCommit queues f to run once the operation has committed, in commit order (a view's
// when it ends).
func (t *tx) AfterCommit(f func()) { t.after = append(t.after, f) }

// control runs a transaction control statement.
func (t *tx) control(q string) error {
	st, err := t.s.prepared(t.ctx, q)
	if err != nil {
		return err
	}
	_, err = st.(driver.StmtExecContext).ExecContext(t.ctx, nil)
	return err
}

// stmt is q's prepared statement with args bound as the driver takes them, beginning the
// transaction at a view's first statement.
func (t *tx) stmt(q string, args []any) (driver.Stmt, []driver.NamedValue, error) {
	if t.cacheOnly {
		t.cacheOnly = false
		t.s.cacheMu.RUnlock()
		t.s.mu.Lock() // after the transaction in progress, if any
		t.holdsMu = true
		if t.s.gen != t.gen {
			t.needsSQLite = true
			return nil, nil, errNeedsSQLite
		}
	}
	if t.needsSQLite {
		return nil, nil, errNeedsSQLite
	}
	if !t.began {
		if err := t.begin(); err != nil {
			return nil, nil, err
		}
	}
	t.args = t.args[:0]
	for i, a := range args {
		switch a.(type) {
		case int64, string, nil, bool, float64, []byte:
		default:
			// Named types (world.Role, int32, sql.NullString…) as database/sql converts them.
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return nil, nil, fmt.Errorf("sqlite: argument %d of %.40q: %w", i+1, q, err)
			}
			a = v
		}
		t.args = append(t.args, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	st, err := t.s.prepared(t.ctx, q)
	if err != nil {
		return nil, nil, err
	}
	return st, t.args, nil
}

// exec runs a statement that changes nothing the cache holds (or, when it writes a cached
// table, drops the cache at commit: see cachedTables).
func (t *tx) exec(q string, args ...any) (driver.Result, error) {
	if writesCache[q] {
		t.c, t.reload, t.shaped = nil, true, true
	}
	return t.run(q, args)
}

// write runs a statement that writes a cached table and queues op, the same change to the
// cache, for the commit. A nil op says the statement changes no cached column.
func (t *tx) write(q string, op func(*cache), args ...any) error {
	if op != nil {
		t.c = nil
		t.ops = append(t.ops, op)
	}
	_, err := t.run(q, args)
	return err
}

func (t *tx) run(q string, args []any) (driver.Result, error) {
	st, named, err := t.stmt(q, args)
	if err != nil {
		return nil, err
	}
	r, err := st.(driver.StmtExecContext).ExecContext(t.ctx, named)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return r, nil
}

// one scans one row; a missing row is ErrNotFound described by what.
func (t *tx) one(what string, q string, args []any, dest ...any) error {
	found := false
	err := t.all(q, args, func(scan func(...any) error) error {
		if found {
			return nil
		}
		found = true
		return scan(dest...)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !found {
		return fmt.Errorf("%s: %w", what, world.ErrNotFound)
	}
	return nil
}

// all runs q and calls each for every row, with a function that scans the row into
// pointers.
func (t *tx) all(q string, args []any, each func(scan func(...any) error) error) error {
	st, named, err := t.stmt(q, args)
	if err != nil {
		return err
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(t.ctx, named)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	n := len(rows.Columns())
	if cap(t.vals) < n {
		t.vals = make([]driver.Value, n)
	}
	vals := t.vals[:n]
	scan := func(dest ...any) error {
		if len(dest) != n {
			return fmt.Errorf("%d columns scanned into %d values", n, len(dest))
		}
		for i, d := range dest {
			if err := assign(d, vals[i]); err != nil {
				return fmt.Errorf("column %d: %w", i+1, err)
			}
		}
		return nil
	}
	for {
		if err := rows.Next(vals); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		if err := each(scan); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
}

// assign stores a column value (int64, string, nil, float64 or []byte from the driver) in
// dest, as database/sql's Scan would for the types the store scans into.
func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case *int64:
		if i, ok := v.(int64); ok {
			*d = i
			return nil
		}
	case *int32:
		if i, ok := v.(int64); ok {
			*d = int32(i)
			return nil
		}
	case *int:
		if i, ok := v.(int64); ok {
			*d = int(i)
			return nil
		}
	case *bool:
		if i, ok := v.(int64); ok {
			*d = i != 0
			return nil
		}
	case *string:
		switch x := v.(type) {
		case string:
			*d = x
			return nil
		case []byte:
			*d = string(x)
			return nil
		}
	case *sql.NullString:
		return d.Scan(v)
	case *[]byte: // a BLOB, copied (the driver reuses its buffer); NULL is nil
		switch x := v.(type) {
		case nil:
			*d = nil
			return nil
		case []byte:
			*d = bytes.Clone(x)
			return nil
		case string:
			*d = []byte(x)
			return nil
		}
	default:
		// Named string and integer types: world.Role, world.Sex…
		rv := reflect.ValueOf(dest)
		if rv.Kind() == reflect.Pointer && !rv.IsNil() {
			e := rv.Elem()
			switch x := v.(type) {
			case string:
				if e.Kind() == reflect.String {
					e.SetString(x)
					return nil
				}
			case int64:
				switch e.Kind() {
				case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
					e.SetInt(x)
					return nil
				}
			}
		}
	}
	return fmt.Errorf("cannot store %T in %T", v, dest)
}

// Clear empties every feature's tables (feature.tables): the media list and the id
// sequences stay, as they are no feature's tables.
func (t *tx) Clear() error {
	// Tables refer to each other (members to accounts...): check the references at commit,
	// when every table is empty or filled afresh. The statements are not prepared ones, so
	// they run on the transaction's connection as they are; the cache is dropped at commit,
	// everything it holds being gone.
	if !t.began {
		if err := t.begin(); err != nil {
			return err
		}
	}
	t.c, t.reload, t.shaped = nil, true, true
	if _, err := t.conn.ExecContext(t.ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	for _, f := range features {
		for _, name := range f.tables {
			if _, err := t.conn.ExecContext(t.ctx, `DELETE FROM "`+name+`"`); err != nil {
				return fmt.Errorf("sqlite: clearing %s: %w", name, err)
			}
		}
	}
	return nil
}

// list runs q and reads one T a row with read.
func list[T any](t *tx, q string, args []any, read func(scan func(...any) error) (T, error)) ([]T, error) {
	var out []T
	err := t.all(q, args, func(scan func(...any) error) error {
		v, err := read(scan)
		out = append(out, v)
		return err
	})
	return out, err
}

// columns reads a row straight into the fields ptrs points at, in column order.
func columns[T any](ptrs func(*T) []any) func(scan func(...any) error) (T, error) {
	return func(scan func(...any) error) (T, error) {
		var v T
		err := scan(ptrs(&v)...)
		return v, err
	}
}
