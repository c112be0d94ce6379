// Package sse streams a bot's events as server-sent events (GET /_events), as NapCat and
// LLOneBot do, for bots behind proxies that do not pass WebSocket.
package sse

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/onespec/onespec/impl/auth"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/events"
)

// Path is where the stream is served.
const Path = "/_events"

// Options configure the stream.
type Options struct {
	// AccessToken, when set, is required (header or ?access_token=).
	AccessToken string
	// SelfID is the bot whose events are streamed.
	SelfID int64
	// Format is how messages are written; ?message_format= overrides it per client.
	Format events.Format
	// HeartbeatInterval spaces heartbeat meta events, the same events and interval as on the
	// WebSocket event connections (a bot that watches heartbeats to tell a live server from a
	// dead one works over either); 0 sends none.
	HeartbeatInterval time.Duration
	// Status is the bot's status for heartbeats (get_status's data); nil sends a null status.
	Status func(context.Context) any
	// KeepAlive spaces comment lines that keep proxies from closing an idle stream; 0 means 15 s.
	KeepAlive time.Duration
	// Queue bounds the events waiting for one slow client; 0 means 1024.
	Queue int
	// WriteTimeout bounds writing one event; 0 means 10 s.
	WriteTimeout time.Duration
	// Done ends every stream when closed (the server shutting down: streams never end by
	// themselves, and an HTTP server waits for its handlers).
	Done <-chan struct{}
	// Log receives stream lifecycle lines; nil discards.
	Log *slog.Logger
}

// Handler streams hub's events for opts.SelfID to each client until it leaves.
func Handler(hub *events.Hub, opts Options) http.Handler {
	if opts.KeepAlive <= 0 {
		opts.KeepAlive = 15 * time.Second
	}
	if opts.Queue <= 0 {
		opts.Queue = 1024
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	if opts.Format == "" {
		opts.Format = events.FormatArray
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			http.Error(w, "the event stream is read with GET", http.StatusMethodNotAllowed)
			return
		}
		if d := auth.Check(r, opts.AccessToken); d != nil {
			d.Write(w)
			return
		}
		format := opts.Format
		if q := r.URL.Query().Get("message_format"); q != "" {
			f, err := events.ParseFormat(q)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			format = f
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{}) // a stream lives on; each write gets its own deadline
		self := botctx.SelfIDOr(r.Context(), opts.SelfID)
		sub := hub.Subscribe(self, opts.Queue)
		defer sub.Close()
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
		w.WriteHeader(http.StatusOK)
		write := func(p []byte) error {
			_ = rc.SetWriteDeadline(time.Now().Add(opts.WriteTimeout))
			if _, err := w.Write(p); err != nil {
				return err
			}
			return rc.Flush()
		}
		if err := write([]byte(": onespec event stream\n\n")); err != nil {
			return
		}
		log.Info("event stream opened", "remote", r.RemoteAddr, "self_id", self)
		keepAlive := time.NewTicker(opts.KeepAlive)
		defer keepAlive.Stop()
		var beat <-chan time.Time
		if opts.HeartbeatInterval > 0 {
			t := time.NewTicker(opts.HeartbeatInterval)
			defer t.Stop()
			beat = t.C
		}
		writeEvent := func(raw []byte) error {
			// An event is one JSON line: a single data field.
			return write(append(append([]byte("data: "), raw...), '\n', '\n'))
		}
		for {
			var err error
			select {
			case <-opts.Done:
				return
			case <-r.Context().Done():
				sent, dropped := sub.Stats()
				log.Info("event stream closed", "remote", r.RemoteAddr, "events_sent", sent, "events_dropped", dropped)
				return
			case <-keepAlive.C:
				err = write([]byte(": keep-alive\n\n"))
			case <-beat:
				var status any
				if opts.Status != nil {
					status = opts.Status(r.Context())
				}
				var raw []byte
				if raw, err = json.Marshal(events.Heartbeat(self, status, opts.HeartbeatInterval)); err == nil {
					err = writeEvent(raw)
				}
			case ev, ok := <-sub.Events():
				if !ok {
					return
				}
				sub.Taken(ev)
				var raw []byte
				if raw, err = ev.JSON(format); err == nil {
					err = writeEvent(raw)
				}
				if err == nil {
					sub.Delivered()
				}
			}
			if err != nil {
				log.Info("event stream ended", "remote", r.RemoteAddr, "err", err)
				return
			}
		}
	})
}
