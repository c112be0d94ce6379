// Command goclient is a runnable OneBot v11 client in Go: it calls any implementation (onespec
// serve, go-cqhttp, NapCat, LLOneBot, Lagrange) through the typed client generated from the spec
// (gen.Client) over HTTP or a forward WebSocket (package client): it prints the bot's account,
// sends a group message, and, over WebSocket, prints the events that arrive.
//
//	go run ./cmd/onespec serve --access-token secret &
//	go run ./examples/goclient --url ws://127.0.0.1:5700/ --access-token secret --group 20001
//	go run ./examples/goclient --url http://127.0.0.1:5700 --access-token secret
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/onespec/onespec/client"
	"github.com/onespec/onespec/gen"
)

// Config is what the example does.
type Config struct {
	// URL is the implementation: http(s):// for its HTTP API, ws(s):// for a forward WebSocket.
	URL         string
	AccessToken string
	// Group and Message are the group message to send (no message: none is sent).
	Group   int64
	Message string
	// Events is how many events to print before returning (WebSocket only); 0 prints them
	// until ctx ends.
	Events int
}

func main() {
	var cfg Config
	flag.StringVar(&cfg.URL, "url", "ws://127.0.0.1:5700/", "the implementation: http://host:port for HTTP, ws://host:port/ for a forward WebSocket")
	flag.StringVar(&cfg.AccessToken, "access-token", os.Getenv("ONESPEC_ACCESS_TOKEN"), "the implementation's access token")
	flag.Int64Var(&cfg.Group, "group", 20001, "the group to send the message to")
	flag.StringVar(&cfg.Message, "message", "大家好[CQ:face,id=14]", "the message to send (CQ codes allowed; empty: send none)")
	flag.IntVar(&cfg.Events, "events", 0, "print this many events, then exit (0: until interrupted)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, cfg, os.Stdout); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "goclient:", err)
		os.Exit(1)
	}
}

// Run connects, calls and prints to out.
func Run(ctx context.Context, cfg Config, out io.Writer) error {
	opts := client.Options{AccessToken: cfg.AccessToken}
	var (
		caller gen.Caller
		ws     *client.WS
	)
	if strings.HasPrefix(cfg.URL, "ws://") || strings.HasPrefix(cfg.URL, "wss://") {
		dial, cancel := context.WithTimeout(ctx, 10*time.Second)
		var err error
		ws, err = client.DialWS(dial, cfg.URL, opts)
		cancel()
		if err != nil {
			return err
		}
		defer ws.Close()
		caller = ws
	} else {
		caller = client.NewHTTP(cfg.URL, opts)
	}
	bot := gen.NewClient(caller)

	info, err := bot.GetLoginInfo(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "logged in as %s (%d)\n", info.Nickname, info.UserID)

	if cfg.Message != "" {
		var msg gen.Message
		if err := msg.FromMessage0(cfg.Message); err != nil {
			return err
		}
		sent, err := bot.SendGroupMsg(ctx, gen.SendGroupMsgParams{GroupID: cfg.Group, Message: msg})
		var failed *client.Error
		switch {
		case errors.As(err, &failed):
			// The implementation refused: its retcode says why (102: not in that group).
			fmt.Fprintf(out, "send_group_msg refused: retcode %d, %s\n", failed.Retcode, failed.Wording)
		case err != nil:
			return err
		default:
			fmt.Fprintf(out, "sent message %d to group %d\n", sent.MessageID, cfg.Group)
		}
	}

	if ws == nil {
		return nil // HTTP has no events: they come by HTTP POST (see examples/gobot)
	}
	for n := 0; cfg.Events == 0 || n < cfg.Events; n++ {
		select {
		case raw, ok := <-ws.Events():
			if !ok {
				return ws.Err()
			}
			var ev struct {
				PostType string `json:"post_type"`
				Kind     string `json:"message_type"`
				Notice   string `json:"notice_type"`
				Meta     string `json:"meta_event_type"`
				UserID   int64  `json:"user_id"`
				GroupID  int64  `json:"group_id"`
				Raw      string `json:"raw_message"`
			}
			if err := json.Unmarshal(raw, &ev); err != nil {
				return fmt.Errorf("an event that is not JSON: %w", err)
			}
			fmt.Fprintf(out, "event %s %s%s%s user %d group %d %s\n", ev.PostType, ev.Kind, ev.Notice, ev.Meta, ev.UserID, ev.GroupID, ev.Raw)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
