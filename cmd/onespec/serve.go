package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/runtime"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worlddata"
	"github.com/onespec/onespec/impl/worldfile"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(args, stdout, stderr)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	messageFormat, err := events.ParseFormat(cfg.MessageFormat)
	if err != nil {
		return fmt.Errorf("--message-format: %w", err)
	}
	if r := cfg.Retention; r.MessagesPerConversation < 0 || r.MaxAge < 0 || r.MediaBytes < 0 {
		return errors.New("--retain-messages, --retain-age and --retain-media-bytes cannot be negative")
	}
	logOut := runtime.NewLogWriter(stderr, 100*time.Millisecond)
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))
	rt := &runtime.Runtime{Log: log, Grace: cfg.Grace}
	rt.Close(logOut) // closed last: the shutdown's own lines are written too
	fail := func(err error) error {
		_ = rt.Shutdown()
		return err
	}

	// Parse the specs while the world opens (the two cores both work); the docs are built at
	// their first request (docs.Lazy), not on every start.
	go openapi.Doc()
	go openapi.WorldDoc()
	docsHandler := docs.Lazy(openapi.YAML)
	data, fill, err := openWorld(ctx, cfg, log)
	if err != nil {
		return fail(err)
	}
	// Closed after every worker, before the log: no accepted write reaches a closed store.
	rt.Close(data)
	log.Info("world", "data_dir", cfg.DataDir, "created", data.Created)
	srv := impl.New(data.World, log)
	api, err := srv.API(impl.Options{
		AccessToken: cfg.AccessToken, Deferred: cfg.Deferred, Public: docs.Public, Extra: docsHandler, LogCalls: true,
		MessageFormat: messageFormat, HeartbeatInterval: cfg.HeartbeatInterval, EventQueue: cfg.EventQueue, WebSocketWriteTimeout: cfg.WSWriteTimeout,
		Reverse: cfg.Reverse, Post: cfg.Post, World: &impl.WorldOptions{Token: cfg.WorldToken, Fill: fill},
	})
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fail(fmt.Errorf("listening on %s: %w", cfg.Addr, err))
	}
	rt.Serve(ln, api.HTTP, cfg.Limits).RegisterOnShutdown(api.StopStreams)
	if cfg.WSAddr != "" {
		wsln, err := net.Listen("tcp", cfg.WSAddr)
		if err != nil {
			ln.Close()
			return fail(fmt.Errorf("listening on %s: %w", cfg.WSAddr, err))
		}
		rt.Serve(wsln, api.WebSocket, cfg.Limits).RegisterOnShutdown(api.StopStreams)
		fmt.Fprintf(stdout, "forward WebSocket also on ws://%s/ (/api, /event)\n", wsln.Addr())
	}
	rt.Own(api)
	api.Start()
	fmt.Fprintf(stdout, "onespec %s: OneBot v11 on http://%s (HTTP API; WebSocket ws://%[2]s/ /api /event; event stream /_events); docs at http://%[2]s/docs; world control API http://%[2]s/_world/ (docs /_world/docs)\n", version(), ln.Addr())
	return rt.Run(ctx)
}

// openWorld opens the persisted world, creating it from the world file (read and checked
// before the store is touched, so a bad file fails at once, naming the key and the reason) or
// the built-in default. fill is how reset_world fills it again (nil: the default world).
func openWorld(ctx context.Context, cfg serveConfig, log *slog.Logger) (data *worlddata.Data, fill func(*world.Universe) error, err error) {
	wc := worlddata.Config{Dir: cfg.DataDir, Reset: cfg.Reset, Log: log, Retention: cfg.Retention}
	if cfg.WorldFile != "" {
		raw, err := os.ReadFile(cfg.WorldFile)
		if err != nil {
			return nil, nil, fmt.Errorf("world file: %w", err)
		}
		f, err := worldfile.Read(bytes.NewReader(raw), cfg.WorldFile)
		if err != nil {
			return nil, nil, err
		}
		// The file's content, not its name, says whether a data directory was made from it.
		wc.Source = fmt.Sprintf("world file %s (sha256 %x)", filepath.Base(cfg.WorldFile), sha256.Sum256(raw))
		wc.Load = func(ctx context.Context, w *world.World) error {
			if err := f.Load(ctx, w); err != nil {
				return fmt.Errorf("%s: %w", cfg.WorldFile, err)
			}
			return nil
		}
		fill = f.Fill
	}
	data, err = worlddata.Open(ctx, wc)
	if err != nil {
		return nil, nil, fmt.Errorf("opening the world: %w", err)
	}
	return data, fill, nil
}
