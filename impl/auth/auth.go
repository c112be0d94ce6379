// Package auth checks the access token of the standard's communication/authorization.md, the
// same way for every transport: HTTP requests and WebSocket handshakes alike, before anything
// else happens (no upgrade, no dispatch).
package auth

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
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
