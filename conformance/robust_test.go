package conformance

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
)

// A run survives what real networks do: a rate limit is waited out and reported once, and one
// malformed answer fails only its own check.
func TestRobustRuns(t *testing.T) {
	only := regexp.MustCompile(`^action/`)
	groups := gen.ActionGetGroupList
	tests := []struct {
		name  string
		wrap  func(next http.Handler) http.Handler
		check func(t *testing.T, r *Report)
	}{
		{
			name: "HTTP 429 is retried after Retry-After",
			wrap: func(next http.Handler) http.Handler {
				var n atomic.Int32
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if n.Add(1)%3 == 1 { // every third request is refused once
						w.Header().Set("Retry-After", "0")
						w.WriteHeader(http.StatusTooManyRequests)
						return
					}
					next.ServeHTTP(w, r)
				})
			},
			check: func(t *testing.T, r *Report) {
				assert.Empty(t, failures(r))
				require.Len(t, r.Notes, 1, "reported once")
				assert.Contains(t, r.Notes[0], "HTTP 429")
			},
		},
		{
			name: "a malformed answer fails its check, not the run",
			wrap: func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if strings.TrimPrefix(r.URL.Path, "/") != groups {
						next.ServeHTTP(w, r)
						return
					}
					// Promise a body, send half of it, hang up.
					conn, buf, err := w.(http.Hijacker).Hijack()
					if err != nil {
						return
					}
					_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"status\":")
					_ = buf.Flush()
					_ = conn.Close()
				})
			},
			check: func(t *testing.T, r *Report) {
				assert.Equal(t, Fail, find(t, r, discoveryID(gen.ActionGetGroupList)).Status)
				assert.Equal(t, Pass, find(t, r, actionID(gen.ActionGetLoginInfo)).Status, "the run went on")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inner := newFamilyServer(t, gocqShape)
			srv := httptest.NewServer(tt.wrap(inner.Config.Handler))
			t.Cleanup(srv.Close)
			tt.check(t, run(t, Config{BaseURL: srv.URL, Only: only}))
		})
	}
}
