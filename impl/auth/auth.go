// Package auth checks the access token of the standard's communication/authorization.md, the
// same way for every transport: HTTP requests and WebSocket handshakes alike, before anything
// else happens (no upgrade, no dispatch).
package auth

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/onespec/onespec/gen/core"
	"github.com/onespec/onespec/openapi/wire"
)

// Denial is why a request was refused: 401 when it carried no token, 403 when the token is wrong.
type Denial struct {
	Status  int
	Retcode core.Retcode
	Message string
	Wording string
}

// Check verifies that r carries token: in the Authorization header with any scheme word
// ("Bearer", as most clients send; "Token", as go-cqhttp and Koishi send over HTTP), or in the
// access_token query parameter when there is no header. An empty token admits everyone. The
// comparison takes the same time whatever the given token is.
func Check(r *http.Request, token string) *Denial {
	if token == "" {
		return nil
	}
	given, found := "", false
	if h := r.Header.Get("Authorization"); h != "" {
		_, t, hasScheme := strings.Cut(strings.TrimSpace(h), " ")
		if !hasScheme {
			t = h
		}
		given, found = strings.TrimSpace(t), true
	} else if q := r.URL.Query(); q.Has("access_token") {
		given, found = q.Get("access_token"), true
	}
	switch {
	case !found:
		return &Denial{http.StatusUnauthorized, core.RetcodeUnauthorized, "access token required", "需要 access token"}
	case subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1:
		return &Denial{http.StatusForbidden, core.RetcodeForbidden, "access token does not match", "access token 错误"}
	}
	return nil
}

// Write answers the refused request: the HTTP status and a failed envelope saying why, for
// transports that refuse before they have a request of their own (a WebSocket handshake, an
// event stream).
func (d *Denial) Write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(d.Status)
	_ = json.NewEncoder(w).Encode(wire.Reply{Status: string(core.StatusFailed), Retcode: int(d.Retcode), Message: d.Message, Wording: d.Wording})
}

// Sites says which names a browser may reach the server by. A web page can send requests to
// any address, loopback included (a simple POST needs no CORS preflight), and with DNS
// rebinding it can even read the answers, by giving its own name (Host: evil.example) the
// server's address. Sites refuses both where no token protects the server: a request must
// name the server by an IP address, localhost or one of Hosts, and one sent by a page
// (Origin) must come from a page of a loopback name or of the very host it calls.
type Sites struct {
	// Hosts are further names the server may be called by (onespec serve --allowed-hosts).
	Hosts []string
}

// Check refuses a request whose Host or Origin is not allowed (403).
func (s Sites) Check(r *http.Request) *Denial {
	host := hostname(r.Host)
	if !s.hostAllowed(host) {
		return &Denial{http.StatusForbidden, core.RetcodeForbidden,
			fmt.Sprintf("Host %q is not a name of this server (an IP address, localhost or --allowed-hosts): refused against DNS rebinding", r.Host),
			"Host 不被允许"}
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err == nil && u.Host != "" {
		if o := hostname(u.Host); loopback(o) || strings.EqualFold(o, host) || s.listed(o) {
			return nil
		}
	}
	return &Denial{http.StatusForbidden, core.RetcodeForbidden,
		fmt.Sprintf("a request from the web page %q is refused: only pages on a loopback name or this server's own host may call it", origin),
		"跨站请求被拒绝"}
}

func (s Sites) hostAllowed(host string) bool {
	return host == "" || net.ParseIP(host) != nil || loopback(host) || s.listed(host)
}

func (s Sites) listed(host string) bool {
	for _, h := range s.Hosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

// hostname is the name in a host[:port], without brackets.
func hostname(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// loopback reports whether host names this machine only: localhost (and *.localhost, which
// resolvers keep on loopback) or a loopback address.
func loopback(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Loopback reports whether a listening address (host:port) serves this machine only.
func Loopback(addr string) bool {
	host := hostname(addr)
	return host != "" && loopback(host)
}
