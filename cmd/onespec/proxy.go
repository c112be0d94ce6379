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
	"strings"
	"time"

	"github.com/onespec/onespec/conformance"
)

// proxy runs the validating proxy: the bot talks to it instead of the implementation, every
// byte passes through unchanged, and each answer, event and call is judged by the spec as the
// suite judges its own. Findings are printed as they first appear; the whole report on exit.
func proxy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: onespec proxy --upstream URL [flags]

A validating proxy between a bot and any OneBot v11 implementation: point the bot at the
proxy instead of the implementation and run it as usual. Traffic passes through unchanged;
every answer, event and call is judged by the spec, with the suite's levels and profiles,
findings grouped by root cause with the first offending exchange beside them.

  bot --HTTP / forward WebSocket--> --listen --> --upstream (the implementation)
  implementation --reverse WebSocket--> --reverse-listen --> --reverse-to (the bot)
  implementation --HTTP POST events--> --post-listen --> --post-to (the bot)

The live report is at http://<--listen>/_proxy (HTML, reloading; ?format=json for JSON).
New findings are printed as they appear; on exit (Ctrl-C) the whole report, and --json,
--junit and --html write it to files. Exit status 1 when any check failed under the
profile.

`)
		fs.PrintDefaults()
	}
	var cfg conformance.ProxyConfig
	fs.StringVar(&cfg.Upstream, "upstream", "", "the implementation's HTTP API and forward WebSocket, e.g. http://127.0.0.1:3000 (required)")
	listen := fs.String("listen", "127.0.0.1:5701", "where the bot calls the HTTP API and forward WebSocket through the proxy")
	reverseListen := fs.String("reverse-listen", "", "where the implementation's reverse WebSocket connects to the proxy (with --reverse-to)")
	fs.StringVar(&cfg.ReverseTo, "reverse-to", "", "the bot's reverse WebSocket server, e.g. ws://127.0.0.1:8080 (path and query of each connection kept)")
	postListen := fs.String("post-listen", "", "where the implementation posts its events to the proxy (with --post-to)")
	fs.StringVar(&cfg.PostTo, "post-to", "", "the bot's HTTP POST URL, e.g. http://127.0.0.1:8080/onebot")
	fs.StringVar(&cfg.Profile, "profile", conformance.ProfileOneBot11, "what to judge by: onebot11, onespec, or a family (gocq, napcat, llonebot, lagrange, icqq)")
	jsonOut := fs.String("json", "", "on exit, write the report as JSON to this file")
	junitOut := fs.String("junit", "", "on exit, write the report as JUnit XML to this file")
	htmlOut := fs.String("html", "", "on exit, write the report as a self-contained HTML page to this file")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	switch {
	case cfg.Upstream == "":
		fmt.Fprintln(stderr, "onespec proxy: --upstream is required (the implementation's HTTP API, e.g. http://127.0.0.1:3000)")
		return errUsage
	case (*reverseListen == "") != (cfg.ReverseTo == ""):
		fmt.Fprintln(stderr, "onespec proxy: --reverse-listen and --reverse-to go together")
		return errUsage
	case (*postListen == "") != (cfg.PostTo == ""):
		fmt.Fprintln(stderr, "onespec proxy: --post-listen and --post-to go together")
		return errUsage
	}
	cfg.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg.OnResult = func(res conformance.Result) { _ = conformance.WriteResultLine(stdout, res) }
	p, err := conformance.NewProxy(cfg)
	if err != nil {
		return err
	}
	sides := []struct {
		what, addr string
		h          http.Handler
	}{{"bot side (HTTP API, forward WebSocket, report at /_proxy)", *listen, p}}
	if *reverseListen != "" {
		sides = append(sides, struct {
			what, addr string
			h          http.Handler
		}{"reverse WebSocket side, relayed to " + cfg.ReverseTo, *reverseListen, p.Reverse()})
	}
	if *postListen != "" {
		sides = append(sides, struct {
			what, addr string
			h          http.Handler
		}{"HTTP POST side, relayed to " + cfg.PostTo, *postListen, p.Post()})
	}
	errc := make(chan error, len(sides))
	var servers []*http.Server
	for _, side := range sides {
		ln, err := net.Listen("tcp", side.addr)
		if err != nil {
			for _, s := range servers {
				s.Close()
			}
			return fmt.Errorf("listening on %s: %w", side.addr, err)
		}
		srv := &http.Server{Handler: side.h, ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		fmt.Fprintf(stdout, "onespec proxy: %s on %s\n", side.what, hostURL(ln.Addr()))
		go func() { errc <- srv.Serve(ln) }()
	}
	fmt.Fprintf(stdout, "onespec proxy: relaying to %s, judging by profile %s\n", cfg.Upstream, cfg.Profile)
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, s := range servers {
		_ = s.Shutdown(shutdown)
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	report := p.Report()
	if err := report.WriteSummary(stdout); err != nil {
		return err
	}
	for path, write := range map[string]func(io.Writer) error{*jsonOut: report.WriteJSON, *junitOut: report.WriteJUnit, *htmlOut: report.WriteHTML} {
		if path == "" {
			continue
		}
		if err := writeFile(path, write); err != nil {
			return err
		}
	}
	if report.Failed() {
		return exitError(1)
	}
	return nil
}

func hostURL(a net.Addr) string { return "http://" + strings.TrimPrefix(a.String(), "http://") }
