// Package worlddata opens the world a server acts on: the SQLite store and the media under a
// data directory, created with the default world (or a world file) the first time.
package worlddata

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

// Memory as the data directory keeps the world in memory only: nothing survives the process,
// and media are kept inline in their messages rather than as files.
const Memory = ":memory:"

// DefaultDir is the per-user data directory: onespec under the user's configuration directory
// ($XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application Support on macOS, %AppData%
// on Windows), where a user looks for an application's own state; ./onespec-data when the
// system names none.
func DefaultDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "onespec-data"
	}
	return filepath.Join(dir, "onespec")
}

// Config says where the world lives and how it is bounded.
type Config struct {
	// Dir is the data directory, or Memory.
	Dir string
	// Load fills an empty world; nil fills it with world.Seed (the spec examples' world).
	Load func(context.Context, *world.World) error
	// Source fingerprints what Load fills the world from (a world file's SHA-256), and is
	// recorded in the directory when the world is created. A directory made from the same
	// source opens as it is, its data kept (running the same command twice works); one made
	// from anything else is refused with Load rather than silently keeping the other world:
	// Reset starts over.
	Source string
	// Reset discards the world in Dir before opening it.
	Reset     bool
	Retention world.Retention
	// MediaSources say where media sent by path or URL may be read from.
	MediaSources world.MediaSources
	Now          func() time.Time
	Log          *slog.Logger
}

// Data is an open world.
type Data struct {
	World *world.World
	Store *sqlite.Store
	// Created is true when this Open created the world (a fresh data directory).
	Created bool

	lock *os.File // the locked marker; nil in memory
}

// Close closes the store, then releases the directory; committed operations are already
// durable.
func (d *Data) Close() error {
	err := d.Store.Close()
	if d.lock != nil {
		err = errors.Join(err, d.lock.Close())
	}
	return err
}

const dbName = "world.db"

// sourceName is the file recording what the directory's world was made from. It is a file
// beside world.db rather than a row in it, because the world control API's reset_world empties
// every table and refills the world from the same source.
const sourceName = "world-source"

// builtinSource is the source recorded for the built-in world.
const builtinSource = "the built-in world"

// MarkerName is the file that makes a directory onespec's data directory: written when
// onespec creates the world there, and locked while a server uses it. A directory holding
// other files and no marker is not onespec's and is refused, so that nothing onespec did not
// make is ever deleted.
const MarkerName = "onespec-data"

const markerText = "This directory holds the world of an onespec server (world.db, media/). onespec deletes only files it made.\n"

// Open opens the world in cfg.Dir, creating it when the directory holds none. The directory
// must be empty, or onespec's (it holds the marker, or world.db from before the marker); it is
// locked before anything in it is touched, and stays locked until Close.
func Open(ctx context.Context, cfg Config) (d *Data, err error) {
	dbPath, mediaDir := sqlite.Memory, ""
	var lock *os.File
	defer func() {
		if err != nil && lock != nil {
			lock.Close()
		}
	}()
	if cfg.Dir != Memory {
		if cfg.Dir == "" {
			return nil, errors.New("no data directory given")
		}
		dbPath, mediaDir = filepath.Join(cfg.Dir, dbName), filepath.Join(cfg.Dir, "media")
		if lock, err = claim(cfg.Dir); err != nil {
			return nil, err
		}
		if cfg.Reset {
			if err := reset(cfg.Dir); err != nil {
				return nil, fmt.Errorf("resetting the world: %w", err)
			}
		}
	}
	if mediaDir != "" {
		if err := checkWritable(cfg.Dir, dbPath); err != nil {
			return nil, err
		}
	}
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}

	opts := world.Options{Now: cfg.Now, Retention: cfg.Retention, MediaSources: cfg.MediaSources, Log: cfg.Log}
	if mediaDir != "" {
		if opts.Media, err = world.NewMediaStore(mediaDir); err != nil {
			st.Close()
			return nil, err
		}
	}
	d = &Data{World: world.New(st, opts), Store: st, lock: lock}
	source := cfg.Source
	if cfg.Load == nil {
		source = builtinSource
	}
	empty, err := d.World.Empty(ctx)
	if err == nil && !empty && cfg.Load != nil {
		err = checkSource(cfg.Dir, source)
	}
	if err == nil && empty {
		d.Created = true
		load := cfg.Load
		if load == nil {
			load = world.Seed
		}
		if err = load(ctx, d.World); err == nil && cfg.Dir != Memory {
			err = os.WriteFile(filepath.Join(cfg.Dir, sourceName), []byte(source+"\n"), 0o644)
		}
	}
	if err == nil {
		var n int
		if n, err = d.World.SweepMedia(ctx); n > 0 && cfg.Log != nil {
			cfg.Log.Info("deleted media files no message refers to (left by an interrupted write)", "files", n)
		}
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return d, nil
}

// claim makes dir onespec's data directory, or refuses it, and locks it: created when missing;
// an empty directory, or one from before the marker (it holds world.db), gets the marker; any
// other directory without the marker is someone else's. The lock is taken on the marker
// before anything else in the directory is touched.
func claim(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	marker := filepath.Join(dir, MarkerName)
	if _, err := os.Stat(marker); errors.Is(err, fs.ErrNotExist) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
		if _, dbErr := os.Stat(filepath.Join(dir, dbName)); len(entries) > 0 && dbErr != nil {
			return nil, fmt.Errorf("%s is not an onespec data directory: it holds files onespec did not make (%s) and no %s marker; "+
				"give --data-dir an empty or new directory", dir, entries[0].Name(), MarkerName)
		}
	} else if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	f, err := os.OpenFile(marker, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("data directory %s is in use by another onespec server: stop it first, or use another --data-dir", dir)
		}
		return nil, fmt.Errorf("locking the data directory %s: %w", dir, err)
	}
	if info, err := f.Stat(); err == nil && info.Size() == 0 {
		if _, err := f.WriteString(markerText); err != nil {
			f.Close()
			return nil, fmt.Errorf("data directory: writing the marker: %w", err)
		}
	}
	return f, nil
}

// reset deletes the world in dir: the database, its WAL, the source record and the media
// files the media store made; anything else (a user's file under media/) stays.
func reset(dir string) error {
	dbPath := filepath.Join(dir, dbName)
	for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm", dbPath + "-journal", filepath.Join(dir, sourceName)} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return world.RemoveMedia(filepath.Join(dir, "media"))
}

// checkSource refuses to open a directory's world with a world file it was not made from.
func checkSource(dir, source string) error {
	raw, err := os.ReadFile(filepath.Join(dir, sourceName))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading what %s was made from: %w", dir, err)
	}
	recorded := strings.TrimSpace(string(raw))
	if recorded == source {
		return nil
	}
	if recorded == "" {
		recorded = "a source it does not record"
	}
	return fmt.Errorf("%s already holds a world made from %s, not from this world file: "+
		"add --reset to discard it and start from the file, drop --world to keep using it, or use another --data-dir", dir, recorded)
}
