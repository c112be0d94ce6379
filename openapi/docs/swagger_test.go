package docs_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

// Swagger UI is served offline beside Scalar, on the same document: its page names only
// relative URLs that resolve to this handler's paths, its assets are the embedded ones, the
// starter script turns the validator (a call to validator.swagger.io) off, and the page carries
// the handler's title.
func TestSwaggerUI(t *testing.T) {
	h, err := docs.New(openapi.WorldYAML, docs.Options{Title: docs.WorldTitle})
	if err != nil {
		t.Fatal(err)
	}
	attr := regexp.MustCompile(`(?i)\s(src|href|data-url)\s*=\s*"([^"]*)"`)
	for _, p := range []string{"/swagger", "/swagger/"} {
		res, page := do(t, h, http.MethodGet, p, map[string]string{"Accept-Encoding": "gzip"})
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != docs.ContentTypeHTML {
			t.Fatalf("%s: HTTP %d %s", p, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if want := "<title>" + html.EscapeString(docs.WorldTitle) + " · Swagger UI</title>"; !strings.Contains(string(page), want) {
			t.Errorf("%s: no %s", p, want)
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: CSP %q", p, res.Header.Get("Content-Security-Policy"))
		}
		if strings.Contains(string(page), "<script>") {
			t.Errorf("%s: inline script (the CSP forbids it)", p)
		}
		base, _ := url.Parse("http://127.0.0.1:5700" + p)
		resolved := map[string]string{}
		for _, m := range attr.FindAllSubmatch(page, -1) {
			raw := html.UnescapeString(string(m[2]))
			u, err := url.Parse(raw)
			if err != nil || (u.Scheme != "" && u.Scheme != "data") || u.Host != "" {
				t.Errorf("%s: %s=%q is not relative", p, m[1], raw)
				continue
			}
			if u.Scheme == "" {
				resolved[base.ResolveReference(u).Path] = base.ResolveReference(u).RequestURI()
			}
		}
		for path, want := range map[string]string{
			"/swagger/swagger-ui-bundle.js": "SwaggerUIBundle",
			"/swagger/swagger-ui.css":       ".swagger-ui",
			"/swagger/init.js":              "validatorUrl: null",
			"/openapi.json":                 `"title":"onespec world control API"`,
			"/openapi.yaml":                 "openapi: 3.0.3",
		} {
			target, ok := resolved[path]
			if !ok {
				t.Errorf("%s: no URL resolving to %s (got %v)", p, path, resolved)
				continue
			}
			res, body := do(t, h, http.MethodGet, target, map[string]string{"Accept-Encoding": "gzip"})
			if res.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("%s: GET %s: HTTP %d, body lacks %q", p, target, res.StatusCode, want)
			}
			if strings.HasPrefix(path, "/swagger/") && res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("GET %s: Cache-Control %q, want immutable for a versioned asset", target, res.Header.Get("Cache-Control"))
			}
		}
	}
	// The starter script names no host: only the document it is given.
	_, init := do(t, h, http.MethodGet, "/swagger/init.js", nil)
	if regexp.MustCompile(`(?i)(https?:)?//[a-z0-9]`).Match(init) {
		t.Errorf("init.js names a URL:\n%s", init)
	}
	if !docs.Public("/swagger/swagger-ui-bundle.js") || docs.Public("/swagger/x.js") {
		t.Error("Public does not list exactly Swagger UI's paths")
	}
}

// With a rendition, the Scalar page shows it (at /docs/openapi.json) while /openapi.json and
// /openapi.yaml stay the spec itself; without one, the page shows the spec.
func TestRendition(t *testing.T) {
	rendition := []byte(`{"openapi":"3.1.0","info":{"title":"rendition","version":"1"},"paths":{}}`)
	h, err := docs.New(openapi.YAML, docs.Options{Rendition: rendition})
	if err != nil {
		t.Fatal(err)
	}
	_, page := do(t, h, http.MethodGet, "/docs", nil)
	if !strings.Contains(string(page), `data-url="docs/openapi.json"`) {
		t.Error("the Scalar page does not load docs/openapi.json")
	}
	if !strings.Contains(html.UnescapeString(string(page)), `"documentDownloadType":"none"`) {
		t.Error("the page offers the rendition for download as if it were the spec")
	}
	if _, body := do(t, h, http.MethodGet, "/docs/openapi.json", nil); string(body) != string(rendition) {
		t.Errorf("/docs/openapi.json = %.100s, want the rendition", body)
	}
	if _, body := do(t, h, http.MethodGet, "/openapi.json", nil); !strings.Contains(string(body), `"openapi":"3.0.3"`) {
		t.Errorf("/openapi.json = %.100s, want the spec", body)
	}
	plain := newHandler(t)
	_, shown := do(t, plain, http.MethodGet, "/docs/openapi.json", nil)
	_, spec := do(t, plain, http.MethodGet, "/openapi.json", nil)
	if string(shown) != string(spec) {
		t.Error("without a rendition /docs/openapi.json is not the spec")
	}
}
