package wsapi

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/onespec/onespec/impl/auth"
)

// ReverseOptions configure the reverse WebSocket clients (communication/ws-reverse.md).
type ReverseOptions struct {
	// URL serves both roles: one Universal connection when Universal is set, otherwise an API
	// and an Event connection to it.
	URL string
	// APIURL and EventURL override URL for their role (when not Universal).
	APIURL, EventURL string
	// Universal makes one connection serve calls and events.
	Universal bool
	// AuthScheme is the word before the token in Authorization: "Bearer" (default, as the
	// standard and most bots expect) or "Token" (as go-cqhttp sends).
	AuthScheme string
	// ReconnectInterval is the first wait after a connection fails or ends; 0 means the
	// standard's 3 s. Each further failure doubles it, with jitter, up to MaxReconnectInterval
	// (0 means 1 min); a connection that succeeds starts over.
	ReconnectInterval, MaxReconnectInterval time.Duration
}

// Reverse keeps one connection per role open to the bot's URLs.
type Reverse struct {
	s       *Server
	opts    ReverseOptions
	clients []*reverseClient

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type reverseClient struct {
	role       Role
	url        string
	shown      string // url without its credentials, for logs and get_status
	reconnects atomic.Int64
	connected  atomic.Bool
}

// NewReverse returns clients acting for s (its dispatcher, events, token and bot) on the
// configured URLs; an empty configuration has no clients.
func NewReverse(s *Server, opts ReverseOptions) (*Reverse, error) {
	if opts.AuthScheme == "" {
		opts.AuthScheme = "Bearer"
	}
	if opts.AuthScheme != "Bearer" && opts.AuthScheme != "Token" {
		return nil, fmt.Errorf("reverse WebSocket auth scheme %q: use Bearer or Token", opts.AuthScheme)
	}
	if opts.ReconnectInterval <= 0 {
		opts.ReconnectInterval = 3 * time.Second
	}
	if opts.MaxReconnectInterval <= 0 {
		opts.MaxReconnectInterval = time.Minute
	}
	r := &Reverse{s: s, opts: opts}
	add := func(role Role, url string) {
		if url != "" {
			r.clients = append(r.clients, &reverseClient{role: role, url: url, shown: auth.RedactURL(url)})
		}
	}
	if opts.Universal {
		add(RoleUniversal, opts.URL)
	} else {
		add(RoleAPI, or(opts.APIURL, opts.URL))
		add(RoleEvent, or(opts.EventURL, opts.URL))
	}
	return r, nil
}

func or(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

// Start connects every client in the background; they reconnect until Shutdown.
func (r *Reverse) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	for _, c := range r.clients {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.keep(ctx, c)
		}()
	}
}

// ReverseStats describe one client.
type ReverseStats struct {
	Role       Role
	URL        string
	Connected  bool
	Reconnects int64
}

// Stats describe every client.
func (r *Reverse) Stats() []ReverseStats {
	out := make([]ReverseStats, 0, len(r.clients))
	for _, c := range r.clients {
		out = append(out, ReverseStats{c.role, c.shown, c.connected.Load(), c.reconnects.Load()})
	}
	return out
}

// Shutdown stops reconnecting, closes the connections and waits for the clients until ctx ends.
func (r *Reverse) Shutdown(ctx context.Context) error {
	if r.cancel == nil {
		return nil
	}
	r.cancel()
	r.s.CloseAll()
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errors.New("reverse websocket: clients still running at the shutdown deadline")
	}
}

// keep holds one role's connection: connect, serve until it ends, wait, again. Being one
// loop, a role never has two connections at once.
func (r *Reverse) keep(ctx context.Context, c *reverseClient) {
	log := r.s.log.With("role", string(c.role), "url", c.shown)
	wait := r.opts.ReconnectInterval
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			c.reconnects.Add(1)
		}
		conn, err := r.dial(ctx, c)
		if err == nil {
			c.connected.Store(true)
			began := time.Now()
			r.s.serveConn(ctx, conn, r.s.opts.SelfID, c.role, r.s.opts.Format, c.shown)
			c.connected.Store(false)
			wait = r.opts.afterConnection(wait, time.Since(began))
		} else if ctx.Err() == nil {
			log.Warn("reverse websocket: connection failed", "err", auth.RedactError(err, c.url), "retry_in", wait)
		}
		// Jitter spreads the reconnects of many bots that lost the same server.
		delay := wait/2 + rand.N(wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		wait = min(wait*2, r.opts.MaxReconnectInterval)
	}
}

// afterConnection is the backoff after a connection that lasted: one that held (as long as
// the longest wait) starts the backoff over; one the bot accepted and dropped at once keeps it
// growing, or a bot that accepts then drops would be hammered at the base interval for ever.
func (o ReverseOptions) afterConnection(wait, lasted time.Duration) time.Duration {
	if lasted >= o.MaxReconnectInterval {
		return o.ReconnectInterval
	}
	return wait
}

func (r *Reverse) dial(ctx context.Context, c *reverseClient) (*websocket.Conn, error) {
	h := http.Header{}
	h.Set("X-Self-ID", strconv.FormatInt(r.s.opts.SelfID, 10))
	h.Set("X-Client-Role", string(c.role))
	h.Set("User-Agent", "onespec")
	if r.s.opts.AccessToken != "" {
		h.Set("Authorization", r.opts.AuthScheme+" "+r.s.opts.AccessToken)
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, res, err := websocket.Dial(dctx, c.url, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		if res != nil {
			return nil, fmt.Errorf("the bot answered HTTP %d: %w", res.StatusCode, err)
		}
		return nil, err
	}
	conn.SetReadLimit(r.s.opts.ReadLimit)
	return conn, nil
}
