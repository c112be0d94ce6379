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
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	docsHandler, err := docs.Handler(openapi.YAML)
	if err != nil {
		return fmt.Errorf("preparing the docs: %w", err)
	}
	srv := impl.New(world.Seed(nil), log)
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
