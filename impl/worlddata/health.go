package worlddata

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/onespec/onespec/impl/world"
)

// checkWritable refuses a data directory whose database cannot be written, at start: a
// read-only world.db (or directory, where SQLite keeps its WAL) would otherwise open, answer
// every read, and fail every write.
func checkWritable(dir, dbPath string) error {
	if info, err := os.Stat(dbPath); err == nil {
		if info.Mode().Perm()&0o200 == 0 {
			return fmt.Errorf("%s is read-only (mode %s): make it writable (chmod u+w) or use another --data-dir", dbPath, info.Mode().Perm())
		}
		f, err := os.OpenFile(dbPath, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("%s is read-only: %w", dbPath, err)
		}
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("data directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".onespec-write-check-*")
	if err != nil {
		return fmt.Errorf("the data directory %s is read-only: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// guardedStore refuses writes once the database file it opened is no longer the file at its
// path (deleted, or replaced): SQLite would go on writing into the unlinked file, and every
// acknowledged write would be lost at the next start.
type guardedStore struct {
	world.Store
	path   string
	opened os.FileInfo
}

func guard(st world.Store, path string) (world.Store, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("the database: %w", err)
	}
	return &guardedStore{Store: st, path: path, opened: info}, nil
}

// Update checks the file before each write: a stat, negligible beside the write's fsync.
func (g *guardedStore) Update(ctx context.Context, fn func(world.Tx) error) error {
	now, err := os.Stat(g.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s was deleted while the server ran: nothing more can be kept; stop the server and start it again (the world starts afresh)", g.path)
	case err != nil:
		return fmt.Errorf("checking %s: %w", filepath.Base(g.path), err)
	case !os.SameFile(now, g.opened):
		return fmt.Errorf("%s was replaced while the server ran: this server's writes would be lost; stop it and start it again", g.path)
	}
	return g.Store.Update(ctx, fn)
}
