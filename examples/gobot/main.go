// Command gobot is a runnable OneBot v11 bot in Go that takes events by HTTP POST: it
// implements the strict server interface generated from the bot-side document
// (openapi/bot.yaml, package gen/botapi), checks the X-Signature of each event, and answers
// "ping" in any chat with "pong" as a quick operation.
//
//	go run ./examples/gobot --addr 127.0.0.1:8080 --secret sig &
//	go run ./cmd/onespec serve --post-url http://127.0.0.1:8080/ --post-secret sig
package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/onespec/onespec/gen/botapi"
	"github.com/onespec/onespec/impl/httppost"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to take events on")
	secret := flag.String("secret", os.Getenv("ONESPEC_POST_SECRET"), "the implementation's HTTP POST secret, to check X-Signature (empty: no check)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Addr: *addr, Handler: Handler(*secret), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	slog.Info("gobot: taking events", "addr", *addr)
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "gobot:", err)
		os.Exit(1)
	}
}

// Handler is the bot's HTTP endpoint: signature check, then the generated handler around Bot.
func Handler(secret string) http.Handler {
	return verifySignature(secret, botapi.Handler(botapi.NewStrictHandler(Bot{}, nil)))
}

// Bot answers events.
type Bot struct{}

var _ botapi.StrictServerInterface = Bot{}

// PostEvent answers "ping" with "pong"; every other event gets no operation.
func (Bot) PostEvent(_ context.Context, req botapi.PostEventRequestObject) (botapi.PostEventResponseObject, error) {
	raw, err := req.Body.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var head struct {
		PostType   string `json:"post_type"`
		RawMessage string `json:"raw_message"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, err
	}
	if head.PostType != "message" || head.RawMessage != "ping" {
		return botapi.PostEvent204Response{}, nil
	}
	var reply botapi.Message
	if err := reply.FromMessage0("pong"); err != nil {
		return nil, err
	}
	noAt := false
	return botapi.PostEvent200JSONResponse{Reply: &reply, AtSender: &noAt}, nil
}

// verifySignature refuses (403) an event whose X-Signature is not the HMAC-SHA1 of its body
// keyed by secret; the body is checked as received, before anything decodes it.
func verifySignature(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if secret == "" {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
		if err != nil {
			http.Error(w, "reading the event: "+err.Error(), http.StatusBadRequest)
			return
		}
		if !hmac.Equal([]byte(r.Header.Get("X-Signature")), []byte(httppost.Sign(secret, body))) {
			http.Error(w, "X-Signature does not match the body", http.StatusForbidden)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}
