package impl

import (
	"fmt"
	"net/http"

	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/httpapi"
)

// Options configure the reference server's API.
type Options struct {
	// AccessToken, when set, is required on every action.
	AccessToken string
	// Deferred bounds and paces _async and _rate_limited calls.
	Deferred dispatch.DeferredOptions
	// Public reports paths served by Extra without a token (docs, the spec).
	Public func(path string) bool
	// Extra serves the public paths; nil serves none.
	Extra http.Handler
	// LogCalls logs every call (action, retcode, duration) to the server's logger.
	LogCalls bool
}

// API is the reference server wired to its transports: one dispatcher, which owns deferred
// work and must be shut down, and the HTTP handler in front of it.
type API struct {
	Dispatcher *dispatch.Dispatcher
	HTTP       http.Handler
}

// API wires s to a dispatcher and the HTTP transport.
func (s *Server) API(opts Options) (*API, error) {
	var mw []dispatch.Middleware
	if opts.LogCalls {
		mw = append(mw, dispatch.LogCalls(s.log))
	}
	d, err := dispatch.New(s, dispatch.Options{Deferred: opts.Deferred, Log: s.log, Middleware: mw})
	if err != nil {
		return nil, fmt.Errorf("building the dispatcher: %w", err)
	}
	h := httpapi.Handler(d, httpapi.Options{AccessToken: opts.AccessToken, Public: opts.Public, Extra: opts.Extra, Log: s.log})
	return &API{Dispatcher: d, HTTP: h}, nil
}
