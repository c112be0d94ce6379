package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/runtime"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(args, stderr)
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
	logOut := runtime.NewLogWriter(stderr, 100*time.Millisecond)
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))
	rt := &runtime.Runtime{Log: log, Grace: cfg.Grace}
	rt.Close(logOut) // closed last: the shutdown's own lines are written too

	docsHandler, err := docs.Handler(openapi.YAML)
	if err != nil {
		return fmt.Errorf("preparing the docs: %w", err)
	}
	srv := impl.New(world.Seed(nil), log)
	api, err := srv.API(impl.Options{
		AccessToken: cfg.AccessToken, Deferred: cfg.Deferred, Public: docs.Public, Extra: docsHandler, LogCalls: true,
		MessageFormat: messageFormat, HeartbeatInterval: cfg.HeartbeatInterval, EventQueue: cfg.EventQueue,
		Reverse: cfg.Reverse, Post: cfg.Post,
	})
	if err != nil {
		logOut.Close()
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		logOut.Close()
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	rt.Serve(ln, api.HTTP, cfg.Limits).RegisterOnShutdown(api.StopStreams)
	if cfg.WSAddr != "" {
		wsln, err := net.Listen("tcp", cfg.WSAddr)
		if err != nil {
			ln.Close()
			logOut.Close()
			return fmt.Errorf("listening on %s: %w", cfg.WSAddr, err)
		}
		rt.Serve(wsln, api.WebSocket, cfg.Limits).RegisterOnShutdown(api.StopStreams)
		fmt.Fprintf(stdout, "forward WebSocket also on ws://%s/ (/api, /event)\n", wsln.Addr())
	}
	rt.Own(api)
	api.Start()
	fmt.Fprintf(stdout, "onespec %s: OneBot v11 on http://%s (HTTP API; WebSocket ws://%[2]s/ /api /event; event stream /_events); docs at http://%[2]s/docs\n", version(), ln.Addr())
	return rt.Run(ctx)
}
