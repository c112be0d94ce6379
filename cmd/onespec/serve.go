package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/runtime"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/wsapi"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:5700", "address to listen on")
	token := fs.String("access-token", os.Getenv("ONESPEC_ACCESS_TOKEN"), "access token clients must send (env ONESPEC_ACCESS_TOKEN); empty: none")
	logLevel := fs.String("log-level", "info", "debug, info (every call), warn (failed calls) or error")
	var deferred dispatch.DeferredOptions
	fs.DurationVar(&deferred.RateLimitInterval, "rate-limit-interval", dispatch.DefaultRateLimitInterval, "interval between queued _rate_limited calls (the standard's api.rate_limit_interval)")
	fs.IntVar(&deferred.MaxAsync, "max-async", 64, "_async calls running at once; more get retcode 201")
	fs.IntVar(&deferred.MaxQueued, "max-rate-limited", 1024, "_rate_limited calls waiting; more get retcode 201")
	fs.Int64Var(&deferred.MaxBytes, "max-deferred-bytes", 64<<20, "parameter bytes all waiting and running _async/_rate_limited calls may hold; more get retcode 201")
	limits := runtime.DefaultLimits
	fs.DurationVar(&limits.WriteTimeout, "write-timeout", limits.WriteTimeout, "longest time to write one reply")
	fs.DurationVar(&limits.ReadTimeout, "read-timeout", limits.ReadTimeout, "longest time to read one request, body included")
	fs.IntVar(&limits.MaxHeaderBytes, "max-header-bytes", limits.MaxHeaderBytes, "largest request header block")
	fs.IntVar(&limits.MaxConnections, "max-connections", limits.MaxConnections, "connections served at once; further ones wait")
	format := fs.String("message-format", "array", "how messages in events are written: array (segments) or string (CQ codes); a WebSocket or event-stream client may ask for the other with ?message_format=")
	heartbeat := fs.Duration("heartbeat-interval", 5*time.Second, "interval of heartbeat meta events on event connections (0: none)")
	eventQueue := fs.Int("event-queue", 1024, "events that may wait for one slow event connection before it loses some (counted)")
	var reverse wsapi.ReverseOptions
	fs.StringVar(&reverse.URL, "ws-reverse-url", "", "reverse WebSocket: the bot's URL for both roles (one Universal connection with --ws-reverse-universal)")
	fs.StringVar(&reverse.APIURL, "ws-reverse-api-url", "", "reverse WebSocket: the bot's URL for the API role (default --ws-reverse-url)")
	fs.StringVar(&reverse.EventURL, "ws-reverse-event-url", "", "reverse WebSocket: the bot's URL for the Event role (default --ws-reverse-url)")
	fs.BoolVar(&reverse.Universal, "ws-reverse-universal", false, "reverse WebSocket: one Universal connection instead of API + Event")
	fs.StringVar(&reverse.AuthScheme, "ws-reverse-auth-scheme", "Bearer", "reverse WebSocket: Authorization scheme for the access token, Bearer or Token")
	fs.DurationVar(&reverse.ReconnectInterval, "ws-reverse-reconnect-interval", 3*time.Second, "reverse WebSocket: first wait before reconnecting (doubles, with jitter, up to 1 min)")
	var post httppost.Options
	fs.Func("post-url", "HTTP POST: a URL to report events to (repeatable)", func(u string) error { post.URLs = append(post.URLs, u); return nil })
	fs.StringVar(&post.Secret, "post-secret", os.Getenv("ONESPEC_POST_SECRET"), "HTTP POST: HMAC-SHA1 signing secret for X-Signature (env ONESPEC_POST_SECRET)")
	fs.DurationVar(&post.Timeout, "post-timeout", 5*time.Second, "HTTP POST: timeout of one report")
	fs.IntVar(&post.Retries, "post-retries", 2, "HTTP POST: retries of a report that got no answer or HTTP 5xx")
	grace := fs.Duration("shutdown-grace", runtime.DefaultGrace, "on SIGTERM/SIGINT, how long in-flight and queued calls may take to finish")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	messageFormat, err := events.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("--message-format: %w", err)
	}
	logOut := runtime.NewLogWriter(stderr, 100*time.Millisecond)
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))
	rt := &runtime.Runtime{Log: log, Grace: *grace}
	rt.Close(logOut) // closed last: the shutdown's own lines are written too

	docsHandler, err := docs.Handler(openapi.YAML)
	if err != nil {
		return fmt.Errorf("preparing the docs: %w", err)
	}
	srv := impl.New(world.Seed(nil), log)
	api, err := srv.API(impl.Options{
		AccessToken: *token, Deferred: deferred, Public: docs.Public, Extra: docsHandler, LogCalls: true,
		MessageFormat: messageFormat, HeartbeatInterval: *heartbeat, EventQueue: *eventQueue,
		Reverse: reverse, Post: post,
	})
	if err != nil {
		logOut.Close()
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		logOut.Close()
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	rt.Serve(ln, api.HTTP, limits).RegisterOnShutdown(api.StopStreams)
	rt.Own(api)
	api.Start()
	fmt.Fprintf(stdout, "onespec %s: OneBot v11 on http://%s (HTTP API; WebSocket ws://%[2]s/ /api /event; event stream /_events); docs at http://%[2]s/docs\n", version(), ln.Addr())
	return rt.Run(ctx)
}
