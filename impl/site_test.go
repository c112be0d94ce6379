package impl_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
)

// loopbackRequest is r addressed to the server by a loopback name, as a local client sends it
// (httptest names example.com, which a server without a token refuses against DNS rebinding).
func loopbackRequest(r *http.Request) *http.Request {
	r.Host = "127.0.0.1:5700"
	return r
}

// The world control API is safe by default: it takes a token (its own, or the OneBot one when
// only that is set), answers operations by POST only, and refuses web pages of other sites and
// hosts it is not called by (DNS rebinding), whatever the token.
func TestControlAPISafeByDefault(t *testing.T) {
	do := func(t *testing.T, opts impl.Options, method, path, host string, header map[string]string) int {
		t.Helper()
		srv := newServer(t, opts)
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if host != "" {
			req.Host = host
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	onebotOnly := impl.Options{AccessToken: "bot", World: &impl.WorldOptions{}}
	own := impl.Options{AccessToken: "bot", World: &impl.WorldOptions{Token: "world"}}
	open := impl.Options{World: &impl.WorldOptions{}}
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	for _, tc := range []struct {
		name   string
		opts   impl.Options
		method string
		path   string
		host   string
		header map[string]string
		want   int
	}{
		{"only the OneBot token set: required", onebotOnly, "POST", "/_world/reset_world", "", nil, http.StatusUnauthorized},
		{"only the OneBot token set: it opens", onebotOnly, "POST", "/_world/list_accounts", "", bearer("bot"), http.StatusOK},
		{"its own token: the OneBot one does not open it", own, "POST", "/_world/list_accounts", "", bearer("bot"), http.StatusForbidden},
		{"its own token opens it", own, "POST", "/_world/list_accounts", "", bearer("world"), http.StatusOK},
		{"GET changes nothing", open, "GET", "/_world/reset_world", "", nil, http.StatusMethodNotAllowed},
		{"a cross-site page is refused", open, "POST", "/_world/reset_world", "", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"a cross-site page with the token too", own, "POST", "/_world/list_accounts", "", map[string]string{"Origin": "http://evil.example", "Authorization": "Bearer world"}, http.StatusForbidden},
		{"DNS rebinding is refused", open, "POST", "/_world/reset_world", "evil.example:5700", map[string]string{"Origin": "http://evil.example:5700"}, http.StatusForbidden},
		{"a loopback page may", open, "POST", "/_world/list_accounts", "", map[string]string{"Origin": "http://localhost:3000"}, http.StatusOK},
		{"no token, loopback: open", open, "POST", "/_world/list_accounts", "", nil, http.StatusOK},
		{"the docs stay public by GET", onebotOnly, "GET", "/_world/docs", "", nil, http.StatusOK},
		{"OneBot without a token: rebinding refused", open, "POST", "/get_login_info", "evil.example", nil, http.StatusForbidden},
		{"OneBot without a token: cross-site refused", open, "POST", "/send_private_msg", "", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"OneBot with a token: its token protects it", onebotOnly, "POST", "/get_login_info", "bot.lan:5700", bearer("bot"), http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := do(t, tc.opts, tc.method, tc.path, tc.host, tc.header); got != tc.want {
				t.Errorf("%s %s: HTTP %d, want %d", tc.method, tc.path, got, tc.want)
			}
		})
	}
}

// /bots/{id}/ tells nobody without the token which accounts exist: a simulated user, a bot and
// no account at all are refused alike (401) before the world is looked at.
func TestBotPathsNoEnumerationBeforeToken(t *testing.T) {
	srv := newServer(t, impl.Options{AccessToken: "tok"})
	var first string
	for _, id := range []string{"10001", "10002", "99999"} { // the bot, a simulated user, nobody
		code, r := call(t, newRequest(t, "GET", srv.URL+"/bots/"+id+"/get_login_info", "", ""))
		if code != http.StatusUnauthorized {
			t.Errorf("/bots/%s without the token: HTTP %d %s", id, code, r.Message)
		}
		if first == "" {
			first = r.Message
		} else if r.Message != first {
			t.Errorf("/bots/%s answers %q, /bots/10001 %q: the answer tells accounts apart", id, r.Message, first)
		}
	}
}

// What the control API does not have is 404, never a 500, whatever the method.
func TestControlAPINotFound(t *testing.T) {
	srv := newServer(t, impl.Options{World: &impl.WorldOptions{}})
	for _, tc := range []struct{ method, path string }{
		{"GET", "/_world"}, {"GET", "/_world/"}, {"POST", "/_world"}, {"POST", "/_world/no_such_operation"}, {"GET", "/_world/no_such_operation"},
	} {
		code, r := call(t, newRequest(t, tc.method, srv.URL+tc.path, jsonType, `{}`))
		if code != http.StatusNotFound {
			t.Errorf("%s %s: HTTP %d %s", tc.method, tc.path, code, r.Message)
		}
	}
}
