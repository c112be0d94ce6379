package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/onespec/onespec/conformance"
)

func conform(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("conform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: onespec conform --url URL [flags]
       onespec conform --ws WS_URL [flags]

Checks a OneBot v11 HTTP endpoint (--url) or forward WebSocket server (--ws) against
the spec. Over WebSocket every action travels as a frame on /api, and the WebSocket
checks (echo, retcodes 1400/1404, the connect event, heartbeats, /api and /event, the
token on the handshake) replace the HTTP ones. Only read actions run unless
--allow-mutations is given; then pass the group and user to act on.

Against onespec serve, --allow-mutations also drives events through its world control
API (--world-url, default <target>/_world; --world-token): a friend and a member message
the bot, a new user asks to be its friend, and the world makes notices (recalls, a mute,
members joining, kicked and made admin, a poke, a group file, a new friend) and group
requests (a join request, an invitation) happen, and each event is judged on forward
WebSocket (/event) and the event stream (/_events); with --post-listen ADDR, on HTTP
POST too (start the server with --post-url http://ADDR/), quick reply included, and
with --post-secret (the server's) each POST's X-Signature.

On any implementation, --peer URL (a second account of the same implementation, the
bot's friend and in --group with it) drives the events instead: the peer messages the bot
privately and in the group, recalls both, pokes it, and, where it is admin or owner, mutes
it for a minute and makes it admin (both undone); each event the target delivers on
forward WebSocket (and HTTP POST with --post-listen) is judged by its schema, and its
message_id must be one the target's get_msg answers.

Profiles (--profile): onebot11 (default) fails only what the OneBot v11 standard
requires; onespec fails everything the reference server promises; gocq, napcat,
llonebot, lagrange and icqq expect that family's documented behaviour and fail
any other.

A valid request built from the target's own ids (its friends, groups, members) that
it answers with a failure the operation documents (retcode 100, 102, 1400...) proves
nothing about the action: it is reported at level "unexercised" (WARN under onebot11
and the families, FAIL under onespec), never passed. An action the target does not
serve is UNSUPPORTED wherever the suite meets it (its check, discovery, scenarios).

Exit status: 0 when no check fails under the profile, 1 when one does, 3 when the
suite could not connect to the target at all (refused, unknown host, no answer in
time): then nothing was judged and the report says "could not connect".

`)
		fs.PrintDefaults()
	}
	cfg := conformance.Config{}
	fs.StringVar(&cfg.BaseURL, "url", "", "base URL of the OneBot HTTP API, e.g. http://127.0.0.1:5700 (this or --ws)")
	fs.StringVar(&cfg.WSURL, "ws", "", "root of a OneBot forward WebSocket server, e.g. ws://127.0.0.1:6700 (this or --url)")
	fs.DurationVar(&cfg.HeartbeatWait, "heartbeat-wait", conformance.DefaultHeartbeatWait, "with --ws: how long to wait for a first heartbeat before skipping the heartbeat check")
	fs.StringVar(&cfg.AccessToken, "token", os.Getenv("ONEBOT_ACCESS_TOKEN"), "access token of the target (env ONEBOT_ACCESS_TOKEN); also enables the 401/403 checks")
	fs.BoolVar(&cfg.AllowMutations, "allow-mutations", false, "also run actions that change state or reach people (messages, likes, kicks...) and the stateful scenarios")
	fs.BoolVar(&cfg.AllowDisruptive, "allow-disruptive", false, "also run actions that take the bot out of service (leave a group, restart); implies nothing without --allow-mutations")
	fs.Int64Var(&cfg.GroupID, "group", 0, "group to act on with --allow-mutations (default: the first group the target lists)")
	fs.Int64Var(&cfg.UserID, "user", 0, "user to act on with --allow-mutations (default: a member of the group other than the bot)")
	fs.StringVar(&cfg.WorldURL, "world-url", "", "root of onespec's world control API, to drive events (default with --allow-mutations: <target>/_world; a target without one skips the event checks)")
	fs.StringVar(&cfg.WorldToken, "world-token", os.Getenv("ONESPEC_WORLD_TOKEN"), "the world control API's token (onespec serve --world-token; env ONESPEC_WORLD_TOKEN)")
	fs.StringVar(&cfg.PostListen, "post-listen", "", "listen on this address (e.g. 127.0.0.1:8080) for the target's HTTP POST events and judge them, quick reply included; start the target with --post-url http://ADDR/")
	fs.StringVar(&cfg.PeerURL, "peer", "", "with --allow-mutations: the HTTP API of a second account of the same implementation (its friend, in --group with it); the peer messages, recalls, pokes, mutes and promotes the bot and the target's events are judged, on any implementation")
	fs.StringVar(&cfg.PeerToken, "peer-token", os.Getenv("ONEBOT_PEER_TOKEN"), "the --peer account's access token (env ONEBOT_PEER_TOKEN)")
	fs.Int64Var(&cfg.PeerID, "peer-id", 0, "the account --peer must be logged in as (a guard against a wrong URL)")
	fs.StringVar(&cfg.PostSecret, "post-secret", os.Getenv(envPostSecret), "with --post-listen: the secret the target signs its HTTP POST events with (its --post-secret; env "+envPostSecret+"): every POST's X-Signature is checked (without it, event/post-signature skips)")
	jsonOut := fs.String("json", "", "also write the report as JSON to this file")
	junitOut := fs.String("junit", "", "also write the report as JUnit XML to this file")
	htmlOut := fs.String("html", "", "also write the report as a self-contained HTML page to this file")
	quiet := fs.Bool("quiet", false, "print only failures and the summary")
	fs.StringVar(&cfg.Profile, "profile", conformance.ProfileOneBot11, "what to judge by: onebot11, onespec, or a family (gocq, napcat, llonebot, lagrange, icqq)")
	only := fs.String("run", "", "run only the checks whose ID matches this regular expression, e.g. 'get_msg|transport/' (discovery always runs)")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	if (cfg.BaseURL == "") == (cfg.WSURL == "") || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	if cfg.BaseURL != "" && !strings.HasPrefix(cfg.BaseURL, "http://") && !strings.HasPrefix(cfg.BaseURL, "https://") {
		return fmt.Errorf("--url %q: want an http:// or https:// URL", cfg.BaseURL)
	}
	if cfg.WSURL != "" && !strings.HasPrefix(cfg.WSURL, "ws://") && !strings.HasPrefix(cfg.WSURL, "wss://") {
		return fmt.Errorf("--ws %q: want a ws:// or wss:// URL", cfg.WSURL)
	}
	if cfg.AllowDisruptive && !cfg.AllowMutations {
		return fmt.Errorf("--allow-disruptive needs --allow-mutations")
	}
	profiles, err := conformance.Profiles()
	if err != nil {
		return err
	}
	if !slices.Contains(profiles, cfg.Profile) {
		return fmt.Errorf("--profile %q: want one of %s", cfg.Profile, strings.Join(profiles, ", "))
	}
	cfg.Flags = append([]string{"onespec", "conform"}, redactToken(args)...)
	cfg.Version = version()
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return fmt.Errorf("--run: %w", err)
		}
		cfg.Only = re
	}

	lastReason := ""
	cfg.OnResult = func(r conformance.Result) {
		if *quiet && r.Status != conformance.Fail && r.Status != conformance.Unsupported {
			return
		}
		// A run that cannot go on (target down, token refused) skips everything for one
		// reason; say it once rather than under every check.
		if r.Status == conformance.Skip && r.Reason != "" && r.Reason == lastReason {
			r.Reason = "(same reason)"
		} else {
			lastReason = r.Reason
		}
		_ = conformance.WriteResultLine(stdout, r)
	}
	target := cfg.BaseURL
	if cfg.WSURL != "" {
		target = cfg.WSURL
	}
	fmt.Fprintf(stdout, "onespec conform: %s (profile %s; %s)\n", target, cfg.Profile, mode(cfg))
	report, err := conformance.Run(ctx, cfg)
	if err != nil {
		return err
	}
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
	if !report.Connected() {
		return exitError(exitNoConnection)
	}
	if report.Failed() {
		return exitError(1)
	}
	return nil
}

// exitNoConnection is conform's exit status when it could not reach the target: no verdict,
// so neither 0 nor the 1 of a failed check (a CI job can tell "the bot is down" from "the
// bot is wrong").
const exitNoConnection = 3

// redactToken keeps the access token, the world token and the POST secret out of the flags a
// report records.
func redactToken(args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		for _, name := range []string{"token", "world-token", "post-secret", "peer-token"} {
			switch {
			case a == "--"+name || a == "-"+name:
				if i+1 < len(out) {
					out[i+1] = "***"
				}
			case strings.HasPrefix(a, "--"+name+"=") || strings.HasPrefix(a, "-"+name+"="):
				out[i] = a[:strings.Index(a, "=")+1] + "***"
			}
		}
	}
	return out
}

func mode(cfg conformance.Config) string {
	switch {
	case cfg.AllowDisruptive:
		return "read, write and disruptive actions"
	case cfg.AllowMutations:
		return "read and write actions"
	}
	return "read-only: pass --allow-mutations to run actions that change state"
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
