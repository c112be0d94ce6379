package impl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onespec/onespec/gen"
	ctlgen "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/auth"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/control"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/eventfilter"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/httpapi"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/inflight"
	"github.com/onespec/onespec/impl/sse"
	"github.com/onespec/onespec/impl/web"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/wsapi"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/compat"
	"github.com/onespec/onespec/openapi/docs"
)

// Options configure the reference server's API.
type Options struct {
	// AccessToken, when set, is required on every action and event connection.
	AccessToken string
	// Deferred bounds and paces _async and _rate_limited calls.
	Deferred dispatch.DeferredOptions
	// Public reports paths served by Extra without a token (docs, the spec).
	Public func(path string) bool
	// Extra serves the public paths; nil serves none.
	Extra http.Handler
	// LogCalls logs every call (action, retcode, duration) to the server's logger.
	LogCalls bool
	// MessageFormat is how messages in events are written by default ("array" or "string").
	MessageFormat events.Format
	// HeartbeatInterval spaces heartbeat meta events on event connections; 0 sends none.
	HeartbeatInterval time.Duration
	// EventQueue bounds the events waiting for one slow event connection; 0 means 1024.
	EventQueue int
	// EventBytes bound the bytes of the events kept (list_events) and queued per connection.
	EventBytes events.Limits
	// EventFilter is the file of the event filter (go-cqhttp's syntax) every bot applies to
	// its events until reload_event_filter or set_config names another; empty: none.
	EventFilter string
	// WebSocketWriteTimeout bounds writing one WebSocket frame: a client that stops reading
	// is disconnected after it; 0 means 10 s.
	WebSocketWriteTimeout time.Duration
	// Reverse configures reverse WebSocket connections to the bot; no URL means none.
	Reverse wsapi.ReverseOptions
	// Post configures HTTP POST event reporting; no URL means none. Its SelfID, Format and
	// Queue are the API's.
	Post httppost.Options
	// World configures the world control API under WorldPrefix; nil serves none.
	World *WorldOptions
	// Home is the landing page that browsers get at / (OneBot clients calling / still get
	// the 1404 envelope), with the compatibility page at web.CompatPath and, with World, the
	// chat page at web.ChatPath; nil serves none of them.
	// Its Bots default to the world's (Server.Bots).
	Home *web.Options
	// Requests bound what peers' requests may make the server hold.
	Requests RequestLimits
	// MaxStreams bounds the WebSockets and event streams open at once, so that connections
	// that stay open cannot take every connection the server holds (runtime.Limits'
	// MaxConnections) from the calls; 0 means no bound of their own.
	MaxStreams int
	// Sites are the names browsers may reach the server by: checked on every request of an
	// API no token protects, and on the control API always.
	Sites auth.Sites
	// StreamDir is where upload_file_stream keeps its files (filestream.Dir of the data
	// directory); "" is a temporary directory, made at the first upload.
	StreamDir string
}

// RequestLimits bound the requests of every transport (HTTP bodies, WebSocket frames) of
// both APIs; zero values mean the defaults.
type RequestLimits struct {
	// MaxBody bounds one HTTP body or WebSocket frame; 0 means httpapi.DefaultMaxBody.
	MaxBody int64
	// MaxValues bounds the JSON values of one request; 0 means inflight.DefaultMaxValues.
	MaxValues int
	// MaxInFlight bounds the bytes of every request being read or served at once; 0 means
	// inflight.DefaultMax.
	MaxInFlight int64
}

// WorldPrefix is the path under which the world control API, its docs (WorldPrefix+"docs")
// and its document (WorldPrefix+"openapi.yaml", ".json") are served.
const WorldPrefix = "/_world/"

// WorldOptions configure the world control API.
type WorldOptions struct {
	// Token is required on the control API's operations: its own (the OneBot API does not
	// take it); empty, the OneBot access token is; with neither, the operations are open (to
	// be served on loopback only: the server warns otherwise). The docs and the document stay
	// public.
	Token string
	// Feed is the feed wait_sent wakes on; nil: one fed by the world's changes from now on.
	Feed *world.Feed
	// Fill fills the world afresh on reset_world (a world file's Fill); nil: the default world.
	Fill func(*world.Universe) error
}

// API is the reference server wired to its transports: one dispatcher (which owns deferred
// work), one event hub, and the HTTP handler serving the HTTP API, forward WebSocket on the
// same port and the event stream.
type API struct {
	Dispatcher *dispatch.Dispatcher
	Events     *events.Hub
	WebSocket  *wsapi.Server
	Reverse    *wsapi.Reverse
	Poster     *httppost.Poster
	Feed       *Feed
	// WorldDispatcher serves the world control API; nil when Options.World is nil.
	WorldDispatcher *dispatch.Dispatcher
	HTTP            http.Handler
	// WebSocketHTTP serves forward WebSocket alone, every bot's (/, /api, /event and
	// /bots/{self_id}/...): the handler of a second address (--ws-addr).
	WebSocketHTTP http.Handler

	server   *Server
	stop     chan struct{}
	stopOnce sync.Once
	unwatch  []func() // observers of the world this API added
	callLogs []*dispatch.CallLog
	requests RequestLimits
	budget   *inflight.Budget // shared by every transport of both APIs
	streams  atomic.Int64     // WebSockets and event streams open
}

// stream serves a connection that stays open (a WebSocket, an event stream) with h, unless
// max are open already: then it is refused at once (503) and holds nothing.
func (a *API) stream(w http.ResponseWriter, r *http.Request, max int, h http.Handler) {
	if n := a.streams.Add(1); max > 0 && n > int64(max) {
		a.streams.Add(-1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(dispatch.Failed(gen.RetcodeBadThreadPool,
			fmt.Sprintf("%d WebSockets and event streams are open already (--max-streams): retry later", max), "长连接过多，请稍后重试"))
		return
	}
	defer a.streams.Add(-1)
	h.ServeHTTP(w, r)
}

// httpOptions is o bounded by the API's request limits and budget.
func (a *API) httpOptions(o httpapi.Options) httpapi.Options {
	o.MaxBody, o.MaxValues, o.Budget = a.requests.MaxBody, a.requests.MaxValues, a.budget
	return o
}

// API wires s to a dispatcher and its transports.
func (s *Server) API(opts Options) (*API, error) {
	var mw []dispatch.Middleware
	var callLog *dispatch.CallLog
	if opts.LogCalls {
		callLog = dispatch.NewCallLog(s.log)
		mw = append(mw, callLog.Middleware())
	}
	doc, err := openapi.Requests()
	if err != nil {
		return nil, err
	}
	d, err := dispatch.NewFor(doc, gen.Actions, gen.StrictServerInterface(s), dispatch.Options{Deferred: opts.Deferred, Log: s.log, Middleware: mw})
	if err != nil {
		return nil, fmt.Errorf("building the dispatcher: %w", err)
	}
	if opts.EventFilter != "" {
		if s.filters, err = eventfilter.NewSet(opts.EventFilter); err != nil {
			return nil, err
		}
	}
	s.uploads.dir = opts.StreamDir
	a := &API{server: s, Dispatcher: d, Events: events.NewHubLimited(opts.EventBytes), stop: make(chan struct{}), requests: opts.Requests}
	a.budget = inflight.NewBudget(opts.Requests.MaxInFlight)
	if a.requests.MaxBody <= 0 {
		a.requests.MaxBody = httpapi.DefaultMaxBody
	}
	if callLog != nil {
		a.callLogs = append(a.callLogs, callLog)
	}
	a.Feed = newFeed(s, a.Events)
	s.feed = a.Feed
	selfID, err := s.world.DefaultBot(context.Background())
	if err != nil {
		return nil, fmt.Errorf("finding the default bot: %w", err)
	}
	a.WebSocket = wsapi.New(d, a.Events, wsapi.Options{
		AccessToken: opts.AccessToken, SelfID: selfID, Format: opts.MessageFormat,
		HeartbeatInterval: opts.HeartbeatInterval, Status: s.heartbeatStatus, Queue: opts.EventQueue, Log: s.log,
		WriteTimeout: opts.WebSocketWriteTimeout, ReadLimit: a.requests.MaxBody, Budget: a.budget, MaxValues: opts.Requests.MaxValues,
	})
	if a.Reverse, err = wsapi.NewReverse(a.WebSocket, opts.Reverse); err != nil {
		return nil, err
	}
	post := opts.Post
	post.SelfID, post.Format, post.Queue, post.Log = selfID, opts.MessageFormat, opts.EventQueue, s.log
	a.Poster = httppost.New(d, a.Events, post)
	s.transportStats = a.transportStats
	s.updates = newUpdates(a.Events, opts.MessageFormat, a.stop)
	stream := sse.Handler(a.Events, sse.Options{
		AccessToken: opts.AccessToken, SelfID: selfID, Format: opts.MessageFormat, Queue: opts.EventQueue, Done: a.stop, Log: s.log,
		HeartbeatInterval: opts.HeartbeatInterval, Status: s.heartbeatStatus,
	})
	api := httpapi.Handler(d, a.httpOptions(httpapi.Options{AccessToken: opts.AccessToken, Public: opts.Public, Extra: opts.Extra, Log: s.log}))
	worldAPI := http.NotFoundHandler()
	if opts.World != nil {
		var worldMW []dispatch.Middleware
		if opts.LogCalls {
			worldLog := dispatch.NewCallLog(s.log.With("api", "world"))
			a.callLogs = append(a.callLogs, worldLog)
			worldMW = append(worldMW, worldLog.Middleware())
		}
		world := *opts.World
		if world.Token == "" {
			world.Token = opts.AccessToken
		}
		if worldAPI, err = s.worldAPI(a, world, opts.Sites, worldMW); err != nil {
			return nil, err
		}
	}
	route := func(w http.ResponseWriter, r *http.Request) {
		switch {
		case opts.World != nil && (strings.HasPrefix(r.URL.Path, WorldPrefix) || r.URL.Path+"/" == WorldPrefix):
			worldAPI.ServeHTTP(w, r)
		case wsapi.IsUpgrade(r):
			a.stream(w, r, opts.MaxStreams, a.WebSocket)
		case r.URL.Path == sse.Path:
			a.stream(w, r, opts.MaxStreams, stream)
		default:
			api.ServeHTTP(w, r)
		}
	}
	var home http.Handler
	pages := map[string]http.Handler{} // for GET and HEAD, by path
	if opts.Home != nil {
		ho := *opts.Home
		if ho.Bots == nil {
			ho.Bots = s.Bots
		}
		if ho.Log == nil {
			ho.Log = s.log
		}
		home = web.Home(ho)
		pages[web.CompatPath] = web.Compat(func() (*compat.Matrix, error) { return compat.Build(openapi.YAML) }, s.log)
		if opts.World != nil {
			// The world token defaults to the access token (as above).
			chat := web.Chat(web.ChatOptions{
				World: strings.TrimPrefix(WorldPrefix, "/"), Bots: strings.TrimPrefix(botPrefix, "/"),
				WorldTokenRequired: opts.World.Token != "" || opts.AccessToken != "", TokenRequired: opts.AccessToken != "",
			})
			pages[web.ChatPath], pages[web.ChatScriptPath] = chat, chat
		}
	}
	webSocket := func(w http.ResponseWriter, r *http.Request) { a.stream(w, r, opts.MaxStreams, a.WebSocket) }
	a.WebSocketHTTP = s.guarded(opts, nil, webSocket)
	onebot := s.guarded(opts, opts.Public, route)
	a.HTTP = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if home != nil && r.URL.Path == "/" && web.Wants(r) {
			home.ServeHTTP(w, r)
			return
		}
		if page, ok := pages[r.URL.Path]; ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			page.ServeHTTP(w, r)
			return
		}
		if opts.World != nil && (strings.HasPrefix(r.URL.Path, WorldPrefix) || r.URL.Path+"/" == WorldPrefix) {
			worldAPI.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, world.MediaURLPath) {
			s.serveMedia(w, r)
			return
		}
		onebot(w, r)
	})
	return a, nil
}

// guarded is next behind the checks of every OneBot entry point (HTTP, WebSocket): without a
// token, only the server's own names and pages may call it (Sites), the public paths (the docs)
// aside; a /bots/{self_id}/ path is served by that bot's next, once its token is checked: the
// token first, so that which accounts exist is told only to whoever holds it.
func (s *Server) guarded(opts Options, public func(path string) bool, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if opts.AccessToken == "" && (public == nil || !public(r.URL.Path)) {
			if d := opts.Sites.Check(r); d != nil {
				d.Write(w)
				return
			}
		}
		if self, rest, ok := botPath(r.URL.Path); ok {
			if d := auth.Check(r, opts.AccessToken); d != nil {
				d.Write(w)
				return
			}
			s.serveBot(w, r, self, rest, next)
			return
		}
		next(w, r)
	}
}

// botPrefix starts the endpoints of one bot of a world with several: /bots/{self_id}/ serves
// that bot's HTTP API, WebSocket (/bots/{self_id}/, /api, /event) and event stream, exactly as
// the root serves the default bot's.
const botPrefix = "/bots/"

// botPath splits /bots/{self_id}/rest into the bot and /rest.
func botPath(path string) (self int64, rest string, ok bool) {
	after, found := strings.CutPrefix(path, botPrefix)
	if !found {
		return 0, "", false
	}
	id, rest, _ := strings.Cut(after, "/")
	self, err := strconv.ParseInt(id, 10, 64)
	if err != nil || self <= 0 {
		return 0, "", false
	}
	return self, "/" + rest, true
}

// serveBot serves a request to one bot's endpoints: the bot must be one of the world's.
func (s *Server) serveBot(w http.ResponseWriter, r *http.Request, self int64, rest string, route http.HandlerFunc) {
	if _, err := s.world.Bot(self).Self(r.Context()); err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(dispatch.Failed(gen.RetcodeUnsupportedAction,
			fmt.Sprintf("no bot %d in this world: %v", self, err), "机器人不存在"))
		return
	}
	r2 := r.Clone(botctx.With(r.Context(), self))
	r2.URL.Path, r2.URL.RawPath = rest, ""
	route(w, r2)
}

// worldAPI is the world control API's HTTP handler: the same dispatcher and HTTP transport as
// the OneBot actions, on the world document's registry, with the prefix stripped.
func (s *Server) worldAPI(a *API, opts WorldOptions, sites auth.Sites, mw []dispatch.Middleware) (http.Handler, error) {
	if opts.Feed == nil {
		opts.Feed = world.NewFeed(nil)
		a.unwatch = append(a.unwatch, s.world.Observe(opts.Feed.Publish))
	}
	ctlServer, err := control.New(s.world, control.Options{Events: a.Events.History, Feed: opts.Feed, Fill: opts.Fill, Done: a.stop, Log: s.log})
	if err != nil {
		return nil, err
	}
	doc, err := openapi.WorldRequests()
	if err != nil {
		return nil, err
	}
	d, err := dispatch.NewFor(doc, ctlgen.Actions, ctlgen.StrictServerInterface(ctlServer), dispatch.Options{Log: s.log, Middleware: mw})
	if err != nil {
		return nil, fmt.Errorf("building the world control API's dispatcher: %w", err)
	}
	a.WorldDispatcher = d
	// Built at the first request, not on every start (docs.Lazy).
	pages := docs.Lazy(openapi.WorldYAML, docs.Options{Title: docs.WorldTitle, Rendition: openapi.WorldDocsJSON})
	h := httpapi.Handler(d, a.httpOptions(httpapi.Options{AccessToken: opts.Token, Public: docs.Public, Extra: pages, Log: s.log, PlainTextJSON: true}))
	return guardWorld(sites, d, http.StripPrefix(strings.TrimSuffix(WorldPrefix, "/"), h)), nil
}

// guardWorld keeps the control API out of web pages' reach, token or not: the Host and the
// Origin are checked on every request, and operations that change the world answer POST only
// (a GET, which a page can make with an <img>, changes nothing); reads (x-onebot-effect: read),
// the docs and the document stay readable by GET.
func guardWorld(sites auth.Sites, d *dispatch.Dispatcher, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := sites.Check(r); d != nil {
			d.Write(w)
			return
		}
		rest := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(WorldPrefix, "/")), "/")
		// An unknown operation goes on to be answered 404 by the transport.
		if a, _ := d.Lookup(rest); r.Method != http.MethodPost && !docs.Public("/"+rest) && a != nil && a.Effect != openapi.EffectRead {
			w.Header().Set("Allow", http.MethodPost)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusMethodNotAllowed)
			_ = json.NewEncoder(w).Encode(dispatch.Failed(gen.RetcodeBadRequest,
				fmt.Sprintf("%s%s changes the world: it answers POST only, not %s", WorldPrefix, rest, r.Method), "修改世界的操作仅支持 POST"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Start connects to the bot where it is the server: reverse WebSocket and HTTP POST.
func (a *API) Start() {
	a.Reverse.Start()
	a.Poster.Start()
}

// StopStreams ends the long-lived connections (WebSockets, event streams), which never end by
// themselves, so that the HTTP server's shutdown can finish. Register it with
// http.Server.RegisterOnShutdown.
func (a *API) StopStreams() {
	a.stopOnce.Do(func() { close(a.stop) })
	a.WebSocket.CloseAll()
}

// Shutdown ends the streams, lets accepted deferred calls finish, renders the events of what
// they changed and reports them by HTTP POST, until ctx ends; in that order, because each step
// feeds the next.
func (a *API) Shutdown(ctx context.Context) error {
	a.StopStreams()
	err := errors.Join(a.Reverse.Shutdown(ctx), a.WebSocket.Shutdown(ctx), a.Dispatcher.Shutdown(ctx))
	if a.WorldDispatcher != nil {
		err = errors.Join(err, a.WorldDispatcher.Shutdown(ctx))
	}
	for _, stop := range a.unwatch {
		stop()
	}
	err = errors.Join(err, a.Feed.Shutdown(ctx), a.Poster.Shutdown(ctx), a.server.uploads.close())
	for _, l := range a.callLogs {
		l.Close() // after every call: the last lines are written too
	}
	return err
}

// transportStats is what get_status reports of event delivery.
func (a *API) transportStats() gen.TransportStats {
	var t gen.TransportStats
	t.EventsPublished, t.EventsDropped = a.Events.Stats()
	t.ChangesDropped = a.Feed.Dropped()
	t.WebsocketOpen, t.WebsocketAccepted = a.WebSocket.Stats()
	t.PostsSent, t.PostsFailed = a.Poster.Stats()
	t.Reverse = []gen.ReverseClientStats{}
	for _, r := range a.Reverse.Stats() {
		t.Reverse = append(t.Reverse, gen.ReverseClientStats{Connected: r.Connected, Reconnects: r.Reconnects, Role: string(r.Role), URL: r.URL})
	}
	return t
}
