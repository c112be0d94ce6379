// Package web serves the reference server's pages for people: the landing page at /, which says
// what the server is, which bots it answers for and where each bot's endpoints, the docs, the
// specs and the compatibility matrix are. Pages are plain HTML with inline styles, no script and
// nothing from another origin, so they work offline and behind any proxy.
//
// OneBot clients may call / as an action (an empty action name); Wants tells a browser's page
// request (GET or HEAD accepting text/html) from such a call, which keeps its 1404 envelope.
package web

import (
	"bytes"
	"context"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// Bot is one bot of the world and the URLs that reach it.
type Bot struct {
	SelfID   int64
	Nickname string
	// Default is the bot that the root endpoints (/, /api, /event, /_events) act as.
	Default bool
	// HTTP is the base of its HTTP API (append the action name), WebSocket its forward
	// WebSocket (also …/api and …/event), Events its server-sent event stream.
	HTTP, WebSocket, Events string
}

// Link is one page or document the landing page points to.
type Link struct {
	Href, Label, Note string
}

// Options say what the landing page lists.
type Options struct {
	// Bots lists the world's bots with their endpoints under base (scheme and host, no
	// trailing slash), the default bot first; the world changes while the server runs, so it
	// is asked on every request.
	Bots func(ctx context.Context, base string) ([]Bot, error)
	// Docs are the OneBot API's pages and documents, World the world control API's, Other
	// anything else (the compatibility matrix); relative to the root.
	Docs, World, Other []Link
	// TokenRequired says the OneBot API needs an access token, WorldTokenRequired the world
	// control API.
	TokenRequired, WorldTokenRequired bool
	// Version is the server's version, shown in the footer.
	Version string
	// Log receives failures to list the bots; nil discards.
	Log *slog.Logger
}

// ContentTypeHTML is the content type of every page.
const ContentTypeHTML = "text/html; charset=utf-8"

// Title is the landing page's title.
const Title = "onespec — OneBot v11 reference server 参考服务器"

// csp allows nothing but the page's own inline styles: no script, no request anywhere.
const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// Wants reports whether r is a browser asking for a page: GET or HEAD with an Accept header that
// admits text/html (with a non-zero q), and not a WebSocket upgrade.
func Wants(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		return false
	}
	for _, accept := range r.Header.Values("Accept") {
		for part := range strings.SplitSeq(accept, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil || (mt != "text/html" && mt != "application/xhtml+xml") {
				continue
			}
			if q, err := strconv.ParseFloat(params["q"], 64); params["q"] == "" || (err == nil && q > 0) {
				return true
			}
		}
	}
	return false
}

// Home returns the landing page's handler. It answers every request it gets with the page;
// route to it only the requests for / that Wants.
func Home(opts Options) http.Handler {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data := homeData{Title: Title, Options: opts}
		if opts.Bots != nil {
			bots, err := opts.Bots(r.Context(), baseURL(r))
			if err != nil {
				log.Error("landing page: listing the bots", "err", err)
				data.BotsError = "the bots could not be listed: " + err.Error()
			}
			data.Bots = bots
		}
		var buf bytes.Buffer
		if err := home.Execute(&buf, data); err != nil {
			log.Error("landing page: rendering", "err", err)
			http.Error(w, "the landing page could not be rendered", http.StatusInternalServerError)
			return
		}
		write(w, r, buf.Bytes())
	})
}

// write sends a page, uncached: it lists the world's bots of the moment.
func write(w http.ResponseWriter, r *http.Request, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ContentTypeHTML)
	if h.Get("Content-Security-Policy") == "" { // a page with a script sets its own
		h.Set("Content-Security-Policy", csp)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// baseURL is the scheme and host the browser used to reach the server.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

type homeData struct {
	Title string
	Options
	Bots      []Bot
	BotsError string
}
