// Package worlddata opens the world a server acts on: the SQLite store and the media under a
// data directory, created with the default world (or a world file) the first time.
package worlddata

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
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
	// Load fills an empty world; nil fills it with world.Seed (the spec examples' world). A
	// Load (a world file) is refused when the directory already holds a world, rather than
	// being silently ignored: Reset starts over.
	Load func(context.Context, *world.World) error
	// Reset discards the world in Dir before opening it.
	Reset     bool
	Retention world.Retention
	Now       func() time.Time
	Log       *slog.Logger
}

// Data is an open world.
type Data struct {
	World *world.World
	Store *sqlite.Store
	// Created is true when this Open created the world (a fresh data directory).
	Created bool
}

// Close closes the store; committed operations are already durable.
func (d *Data) Close() error { return d.Store.Close() }

const dbName = "world.db"

// Open opens the world in cfg.Dir, creating it when the directory holds none.
func Open(ctx context.Context, cfg Config) (*Data, error) {
	dbPath, mediaDir := sqlite.Memory, ""
	if cfg.Dir != Memory {
		if cfg.Dir == "" {
			return nil, errors.New("no data directory given")
		}
		dbPath, mediaDir = filepath.Join(cfg.Dir, dbName), filepath.Join(cfg.Dir, "media")
		if cfg.Reset {
			for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm", mediaDir} {
				if err := os.RemoveAll(p); err != nil {
					return nil, fmt.Errorf("resetting the world: %w", err)
				}
			}
		}
		if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
	}
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	opts := world.Options{Now: cfg.Now, Retention: cfg.Retention, Log: cfg.Log}
	if mediaDir != "" {
		if opts.Media, err = world.NewMediaStore(mediaDir); err != nil {
			st.Close()
			return nil, err
		}
	}
	d := &Data{World: world.New(st, opts), Store: st}
	empty, err := d.World.Empty(ctx)
	if err == nil && !empty && cfg.Load != nil {
		err = fmt.Errorf("%s already holds a world; reset it (--reset) or use another data directory to load a world file", cfg.Dir)
	}
	if err == nil && empty {
		d.Created = true
		load := cfg.Load
		if load == nil {
			load = world.Seed
		}
		err = load(ctx, d.World)
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
