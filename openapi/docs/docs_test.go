package docs_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

func newHandler(t *testing.T) http.Handler {
	t.Helper()
	h, err := docs.Handler(openapi.YAML)
	if err != nil {
		t.Fatalf("Handler: %v", err)
	}
	return h
}

// do sends one request and returns the response with its body read and, if it was gzipped,
// decompressed.
func do(t *testing.T, h http.Handler, method, target string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.Header.Get("Content-Encoding") == "gzip" && len(body) > 0 {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s %s: gzip body: %v", method, target, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s %s: gzip body: %v", method, target, err)
		}
	}
	return res, body
}

func TestPaths(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		path, acceptEncoding string
		wantType             string
		wantGzip             bool
		wantInBody           string
	}{
		{"/docs", "", docs.ContentTypeHTML, false, "<title>onespec — OneBot v11</title>"},
		{"/docs", "gzip, deflate, br", docs.ContentTypeHTML, true, "<title>onespec — OneBot v11</title>"},
		{"/docs/", "", docs.ContentTypeHTML, false, `id="api-reference"`},
		{"/docs/", "gzip", docs.ContentTypeHTML, true, `id="api-reference"`},
		{"/docs/scalar.js", "", docs.ContentTypeJS, false, "@scalar/api-reference@" + docs.ScalarVersion},
		{"/docs/scalar.js", "gzip", docs.ContentTypeJS, true, "@scalar/api-reference@" + docs.ScalarVersion},
		{"/docs/scalar.js", "gzip;q=0, identity", docs.ContentTypeJS, false, "createApiReference"},
		{"/docs/scalar.js", "br", docs.ContentTypeJS, false, "createApiReference"},
		{"/docs/scalar.js", "*", docs.ContentTypeJS, true, "createApiReference"},
		{"/docs/scalar.js", "x-gzip", docs.ContentTypeJS, true, "createApiReference"},
		{"/docs/scalar.js", "GZIP;q=0.5", docs.ContentTypeJS, true, "createApiReference"},
		{"/docs/scalar.js", "*;q=0", docs.ContentTypeJS, false, "createApiReference"},
		{"/docs/scalar.js", "gzip;q=0, *", docs.ContentTypeJS, false, "createApiReference"},
		{"/openapi.yaml", "", docs.ContentTypeYAML, false, "openapi: 3.0.3"},
		{"/openapi.yaml", "gzip", docs.ContentTypeYAML, true, "openapi: 3.0.3"},
		{"/openapi.json", "", docs.ContentTypeJSON, false, `"openapi":"3.0.3"`},
		{"/openapi.json", "gzip", docs.ContentTypeJSON, true, `"openapi":"3.0.3"`},
	}
	identity := map[string][]byte{}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.acceptEncoding, func(t *testing.T) {
			res, body := do(t, h, http.MethodGet, tt.path, map[string]string{"Accept-Encoding": tt.acceptEncoding})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if gz := res.Header.Get("Content-Encoding") == "gzip"; gz != tt.wantGzip {
				t.Errorf("gzipped %v, want %v (Content-Encoding %q)", gz, tt.wantGzip, res.Header.Get("Content-Encoding"))
			}
			if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary %q lacks Accept-Encoding", res.Header.Get("Vary"))
			}
			if res.Header.Get("Cache-Control") == "" {
				t.Error("no Cache-Control")
			}
			if etag := res.Header.Get("ETag"); !regexp.MustCompile(`^"[0-9a-f]+(-gz)?"$`).MatchString(etag) {
				t.Errorf("ETag %q is not a strong entity tag", etag)
			}
			if !bytes.Contains(body, []byte(tt.wantInBody)) {
				t.Errorf("body lacks %q", tt.wantInBody)
			}
			// Same bytes whatever the encoding.
			if prev, ok := identity[tt.path]; ok && !bytes.Equal(prev, body) {
				t.Errorf("decoded body differs between encodings")
			}
			identity[tt.path] = body
		})
	}
	if !bytes.Equal(identity["/openapi.yaml"], openapi.YAML) {
		t.Error("/openapi.yaml is not the bundled spec")
	}
}

func TestPathsListAndPublic(t *testing.T) {
	h := newHandler(t)
	for _, p := range docs.Paths {
		if !docs.Public(p) {
			t.Errorf("Public(%q) = false for a path in Paths", p)
		}
		if res, _ := do(t, h, http.MethodGet, p, nil); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/", "/send_private_msg", "/docs/other.js", "/docs/scalar.js/", "/openapi", "/docsx"} {
		if docs.Public(p) {
			t.Errorf("Public(%q) = true", p)
		}
		if res, _ := do(t, h, http.MethodGet, p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
}

func TestMethods(t *testing.T) {
	h := newHandler(t)
	for _, p := range docs.Paths {
		get, getBody := do(t, h, http.MethodGet, p, map[string]string{"Accept-Encoding": "gzip"})
		head, headBody := do(t, h, http.MethodHead, p, map[string]string{"Accept-Encoding": "gzip"})
		if head.StatusCode != http.StatusOK || len(headBody) != 0 {
			t.Errorf("HEAD %s: %d with %d body bytes", p, head.StatusCode, len(headBody))
		}
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "ETag"} {
			if head.Header.Get(k) != get.Header.Get(k) {
				t.Errorf("HEAD %s: %s %q, GET has %q", p, k, head.Header.Get(k), get.Header.Get(k))
			}
		}
		if len(getBody) == 0 {
			t.Errorf("GET %s: empty body", p)
		}
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
			res, _ := do(t, h, m, p, nil)
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q", m, p, res.StatusCode, res.Header.Get("Allow"))
			}
		}
	}
}

func TestContentLength(t *testing.T) {
	h := newHandler(t)
	for _, ae := range []string{"", "gzip"} {
		req := httptest.NewRequest(http.MethodGet, "/docs/scalar.js", nil)
		req.Header.Set("Accept-Encoding", ae)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
			t.Errorf("Accept-Encoding %q: Content-Length %s, body %s bytes", ae, got, want)
		}
	}
}

func TestConditional(t *testing.T) {
	h := newHandler(t)
	for _, p := range docs.Paths {
		for _, ae := range []string{"", "gzip"} {
			res, _ := do(t, h, http.MethodGet, p, map[string]string{"Accept-Encoding": ae})
			etag := res.Header.Get("ETag")
			tests := []struct {
				ifNoneMatch string
				want        int
			}{
				{etag, http.StatusNotModified},
				{"W/" + etag, http.StatusNotModified},
				{`"other", ` + etag, http.StatusNotModified},
				{"*", http.StatusNotModified},
				{`"other"`, http.StatusOK},
				{strings.TrimSuffix(etag, `"`) + `x"`, http.StatusOK},
			}
			for _, tt := range tests {
				res, body := do(t, h, http.MethodGet, p, map[string]string{"Accept-Encoding": ae, "If-None-Match": tt.ifNoneMatch})
				if res.StatusCode != tt.want {
					t.Errorf("%s (Accept-Encoding %q) If-None-Match %s: %d, want %d", p, ae, tt.ifNoneMatch, res.StatusCode, tt.want)
					continue
				}
				if tt.want == http.StatusNotModified {
					if len(body) != 0 {
						t.Errorf("%s: 304 with a body", p)
					}
					if res.Header.Get("ETag") != etag || res.Header.Get("Cache-Control") == "" {
						t.Errorf("%s: 304 without ETag/Cache-Control", p)
					}
				}
			}
		}
		// The two encodings are two representations: their tags differ, and one's tag does not
		// validate the other.
		plain, _ := do(t, h, http.MethodGet, p, nil)
		gz, _ := do(t, h, http.MethodGet, p, map[string]string{"Accept-Encoding": "gzip"})
		if plain.Header.Get("ETag") == gz.Header.Get("ETag") {
			t.Errorf("%s: same ETag for identity and gzip", p)
		}
		res, _ := do(t, h, http.MethodGet, p, map[string]string{"If-None-Match": gz.Header.Get("ETag")})
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: identity request validated by the gzip ETag", p)
		}
	}
}

func TestCacheControl(t *testing.T) {
	h := newHandler(t)
	_, page := do(t, h, http.MethodGet, "/docs", nil)
	src := regexp.MustCompile(`<script src="([^"]+)"`).FindSubmatch(page)
	if src == nil {
		t.Fatal("page loads no script")
	}
	versioned := "/" + html.UnescapeString(string(src[1]))
	tests := []struct{ target, want string }{
		{"/docs", "no-cache"},
		{"/openapi.json", "no-cache"},
		{"/openapi.yaml", "no-cache"},
		{"/docs/scalar.js", "public, max-age=86400"},
		{"/docs/scalar.js?v=stale", "public, max-age=86400"},
		{versioned, "public, max-age=31536000, immutable"},
	}
	for _, tt := range tests {
		res, _ := do(t, h, http.MethodGet, tt.target, nil)
		if got := res.Header.Get("Cache-Control"); got != tt.want {
			t.Errorf("%s: Cache-Control %q, want %q", tt.target, got, tt.want)
		}
	}
}

// The page must load nothing from the network: every URL it names is relative (or data:), it
// resolves to this handler's paths from both /docs and /docs/, Scalar's network features are off,
// and a Content-Security-Policy keeps scripts, styles, fonts and images same-origin.
func TestPageIsOffline(t *testing.T) {
	h := newHandler(t)
	attr := regexp.MustCompile(`(?i)\s(src|href|data-url|action|srcset|poster)\s*=\s*"([^"]*)"`)
	for _, p := range []string{"/docs", "/docs/"} {
		res, page := do(t, h, http.MethodGet, p, nil)
		if regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//`).Match(page) {
			t.Errorf("%s: a src/href points at the network", p)
		}
		if regexp.MustCompile(`(?i)@import|url\(`).Match(page) {
			t.Errorf("%s: CSS loads a resource", p)
		}
		base, _ := url.Parse("http://127.0.0.1:5700" + p)
		resolved := map[string]bool{}
		for _, m := range attr.FindAllSubmatch(page, -1) {
			raw := html.UnescapeString(string(m[2]))
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: %s=%q: %v", p, m[1], raw, err)
				continue
			}
			if u.Scheme == "data" {
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				t.Errorf("%s: %s=%q is not relative", p, m[1], raw)
				continue
			}
			resolved[base.ResolveReference(u).Path] = true
		}
		for _, want := range []string{"/docs/scalar.js", "/openapi.json", "/openapi.yaml"} {
			if !resolved[want] {
				t.Errorf("%s: no URL resolving to %s (got %v)", p, want, resolved)
			}
		}

		cfgAttr := regexp.MustCompile(`data-configuration="([^"]*)"`).FindSubmatch(page)
		if cfgAttr == nil {
			t.Fatalf("%s: no data-configuration", p)
		}
		var cfg map[string]any
		if err := json.Unmarshal([]byte(html.UnescapeString(string(cfgAttr[1]))), &cfg); err != nil {
			t.Fatalf("%s: data-configuration: %v", p, err)
		}
		for key, want := range map[string]any{
			"telemetry":          false,
			"withDefaultFonts":   false,
			"agent":              map[string]any{"disabled": true},
			"mcp":                map[string]any{"disabled": true},
			"showDeveloperTools": "never",
		} {
			if !reflect.DeepEqual(cfg[key], want) {
				t.Errorf("%s: configuration %s = %v, want %v", p, key, cfg[key], want)
			}
		}
		for _, key := range []string{"proxyUrl", "proxy", "url", "plugins", "externalUrls"} {
			if _, ok := cfg[key]; ok {
				t.Errorf("%s: configuration sets %s", p, key)
			}
		}

		policy := res.Header.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'self'", "script-src 'self'", "font-src 'self' data:", "img-src 'self' data: blob:"} {
			if !strings.Contains(policy, d) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", p, policy, d)
			}
		}
		if strings.Contains(string(page), "<script>") {
			t.Errorf("%s: inline script (the CSP forbids it)", p)
		}
	}
}

func TestSpecJSON(t *testing.T) {
	h := newHandler(t)
	_, body := do(t, h, http.MethodGet, "/openapi.json", map[string]string{"Accept-Encoding": "gzip"})
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("/openapi.json does not parse: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	if len(doc.Paths) != len(gen.Actions) {
		t.Errorf("%d paths, want one per action of the registry (%d)", len(doc.Paths), len(gen.Actions))
	}
	op, ok := doc.Paths["/send_private_msg"]["post"].(map[string]any)
	if !ok {
		t.Fatal("no POST /send_private_msg")
	}
	if _, ok := op["responses"].(map[string]any)["200"]; !ok {
		t.Error(`POST /send_private_msg has no "200" response`)
	}

	// The same document as the YAML, value for value.
	var fromYAML any
	if err := yaml.Unmarshal(openapi.YAML, &fromYAML); err != nil {
		t.Fatal(err)
	}
	var fromJSON any
	if err := json.Unmarshal(body, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalize(fromYAML), fromJSON) {
		t.Error("/openapi.json is not the YAML document")
	}

	// Keys keep document order.
	if !bytes.HasPrefix(body, []byte(`{"openapi":"3.0.3","info":{"title":`)) {
		t.Errorf("document order lost: %.60s", body)
	}
}

// normalize turns a yaml.v3-decoded value into what encoding/json decodes from its JSON form.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalize(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			b, _ := json.Marshal(k)
			out[strings.Trim(string(b), `"`)] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case uint64:
		return float64(v)
	}
	return v
}

func TestYAMLToJSON(t *testing.T) {
	tests := []struct {
		name, yaml, want, wantErr string
	}{
		{"integer keys stay strings", "responses:\n  200: {description: ok}\n  '404': {description: missing}\n",
			`{"responses":{"200":{"description":"ok"},"404":{"description":"missing"}}}`, ""},
		{"other scalar keys", "true: a\n1.5: b\n~: c\n", `{"true":"a","1.5":"b","~":"c"}`, ""},
		{"document order", "b: 1\na: 2\nc: 3\n", `{"b":1,"a":2,"c":3}`, ""},
		{"scalars", "s: text\nq: '123'\ni: 42\nh: 0x1F\nf: 1.5\nb: true\nn: null\nt: ~\nd: 2024-01-02\nbig: 18446744073709551615\nneg: -7\n",
			`{"s":"text","q":"123","i":42,"h":31,"f":1.5,"b":true,"n":null,"t":null,"d":"2024-01-02","big":18446744073709551615,"neg":-7}`, ""},
		{"html characters unescaped", "s: '<a href=\"x\">&</a>'\n", `{"s":"<a href=\"x\">&</a>"}`, ""},
		{"unicode", "s: 发送私聊消息\n", `{"s":"发送私聊消息"}`, ""},
		{"sequences", "a: [1, two, {c: d}]\nb: []\nc: {}\n", `{"a":[1,"two",{"c":"d"}],"b":[],"c":{}}`, ""},
		{"anchors and aliases", "a: &x {k: v}\nb: *x\n", `{"a":{"k":"v"},"b":{"k":"v"}}`, ""},
		{"block strings", "s: |\n  line 1\n  line 2\n", `{"s":"line 1\nline 2\n"}`, ""},
		{"top-level array", "- 1\n- 2\n", `[1,2]`, ""},
		{"merge key", "a: &x {k: v}\nb:\n  <<: *x\n", "", "merge keys"},
		{"duplicate key", "a: 1\na: 2\n", "", "duplicate key"},
		{"non-scalar key", "? [a]\n: b\n", "", "not a scalar"},
		{"infinity", "f: .inf\n", "", "no JSON form"},
		{"not YAML", "a: [\n", "", "yaml"},
		{"empty", "", "", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := docs.YAMLToJSON([]byte(tt.yaml))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Error("invalid JSON")
			}
		})
	}
}

func TestHandlerRejectsBadSpec(t *testing.T) {
	for _, spec := range []string{"", "openapi: [\n", "a: 1\na: 2\n"} {
		if _, err := docs.Handler([]byte(spec)); err == nil {
			t.Errorf("Handler(%q): no error", spec)
		}
	}
}
