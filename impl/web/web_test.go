package web_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/web"
)

func TestWants(t *testing.T) {
	tests := []struct {
		name, method, accept, upgrade string
		want                          bool
	}{
		{"browser", "GET", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", true},
		{"head", "HEAD", "text/html", "", true},
		{"xhtml only", "GET", "application/xhtml+xml", "", true},
		{"no accept", "GET", "", "", false},
		{"any", "GET", "*/*", "", false},
		{"json client", "GET", "application/json", "", false},
		{"html refused", "GET", "text/html;q=0, application/json", "", false},
		{"post", "POST", "text/html", "", false},
		{"websocket", "GET", "text/html", "websocket", false},
		{"malformed", "GET", ";;;", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "/", nil)
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			if tc.upgrade != "" {
				r.Header.Set("Upgrade", tc.upgrade)
			}
			if got := web.Wants(r); got != tc.want {
				t.Errorf("Wants = %v, want %v", got, tc.want)
			}
		})
	}
}

// externalURL finds absolute URLs in a page; only the request's own host may appear.
var externalURL = regexp.MustCompile(`(?i)(?:https?|wss?):\/\/[^\s"'<>)]+|\/\/[a-z0-9.-]+\.[a-z]{2,}\/`)

func get(t *testing.T, h http.Handler, method string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(method, "http://127.0.0.1:5700/", nil)
	r.Header.Set("Accept", "text/html")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Result(), string(body)
}

func TestHome(t *testing.T) {
	var gotBase string
	h := web.Home(web.Options{
		Bots: func(_ context.Context, base string) ([]web.Bot, error) {
			gotBase = base
			return []web.Bot{
				{SelfID: 10001, Nickname: "机器人<一>", Default: true, HTTP: base + "/", WebSocket: "ws://127.0.0.1:5700/", Events: base + "/_events"},
				{SelfID: 10009, Nickname: "二号", HTTP: base + "/bots/10009/", WebSocket: "ws://127.0.0.1:5700/bots/10009/", Events: base + "/bots/10009/_events"},
			}, nil
		},
		Docs:          []web.Link{{Href: "docs", Label: "Scalar"}, {Href: "openapi.yaml", Label: "openapi.yaml"}},
		World:         []web.Link{{Href: "_world/docs", Label: "world docs"}},
		Other:         []web.Link{{Href: "compat", Label: "compatibility"}},
		TokenRequired: true,
		Version:       "9.9.9",
	})
	res, body := get(t, h, "GET")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != web.ContentTypeHTML {
		t.Fatalf("HTTP %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if gotBase != "http://127.0.0.1:5700" {
		t.Errorf("Bots asked with base %q", gotBase)
	}
	for _, want := range []string{
		"<title>" + web.Title + "</title>",
		`href="docs"`, `href="openapi.yaml"`, `href="_world/docs"`, `href="compat"`,
		"<code>10001</code>", "机器人&lt;一&gt;", "http://127.0.0.1:5700/bots/10009/", "ws://127.0.0.1:5700/bots/10009/",
		"http://127.0.0.1:5700/bots/10009/_events", "curl -X POST http://127.0.0.1:5700/send_private_msg", "Bearer", "9.9.9",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, u := range externalURL.FindAllString(body, -1) {
		if !strings.Contains(u, "://127.0.0.1:5700/") {
			t.Errorf("page refers to another host: %s", u)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if res, body := get(t, h, "HEAD"); res.StatusCode != 200 || body != "" || res.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD: HTTP %d, %d bytes of body", res.StatusCode, len(body))
	}
}

// A world that cannot be read still gets a page, which says so.
func TestHomeBotsError(t *testing.T) {
	h := web.Home(web.Options{Bots: func(context.Context, string) ([]web.Bot, error) {
		return nil, errors.New("store closed")
	}})
	res, body := get(t, h, "GET")
	if res.StatusCode != 200 || !strings.Contains(body, "store closed") || strings.Contains(body, "has no bot") {
		t.Errorf("HTTP %d %s", res.StatusCode, body)
	}
}
