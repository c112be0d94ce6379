package web_test

import (
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/web"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/compat"
)

// The compatibility page shows every action and family of the bundled spec, builds the matrix
// once (on the first request, not at start), links only within the server, and says so when the
// matrix cannot be built.
func TestCompat(t *testing.T) {
	builds := 0
	h := web.Compat(func() (*compat.Matrix, error) { builds++; return compat.Build(openapi.YAML) }, nil)
	if builds != 0 {
		t.Fatal("the matrix was built before any request")
	}
	m, err := compat.Build(openapi.YAML)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:5700/compat", nil))
		body := rec.Body.String()
		if rec.Code != 200 || rec.Header().Get("Content-Type") != web.ContentTypeHTML || !strings.Contains(body, "<title>"+web.CompatTitle+"</title>") {
			t.Fatalf("HTTP %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		for _, r := range m.Rows {
			if !strings.Contains(body, "<code>"+r.Action+"</code>") {
				t.Errorf("no row for %s", r.Action)
			}
		}
		for _, f := range m.Families {
			if !strings.Contains(body, "<th>"+f.Name+"</th>") {
				t.Errorf("no column for %s", f.Name)
			}
		}
		if want := fmt.Sprintf("%d of %d action names", m.Surface.Covered, m.Surface.Total); !strings.Contains(body, want) {
			t.Errorf("the surface bar does not say %q", want)
		}
		if !strings.Contains(body, "answers <code>messages</code> for <code>message</code>") {
			t.Error("the differences do not render their code spans")
		}
		for _, u := range externalURL.FindAllString(body, -1) {
			t.Errorf("page refers to another host: %s", u)
		}
	}
	if builds != 1 {
		t.Errorf("built %d times, want once", builds)
	}

	failing := web.Compat(func() (*compat.Matrix, error) { return nil, errors.New("no families") }, nil)
	rec := httptest.NewRecorder()
	failing.ServeHTTP(rec, httptest.NewRequest("GET", "/compat", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != 500 || !strings.Contains(string(body), "no families") {
		t.Errorf("HTTP %d %s", rec.Code, body)
	}
}

// The chat page loads its own script by a relative URL, names the world control API relative to
// itself, and neither page nor script refers to another host.
func TestChat(t *testing.T) {
	h := web.Chat(web.ChatOptions{World: "_world/", Bots: "bots/", WorldTokenRequired: true})
	get := func(path string) (*httptest.ResponseRecorder, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:5700"+path, nil))
		return rec, rec.Body.String()
	}
	rec, page := get(web.ChatPath)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != web.ContentTypeHTML || !strings.Contains(page, "<title>"+web.ChatTitle+"</title>") {
		t.Fatalf("page: HTTP %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{`<script src="chat.js">`, `data-world="_world/"`, `data-bots="bots/"`, `data-world-token="required"`, `id="as"`, `id="bot"`, `id="group"`, `id="token"`, `id="log"`, `id="form"`, `id="text"`, `id="status"`, `id="image"`, `id="poke"`, `id="world"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(page, `data-token=`) {
		t.Error("the page asks for an access token the server does not need")
	}
	if strings.Contains(page, "<script>") {
		t.Error("inline script (the CSP forbids it)")
	}
	rec, script := get(web.ChatScriptPath)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/javascript") || !strings.Contains(script, `call("send_message"`) {
		t.Errorf("script: HTTP %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, body := range []string{page, script} {
		for _, u := range externalURL.FindAllString(body, -1) {
			t.Errorf("refers to another host: %s", u)
		}
	}
	if rec, _ := get("/chat/other"); rec.Code != 404 {
		t.Errorf("/chat/other: HTTP %d", rec.Code)
	}
}
