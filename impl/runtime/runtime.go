// Package runtime is the lifecycle of a running reference server: one owner for its HTTP
// servers, the background work they start (deferred calls now; event fan-out and reverse
// connections later) and the resources they use (the store), stopped in that order.
//
// On shutdown (the context given to Run ends, e.g. on SIGTERM) the servers stop accepting and
// finish the requests in flight, then the workers finish what they accepted, all within one
// bounded grace period; what could not finish is logged by whoever dropped it. Resources close
// last, so no accepted write ever reaches a closed store.
package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// DefaultGrace bounds shutdown.
const DefaultGrace = 10 * time.Second

// Worker is background work that must finish, or say what it dropped, before resources close.
type Worker interface {
	Shutdown(ctx context.Context) error
}

// Limits bound what one client can hold of an HTTP server.
type Limits struct {
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds writing a reply: a client that never reads a large reply does not
	// hold its connection forever.
	WriteTimeout time.Duration
	// IdleTimeout closes keep-alive connections left idle.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's headers.
	MaxHeaderBytes int
	// MaxConnections bounds connections held at once: at the bound a silent or idle one is
	// closed to make room, or, when all are busy, the new one is answered 503.
	MaxConnections int
}

// DefaultLimits are the documented defaults of `onespec serve`.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 10 * time.Second,
	ReadTimeout:       time.Minute,
	WriteTimeout:      time.Minute,
	IdleTimeout:       2 * time.Minute,
	MaxHeaderBytes:    64 << 10,
	MaxConnections:    1024,
}

// Runtime owns servers, workers and resources. The zero value is ready to use.
type Runtime struct {
	// Log receives the lifecycle's own lines; nil discards.
	Log *slog.Logger
	// Grace bounds shutdown; 0 means DefaultGrace.
	Grace time.Duration

	servers []served
	workers []Worker
	closers []io.Closer
}

type served struct {
	srv *http.Server
	ln  net.Listener
}

// Serve adds an HTTP server of h on ln, bounded by limits, to start when Run does.
func (r *Runtime) Serve(ln net.Listener, h http.Handler, limits Limits) *http.Server {
	var g *gate
	if limits.MaxConnections > 0 {
		g = newGate(ln, limits.MaxConnections)
		ln = g
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: limits.ReadHeaderTimeout,
		ReadTimeout:       limits.ReadTimeout,
		WriteTimeout:      limits.WriteTimeout,
		IdleTimeout:       limits.IdleTimeout,
		MaxHeaderBytes:    limits.MaxHeaderBytes,
	}
	if g != nil {
		srv.ConnState = g.track
	}
	r.servers = append(r.servers, served{srv: srv, ln: ln})
	return srv
}

// Own adds a worker, shut down after the servers, in the reverse order of Own.
func (r *Runtime) Own(w Worker) { r.workers = append(r.workers, w) }

// Close adds a resource, closed after every worker, in the reverse order of Close.
func (r *Runtime) Close(c io.Closer) { r.closers = append(r.closers, c) }

// Run serves until ctx ends or a server fails, then shuts everything down.
func (r *Runtime) Run(ctx context.Context) error {
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	errc := make(chan error, len(r.servers))
	for _, s := range r.servers {
		go func() {
			if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("serving on %s: %w", s.ln.Addr(), err)
			}
		}()
	}
	var failed error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case failed = <-errc:
		log.Error("server failed; shutting down", "err", failed)
	}
	return errors.Join(failed, r.Shutdown())
}

// Shutdown stops the servers, then the workers, then closes the resources, within Grace.
func (r *Runtime) Shutdown() error {
	grace := r.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var errs []error
	for _, s := range r.servers {
		if err := s.srv.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stopping the server on %s: %w", s.ln.Addr(), err))
		}
	}
	for i := len(r.workers) - 1; i >= 0; i-- {
		if err := r.workers[i].Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	for i := len(r.closers) - 1; i >= 0; i-- {
		if err := r.closers[i].Close(); err != nil {
			errs = append(errs, fmt.Errorf("closing: %w", err))
		}
	}
	return errors.Join(errs...)
}
