package main

import (
	"bytes"
	"cmp"
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
	"github.com/onespec/onespec/impl/auth"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/filestream"
	"github.com/onespec/onespec/impl/runtime"
	"github.com/onespec/onespec/impl/web"
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

	// Parse the request documents while the world opens (the two cores both work); the whole
	// spec is parsed only by what reads it (the docs, at their first request: docs.Lazy).
	go openapi.Requests()
	go openapi.WorldRequests()
	docsHandler := docs.Lazy(openapi.YAML, docs.Options{Rendition: openapi.DocsJSON})
	data, fill, err := openWorld(ctx, cfg, log)
	if err != nil {
		return fail(err)
	}
	// Closed after every worker, before the log: no accepted write reaches a closed store.
	rt.Close(data)
	log.Info("world", "data_dir", cfg.DataDir, "created", data.Created)
	srv := impl.New(data.World, log)
	streamDir := ""
	if cfg.DataDir != worlddata.Memory {
		streamDir = filestream.Dir(cfg.DataDir)
	}
	api, err := srv.API(impl.Options{StreamDir: streamDir,
		AccessToken: cfg.AccessToken, Deferred: cfg.Deferred, Public: docs.Public, Extra: docsHandler, LogCalls: true,
		MessageFormat: messageFormat, HeartbeatInterval: cfg.HeartbeatInterval, EventQueue: cfg.EventQueue, EventBytes: cfg.EventBytes, EventFilter: cfg.EventFilter, WebSocketWriteTimeout: cfg.WSWriteTimeout,
		Reverse: cfg.Reverse, Post: cfg.Post, Requests: cfg.Requests, MaxStreams: cmp.Or(cfg.MaxStreams, cfg.Limits.MaxConnections*3/4), Sites: auth.Sites{Hosts: cfg.AllowedHosts}, World: &impl.WorldOptions{Token: cfg.WorldToken, Fill: fill},
		Home: &web.Options{Docs: docsPages, World: worldPages, Other: otherPages, Version: version(),
			TokenRequired: cfg.AccessToken != "", WorldTokenRequired: cfg.WorldToken != ""},
	})
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fail(fmt.Errorf("listening on %s: %w", cfg.Addr, err))
	}
	data.World.SetMediaURLBase(mediaBase(ln.Addr()))
	rt.Serve(ln, api.HTTP, cfg.Limits).RegisterOnShutdown(api.StopStreams)
	extraWS := ""
	if cfg.WSAddr != "" {
		wsln, err := net.Listen("tcp", cfg.WSAddr)
		if err != nil {
			ln.Close()
			return fail(fmt.Errorf("listening on %s: %w", cfg.WSAddr, err))
		}
		rt.Serve(wsln, api.WebSocketHTTP, cfg.Limits).RegisterOnShutdown(api.StopStreams)
		extraWS = fmt.Sprintf("ws://%s/", wsln.Addr())
	}
	warnUnprotected(log, cfg, ln.Addr().String())
	rt.Own(api)
	api.Start()
	base := "http://" + ln.Addr().String()
	bots, err := srv.Bots(ctx, base)
	if err != nil {
		log.Warn("listing the bots for the start-up banner", "err", err)
	}
	printBanner(stdout, version(), base, bots, extraWS)
	return rt.Run(ctx)
}

// warnUnprotected warns of an API served beyond this machine with no token: anyone who can
// reach the address can act as the bot, or rewrite the world.
func warnUnprotected(log *slog.Logger, cfg serveConfig, addrs ...string) {
	if cfg.WSAddr != "" {
		addrs = append(addrs, cfg.WSAddr)
	}
	for _, addr := range addrs {
		if auth.Loopback(addr) {
			continue
		}
		if cfg.AccessToken == "" {
			log.Warn("the OneBot API is served beyond this machine without a token: anyone who reaches it acts as the bot; set --access-token", "addr", addr)
		}
		if cfg.AccessToken == "" && cfg.WorldToken == "" {
			log.Warn("the world control API is served beyond this machine without a token: anyone who reaches it can rewrite or wipe the world; set --world-token or --access-token", "addr", addr)
		}
	}
}

// openWorld opens the persisted world, creating it from the world file (read and checked
// before the store is touched, so a bad file fails at once, naming the key and the reason) or
// the built-in default. fill is how reset_world fills it again (nil: the default world).
func openWorld(ctx context.Context, cfg serveConfig, log *slog.Logger) (data *worlddata.Data, fill func(*world.Universe) error, err error) {
	media := cfg.Media
	// Any local path while every address is loopback: the bot runs on this machine, as
	// NapCat and go-cqhttp users expect; beyond it, only the configured roots.
	media.AnyLocalPath = auth.Loopback(cfg.Addr) && (cfg.WSAddr == "" || auth.Loopback(cfg.WSAddr))
	wc := worlddata.Config{Dir: cfg.DataDir, Reset: cfg.Reset, Log: log, Retention: cfg.Retention, MediaSources: media}
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

// mediaBase is where bots download the media the server stores: the listening address, or
// loopback when it listens on every address.
func mediaBase(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
