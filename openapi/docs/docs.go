// Package docs serves interactive API documentation for the OneBot v11 spec with Scalar
// (https://github.com/scalar/scalar), fully offline: the Scalar browser bundle is embedded in the
// binary (assets/scalar-standalone.js.gz, fetched by scripts/fetch-scalar.sh; MIT, see
// assets/SCALAR-LICENSE) and the page is configured so that nothing is fetched from the network:
// no telemetry, no web fonts, no Scalar Agent, no request proxy.
//
// Handler answers, for GET and HEAD:
//
//	/docs, /docs/     the documentation page
//	/docs/scalar.js   the Scalar bundle
//	/docs/openapi.json  what the Scalar page shows: the docs rendition when one is given
//	                  (Options.Rendition), else the spec as JSON
//	/swagger, /swagger/  the same document in Swagger UI (assets under /swagger/; Apache-2.0,
//	                  see assets/SWAGGER-UI-LICENSE, fetched by scripts/fetch-swagger-ui.sh)
//	/openapi.yaml     the spec as given
//	/openapi.json     the same document as JSON (keys in document order)
//
// It is a plain net/http handler: mount it on any mux, for the paths in Paths (or those Public
// reports), ahead of authentication; none of them needs an access token. Every answer carries a
// strong ETag (If-None-Match gives 304) and is sent gzipped to clients that accept gzip.
//
// The page refers to its assets by relative URLs, so it also works behind a reverse proxy that
// mounts the server under a path prefix and strips it.
package docs

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed assets
var assets embed.FS

// ScalarVersion is the version of @scalar/api-reference embedded in assets/.
const ScalarVersion = "1.72.1"

// Title is the documentation page's title unless Options say another.
const Title = "onespec — OneBot v11"

// WorldTitle is the title of the world control API's documentation page.
const WorldTitle = "onespec — world control API 世界控制 API"

// Options change what New serves.
type Options struct {
	// Title is the pages' title; "" is Title.
	Title string
	// Rendition is the docs rendition of the spec (JSON, made by openapi/rendition at generate
	// time, e.g. openapi.DocsJSON): the Scalar page shows it, while /openapi.yaml and
	// /openapi.json stay the spec itself. nil: the page shows the spec.
	Rendition []byte
}

// Paths lists every path Handler serves. None of them needs authentication.
var Paths = append([]string{"/docs", "/docs/", "/docs/scalar.js", "/docs/openapi.json", "/openapi.yaml", "/openapi.json"}, swaggerPaths...)

// Public reports whether path (a request's URL path) is one Handler serves, so a server can route
// it to the handler ahead of its access-token check.
func Public(path string) bool { return slices.Contains(Paths, path) }

// Content types of the answers.
const (
	ContentTypeHTML = "text/html; charset=utf-8"
	ContentTypeJS   = "application/javascript; charset=utf-8"
	ContentTypeYAML = "application/yaml; charset=utf-8"
	ContentTypeJSON = "application/json; charset=utf-8"
)

// Cache-Control values: a bundle only changes with its version, and the pages ask for each
// asset with a ?v= of its ETag, so that URL can be cached for good; everything else is revalidated (cheap:
// a 304 on the ETag).
const (
	cacheImmutable   = "public, max-age=31536000, immutable"
	cacheBundle      = "public, max-age=86400"
	cacheRevalidated = "no-cache"
)

// csp keeps the page from loading anything from another origin: scripts, styles, fonts and images
// come from this server (or data:/blob: URLs the bundle builds itself). Requests that the user
// sends from the page's API client ("Test Request") go to the servers the spec lists, so
// connect-src stays open.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; " +
	"connect-src *; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// resource is one answer, kept gzipped; plain is nil when it is decompressed on every request.
type resource struct {
	contentType  string
	cacheControl string
	csp          string
	gz           []byte
	plain        []byte
	plainSize    int64
	etagGz       string // strong ETag of the gzipped representation
	etagPlain    string // strong ETag of the identity representation
}

// newResource prepares body for serving: compresses it and computes both ETags.
func newResource(contentType, cacheControl string, body []byte) (*resource, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return &resource{
		contentType:  contentType,
		cacheControl: cacheControl,
		gz:           buf.Bytes(),
		plain:        body,
		plainSize:    int64(len(body)),
		etagGz:       etag(buf.Bytes(), "-gz"),
		etagPlain:    etag(body, ""),
	}, nil
}

func etag(b []byte, suffix string) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + suffix + `"`
}

// scalar is the embedded bundle, checked (it must decompress) once per process.
var scalar = sync.OnceValues(func() (*resource, error) {
	gz, err := assets.ReadFile("assets/scalar-standalone.js.gz")
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("docs: embedded Scalar bundle: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(h, zr)
	if err != nil {
		return nil, fmt.Errorf("docs: embedded Scalar bundle: %w", err)
	}
	if n == 0 {
		return nil, errors.New("docs: embedded Scalar bundle is empty")
	}
	return &resource{
		contentType:  ContentTypeJS,
		cacheControl: cacheBundle,
		gz:           gz,
		plainSize:    n,
		etagGz:       etag(gz, "-gz"),
		etagPlain:    `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`,
	}, nil
})

// pageConfig is Scalar's configuration (the data-configuration attribute). Everything that would
// reach the network is off; proxyUrl is left out so that no request goes through a proxy.
type pageConfig struct {
	MetaData             map[string]string `json:"metaData"`
	Telemetry            bool              `json:"telemetry"`
	WithDefaultFonts     bool              `json:"withDefaultFonts"`
	Agent                map[string]bool   `json:"agent"`
	MCP                  map[string]bool   `json:"mcp"`
	ShowDeveloperTools   string            `json:"showDeveloperTools"`
	DocumentDownloadType string            `json:"documentDownloadType"`
	DefaultOpenAllTags   bool              `json:"defaultOpenAllTags"`
	ShowOperationID      bool              `json:"showOperationId"`
	HideClientButton     bool              `json:"hideClientButton"`
}

var page = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>{{/* System fonts only (no web fonts are fetched); CJK faces before the generic fallback. */}}
body {
  margin: 0;
  --scalar-font: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
    "Helvetica Neue", Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji";
  --scalar-font-code: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono",
    "Noto Sans Mono CJK SC", "Sarasa Mono SC", monospace;
  font-family: var(--scalar-font);
}
</style>
</head>
<body>
<noscript>
<p>{{.Title}}: the interactive reference needs JavaScript. 交互式文档需要启用 JavaScript。
The spec itself: <a href="{{.YAML}}">openapi.yaml</a>, <a href="{{.JSON}}">openapi.json</a>.</p>
</noscript>
<script id="api-reference" data-url="{{.Shown}}" data-configuration="{{.Config}}"></script>
<script src="{{.Script}}"></script>
</body>
</html>
`))

// renderPage renders the page with URLs relative to base, the page's own directory as the
// browser sees it: "" for /docs, "../" for /docs/.
func renderPage(title, base, scriptVersion string, rendition bool) ([]byte, error) {
	download := "both"
	if rendition {
		download = "none" // the page shows the rendition; the spec itself is linked instead
	}
	cfg, err := json.Marshal(pageConfig{
		MetaData:             map[string]string{"title": title},
		Telemetry:            false,
		WithDefaultFonts:     false,
		Agent:                map[string]bool{"disabled": true},
		MCP:                  map[string]bool{"disabled": true},
		ShowDeveloperTools:   "never",
		DocumentDownloadType: download,
		DefaultOpenAllTags:   false,
		ShowOperationID:      true,
		HideClientButton:     false,
	})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = page.Execute(&buf, map[string]any{
		"Title":  title,
		"Config": string(cfg),
		"Shown":  base + "docs/openapi.json",
		"JSON":   base + "openapi.json",
		"YAML":   base + "openapi.yaml",
		"Script": base + "docs/scalar.js?v=" + scriptVersion,
	})
	return buf.Bytes(), err
}

type handler struct {
	scalar    *resource
	resources map[string]*resource
}

// Handler returns the docs handler for spec, an OpenAPI document in YAML (openapi.YAML for the
// bundled one), titled Title: New with no options.
func Handler(spec []byte) (http.Handler, error) { return New(spec, Options{}) }

// New returns the docs handler for spec, an OpenAPI document in YAML. It converts spec to JSON
// once, here, and fails if spec is not valid YAML or cannot be expressed as JSON. Requests for
// paths outside Paths get 404.
func New(spec []byte, opts Options) (http.Handler, error) {
	title := opts.Title
	if title == "" {
		title = Title
	}
	js, err := scalar()
	if err != nil {
		return nil, err
	}
	specJSON, err := YAMLToJSON(spec)
	if err != nil {
		return nil, fmt.Errorf("docs: converting the spec to JSON: %w", err)
	}
	h := &handler{scalar: js, resources: map[string]*resource{}}
	add := func(path, contentType, cacheControl string, body []byte) error {
		r, err := newResource(contentType, cacheControl, body)
		if err != nil {
			return err
		}
		h.resources[path] = r
		return nil
	}
	if err := add("/openapi.yaml", ContentTypeYAML, cacheRevalidated, spec); err != nil {
		return nil, err
	}
	if err := add("/openapi.json", ContentTypeJSON, cacheRevalidated, specJSON); err != nil {
		return nil, err
	}
	shown := specJSON
	if opts.Rendition != nil {
		shown = opts.Rendition
	}
	if err := add("/docs/openapi.json", ContentTypeJSON, cacheRevalidated, shown); err != nil {
		return nil, err
	}
	version := strings.Trim(js.etagGz, `"`)[:12]
	for path, base := range map[string]string{"/docs": "", "/docs/": "../"} {
		html, err := renderPage(title, base, version, opts.Rendition != nil)
		if err != nil {
			return nil, err
		}
		if err := add(path, ContentTypeHTML, cacheRevalidated, html); err != nil {
			return nil, err
		}
		h.resources[path].csp = csp
	}
	h.resources["/docs/scalar.js"] = js
	if err := h.addSwagger(title); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	res, ok := h.resources[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	cacheControl := res.cacheControl
	// An asset asked for with ?v= of its own ETag (as the pages ask) never changes at that URL.
	if v := r.URL.Query().Get("v"); v != "" && v == strings.Trim(res.etagGz, `"`)[:12] {
		cacheControl = cacheImmutable
	}

	gzipped := acceptsGzip(r.Header.Get("Accept-Encoding"))
	tag, size := res.etagPlain, res.plainSize
	if gzipped {
		tag, size = res.etagGz, int64(len(res.gz))
	}
	hdr := w.Header()
	hdr.Set("Content-Type", res.contentType)
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("ETag", tag)
	hdr.Add("Vary", "Accept-Encoding")
	hdr.Set("X-Content-Type-Options", "nosniff")
	if res.csp != "" {
		hdr.Set("Content-Security-Policy", res.csp)
	}
	if etagMatches(r.Header.Get("If-None-Match"), tag) {
		hdr.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gzipped {
		hdr.Set("Content-Encoding", "gzip")
	}
	hdr.Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	switch {
	case gzipped:
		_, _ = w.Write(res.gz)
	case res.plain != nil:
		_, _ = w.Write(res.plain)
	default:
		// Checked at start-up: the embedded bundle decompresses. Write errors are the client's.
		zr, err := gzip.NewReader(bytes.NewReader(res.gz))
		if err == nil {
			_, _ = io.Copy(w, zr)
		}
	}
}

// acceptsGzip reports whether an Accept-Encoding header value admits gzip (RFC 9110 §12.5.3):
// "gzip" or "x-gzip" with a non-zero q, or "*" with a non-zero q when gzip is not listed.
func acceptsGzip(header string) bool {
	star := false
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(p, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch coding {
		case "gzip", "x-gzip":
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// etagMatches reports whether an If-None-Match header value matches tag, by the weak comparison
// that RFC 9110 §13.1.2 prescribes for If-None-Match.
func etagMatches(header, tag string) bool {
	header = strings.TrimSpace(header)
	if header == "" {
		return false
	}
	if header == "*" {
		return true
	}
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == strings.TrimPrefix(tag, "W/") {
			return true
		}
	}
	return false
}
