package runtime

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/onespec/onespec/gen"
)

// gate bounds the connections a server holds without making any wait: at the bound, the
// oldest connection that is doing nothing (accepted but silent, or idle between keep-alive
// requests) is closed to make room, and when every connection is busy (serving a request, or a
// WebSocket or event stream) the new one is answered 503 and closed. So neither silent
// sockets nor idle connections can lock clients out, and a client beyond the bound learns it
// at once instead of hanging.
type gate struct {
	net.Listener
	max int

	mu    sync.Mutex
	conns map[*gatedConn]struct{}
}

// gatedConn is a connection the gate counts until it is closed.
type gatedConn struct {
	net.Conn
	g     *gate
	once  sync.Once
	state http.ConnState
	since time.Time
}

func newGate(ln net.Listener, max int) *gate {
	return &gate{Listener: ln, max: max, conns: map[*gatedConn]struct{}{}}
}

// refusalBody is the envelope of a connection beyond the bound: the retcode of a full work
// pool, which clients already know as "retry later".
var refusalBody = fmt.Sprintf(`{"status":"failed","retcode":%d,"data":null,"message":"too many connections: retry later","wording":"连接过多，请稍后重试"}`, gen.RetcodeBadThreadPool)

// refusal is the whole answer to a connection beyond the bound.
var refusal = fmt.Sprintf("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: %d\r\n\r\n%s", len(refusalBody), refusalBody)

func (g *gate) Accept() (net.Conn, error) {
	for {
		c, err := g.Listener.Accept()
		if err != nil {
			return nil, err
		}
		gc := &gatedConn{Conn: c, g: g, state: http.StateNew, since: time.Now()}
		if victim, ok := g.admit(gc); ok {
			if victim != nil {
				victim.Close()
			}
			return gc, nil
		}
		go func() {
			_ = c.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = c.Write([]byte(refusal))
			_ = c.Close()
		}()
	}
}

// admit counts gc, or says it is beyond the bound; victim is a connection doing nothing to
// close in its place.
func (g *gate) admit(gc *gatedConn) (victim *gatedConn, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.conns) >= g.max {
		for c := range g.conns {
			if (c.state == http.StateNew || c.state == http.StateIdle) && (victim == nil || c.since.Before(victim.since)) {
				victim = c
			}
		}
		if victim == nil {
			return nil, false
		}
		delete(g.conns, victim) // its place is taken now; its Close finds it gone
	}
	g.conns[gc] = struct{}{}
	return victim, true
}

// track follows the HTTP server's view of each connection (http.Server.ConnState).
func (g *gate) track(c net.Conn, state http.ConnState) {
	gc, ok := c.(*gatedConn)
	if !ok {
		return
	}
	if state == http.StateClosed {
		gc.Close()
		return
	}
	g.mu.Lock()
	gc.state, gc.since = state, time.Now()
	g.mu.Unlock()
}

// Close closes the connection and frees its place; a hijacked connection (a WebSocket) frees
// it when the WebSocket closes it.
func (c *gatedConn) Close() error {
	c.once.Do(func() {
		c.g.mu.Lock()
		delete(c.g.conns, c)
		c.g.mu.Unlock()
	})
	return c.Conn.Close()
}
