package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/onespec/onespec/impl/web"
)

// pages are the pages and documents serve mounts, relative to the root: the landing page lists
// them and the start-up banner prints them.
var (
	docsPages = []web.Link{
		{Href: "docs", Label: "Scalar", Note: "interactive reference, search in English or Chinese 交互式文档"},
		{Href: "swagger", Label: "Swagger UI", Note: "the same spec in Swagger UI"},
		{Href: "openapi.yaml", Label: "openapi.yaml", Note: "the spec (OpenAPI 3.0.3)"},
		{Href: "openapi.json", Label: "openapi.json", Note: "the same document as JSON"},
	}
	worldPages = []web.Link{
		{Href: "_world/docs", Label: "Scalar", Note: "the world control API's reference"},
		{Href: "_world/swagger", Label: "Swagger UI"},
		{Href: "_world/openapi.yaml", Label: "openapi.yaml", Note: "its spec"},
	}
	otherPages = []web.Link{
		{Href: "chat", Label: "Chat with your bot 与机器人聊天", Note: "send it messages as a simulated user and see its answers"},
		{Href: "compat", Label: "Compatibility matrix 兼容性矩阵", Note: "every action against every implementation family, from the spec"},
	}
)

// printBanner writes what a new user needs at start: where the server, its docs and each bot's
// endpoints are. The first line keeps the form "… on http://host:port" that scripts wait for.
func printBanner(w io.Writer, version, base string, bots []web.Bot, extraWS string) {
	fmt.Fprintf(w, "onespec %s: OneBot v11 reference server on %s\n", version, base)
	fmt.Fprintf(w, "  landing page         %s/\n", base)
	fmt.Fprintf(w, "  docs                 %s/docs (Scalar)  %[1]s/swagger (Swagger UI)  spec %[1]s/openapi.yaml\n", base)
	fmt.Fprintf(w, "  chat with your bot   %s%s\n", base, web.ChatPath)
	fmt.Fprintf(w, "  compatibility        %s%s\n", base, web.CompatPath)
	fmt.Fprintf(w, "  world control        %s/_world/  docs %[1]s/_world/docs  %[1]s/_world/swagger\n", base)
	for _, b := range bots {
		name := fmt.Sprintf("bot %d", b.SelfID)
		if b.Default {
			name += " (default)"
		}
		ws := strings.TrimSuffix(b.WebSocket, "/")
		fmt.Fprintf(w, "  %-20s HTTP %s  WebSocket %s/ %[3]s/api %[3]s/event  SSE %s\n", name, b.HTTP, ws, b.Events)
	}
	if extraWS != "" {
		fmt.Fprintf(w, "  forward WebSocket also on %s (/api, /event)\n", extraWS)
	}
}
