package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/web"
)

// The banner names the docs and every bot's endpoints, and its first line keeps the form that
// scripts (and servedAt) wait for.
func TestPrintBanner(t *testing.T) {
	var b strings.Builder
	base := "http://127.0.0.1:5700"
	printBanner(&b, "1.2.3", base, []web.Bot{
		{SelfID: 10001, Default: true, HTTP: base + "/", WebSocket: "ws://127.0.0.1:5700/", Events: base + "/_events"},
		{SelfID: 10009, HTTP: base + "/bots/10009/", WebSocket: "ws://127.0.0.1:5700/bots/10009/", Events: base + "/bots/10009/_events"},
	}, "ws://127.0.0.1:6700/")
	out := b.String()
	first, _, _ := strings.Cut(out, "\n")
	if m := regexp.MustCompile(`on http://([0-9.:]+)$`).FindStringSubmatch(first); m == nil || m[1] != "127.0.0.1:5700" {
		t.Errorf("first line %q", first)
	}
	for _, want := range []string{
		base + "/docs", base + "/swagger", base + "/openapi.yaml", base + "/_world/docs", base + "/_world/swagger", base + "/compat", base + "/chat",
		"bot 10001 (default)", "ws://127.0.0.1:5700/api", "ws://127.0.0.1:5700/event", base + "/_events",
		"bot 10009", base + "/bots/10009/ ", "ws://127.0.0.1:5700/bots/10009/api", base + "/bots/10009/_events",
		"ws://127.0.0.1:6700/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}
}
