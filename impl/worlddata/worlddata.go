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

// sourceName is the file recording what the directory's world was made from. It is a file
// beside world.db rather than a row in it, because the world control API's reset_world empties
// every table and refills the world from the same source.
const sourceName = "world-source"

// builtinSource is the source recorded for the built-in world.
const builtinSource = "the built-in world"

// Open opens the world in cfg.Dir, creating it when the directory holds none.
func Open(ctx context.Context, cfg Config) (*Data, error) {
	dbPath, mediaDir := sqlite.Memory, ""
	if cfg.Dir != Memory {
		if cfg.Dir == "" {
			return nil, errors.New("no data directory given")
		}
		dbPath, mediaDir = filepath.Join(cfg.Dir, dbName), filepath.Join(cfg.Dir, "media")
		if cfg.Reset {
			for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm", mediaDir, filepath.Join(cfg.Dir, sourceName)} {
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
