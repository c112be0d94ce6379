package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/wire"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worlddata"
	"github.com/onespec/onespec/impl/worldfile"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:5700", "address to listen on")
	token := fs.String("access-token", os.Getenv("ONESPEC_ACCESS_TOKEN"), "access token clients must send (env ONESPEC_ACCESS_TOKEN); empty: none")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	rateLimit := fs.Duration("rate-limit-interval", wire.DefaultRateLimitInterval, "interval between queued _rate_limited calls (the standard's api.rate_limit_interval)")
	dataDir := fs.String("data-dir", worlddata.DefaultDir(), `where the world is kept (world.db and media/); ":memory:" keeps it in memory only`)
	worldFile := fs.String("world", "", "world file (YAML: accounts, friends, groups, members, messages) to create the world from; default the built-in world the spec's examples use")
	reset := fs.Bool("reset", false, "discard the world in --data-dir and start afresh")
	retainMessages := fs.Int("retain-messages", world.DefaultRetention.MessagesPerConversation, "messages kept per group or private chat (0: no limit)")
	retainAge := fs.Duration("retain-age", world.DefaultRetention.MaxAge, "messages older than this are forgotten (0: no limit)")
	retainMedia := fs.Int64("retain-media-bytes", world.DefaultRetention.MediaBytes, "bytes of stored media kept; the oldest go first (0: no limit)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	if *retainMessages < 0 || *retainAge < 0 || *retainMedia < 0 {
		return errors.New("--retain-messages, --retain-age and --retain-media-bytes cannot be negative")
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	docsHandler, err := docs.Handler(openapi.YAML)
	if err != nil {
		return fmt.Errorf("preparing the docs: %w", err)
	}
	cfg := worlddata.Config{
		Dir: *dataDir, Reset: *reset, Log: log,
		Retention: world.Retention{MessagesPerConversation: *retainMessages, MaxAge: *retainAge, MediaBytes: *retainMedia},
	}
	if *worldFile != "" {
		// Read and checked before the store is touched: a bad file fails at once, naming the
		// key and the reason.
		f, err := worldfile.ReadFile(*worldFile)
		if err != nil {
			return err
		}
		cfg.Load = func(ctx context.Context, w *world.World) error {
			if err := f.Load(ctx, w); err != nil {
				return fmt.Errorf("%s: %w", *worldFile, err)
			}
			return nil
		}
	}
	data, err := worlddata.Open(ctx, cfg)
	if err != nil {
		return fmt.Errorf("opening the world: %w", err)
	}
	// Closed last, after the HTTP server has answered its last call.
	defer func() {
		if err := data.Close(); err != nil {
			log.Error("closing the world store", "err", err)
		}
	}()
	log.Info("world", "data_dir", *dataDir, "created", data.Created)
	srv := impl.New(data.World, log)
	handler, err := srv.Handler(impl.Options{AccessToken: *token, RateLimitInterval: *rateLimit, Public: docs.Public, Extra: docsHandler})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	// Bounded reads so a slow or stalled client cannot hold a connection forever; OneBot
	// requests are small and answered in microseconds.
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "onespec %s: OneBot v11 HTTP API on http://%s (docs: http://%s/docs)\n", version(), ln.Addr(), ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}
