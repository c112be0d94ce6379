package docs

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"sync"
)

// SwaggerUIVersion is the version of swagger-ui-dist embedded in assets/ (fetched by
// scripts/fetch-swagger-ui.sh; Apache-2.0, see assets/SWAGGER-UI-LICENSE).
const SwaggerUIVersion = "5.36.0"

// ContentTypeCSS is the content type of the Swagger UI stylesheet.
const ContentTypeCSS = "text/css; charset=utf-8"

// swaggerPaths are the paths of Swagger UI's page and assets, served beside Scalar's.
var swaggerPaths = []string{"/swagger", "/swagger/", "/swagger/swagger-ui-bundle.js", "/swagger/swagger-ui.css", "/swagger/init.js"}

// embedded returns one gzipped asset as a resource, checked (it must decompress) once.
func embedded(name, contentType string) func() (*resource, error) {
	return sync.OnceValues(func() (*resource, error) {
		gz, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			return nil, fmt.Errorf("docs: embedded %s: %w", name, err)
		}
		h := sha256.New()
		n, err := io.Copy(h, zr)
		if err != nil {
			return nil, fmt.Errorf("docs: embedded %s: %w", name, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("docs: embedded %s is empty", name)
		}
		return &resource{
			contentType:  contentType,
			cacheControl: cacheBundle,
			gz:           gz,
			plainSize:    n,
			etagGz:       etag(gz, "-gz"),
			etagPlain:    `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`,
		}, nil
	})
}

var (
	swaggerBundle = embedded("swagger-ui-bundle.js.gz", ContentTypeJS)
	swaggerCSS    = embedded("swagger-ui.css.gz", ContentTypeCSS)
)

// swaggerInit starts Swagger UI on the element #swagger-ui, reading the document's URL from its
// data-url: a file of its own, since the page's CSP allows no inline script. The validator
// badge is off (it would send the document to validator.swagger.io); "Try it out" calls the
// servers the document lists, as Scalar's "Test Request" does.
const swaggerInit = `"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: el.getAttribute("data-url"),
    domNode: el,
    deepLinking: true,
    displayOperationId: true,
    displayRequestDuration: true,
    docExpansion: "none",
    filter: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
`

var swaggerPage = template.Must(template.New("swagger").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}} · Swagger UI</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{{.CSS}}">
<style>body { margin: 0; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }</style>
</head>
<body>
<noscript>
<p>{{.Title}}: Swagger UI needs JavaScript. 需要启用 JavaScript。
The spec itself: <a href="{{.YAML}}">openapi.yaml</a>, <a href="{{.JSON}}">openapi.json</a>.</p>
</noscript>
<div id="swagger-ui" data-url="{{.JSON}}"></div>
<script src="{{.Bundle}}"></script>
<script src="{{.Init}}"></script>
</body>
</html>
`))

// addSwagger adds Swagger UI's page (at /swagger and /swagger/, with URLs relative to each) and
// its assets to h, on the same document as Scalar's page.
func (h *handler) addSwagger(title string) error {
	bundle, err := swaggerBundle()
	if err != nil {
		return err
	}
	css, err := swaggerCSS()
	if err != nil {
		return err
	}
	h.resources["/swagger/swagger-ui-bundle.js"] = bundle
	h.resources["/swagger/swagger-ui.css"] = css
	init, err := newResource(ContentTypeJS, cacheRevalidated, []byte(swaggerInit))
	if err != nil {
		return err
	}
	h.resources["/swagger/init.js"] = init
	version := func(r *resource) string { return "?v=" + r.etagGz[1:13] }
	for path, base := range map[string]string{"/swagger": "", "/swagger/": "../"} {
		var buf bytes.Buffer
		err := swaggerPage.Execute(&buf, map[string]string{
			"Title":  title,
			"JSON":   base + "openapi.json",
			"YAML":   base + "openapi.yaml",
			"CSS":    base + "swagger/swagger-ui.css" + version(css),
			"Bundle": base + "swagger/swagger-ui-bundle.js" + version(bundle),
			"Init":   base + "swagger/init.js" + version(init),
		})
		if err != nil {
			return err
		}
		page, err := newResource(ContentTypeHTML, cacheRevalidated, buf.Bytes())
		if err != nil {
			return err
		}
		page.csp = csp
		h.resources[path] = page
	}
	return nil
}
