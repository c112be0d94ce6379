package web

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strings"
)

// The chat page: a browser talks to a bot of the world as one of its simulated users, through
// the world control API (assets/chat.js), so that a new user sees their bot answer without
// writing a client first.
const (
	ChatPath       = "/chat"
	ChatScriptPath = "/chat.js"
	ChatTitle      = "onespec — chat with your bot 与机器人聊天"
)

//go:embed assets/chat.js
var chatScript []byte

// chatCSP lets the page run its own script and call this server (the world control API), and
// nothing else.
const chatCSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

var chatPage = template.Must(template.New("chat").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>` + style + `
form, .row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin: .5rem 0; }
#log { border: 1px solid var(--line); border-radius: 6px; min-height: 12rem; max-height: 60vh; overflow-y: auto; padding: .5rem 1rem; }
#log p { margin: .3rem 0; } #log p.bot b { color: var(--link); }
#text { flex: 1; min-width: 12rem; }
input, select, button { font: inherit; padding: .25rem .4rem; }
#status { color: #c0392b; min-height: 1.2em; }
</style>
</head>
<body data-world="{{.World}}">
<p><a href="./">← onespec</a></p>
<h1>Chat with your bot 与机器人聊天</h1>
<p class="lead">Send a message as a simulated user of the world; your bot (connected to this server
by any transport) gets it as an event, and what it answers shows up below. Uses the world control
API (send_message, wait_sent). 以模拟用户身份给机器人发消息，机器人的回复显示在下方。</p>
<div class="row">
<label>as 发送者 <select id="as"></select></label>
<label>to bot 机器人 <select id="bot"></select></label>
<label>group 群号 <input id="group" type="number" min="0" placeholder="private 私聊" size="10"></label>
<label>world token <input id="token" type="password" size="12" autocomplete="off"></label>
</div>
<div id="log" aria-live="polite"></div>
<p id="status"></p>
<form id="form"><input id="text" autocomplete="off" placeholder="message 消息 (CQ codes allowed)"><button>Send 发送</button></form>
<noscript><p>This page needs JavaScript. 需要启用 JavaScript。</p></noscript>
<script src="{{.Script}}"></script>
</body>
</html>
`))

// Chat returns the handler of the chat page and its script: it answers ChatPath and
// ChatScriptPath. world is the world control API's path relative to the page ("_world/").
func Chat(world string) http.Handler {
	var buf bytes.Buffer
	// Rendering constant data into a template parsed at init cannot fail.
	_ = chatPage.Execute(&buf, map[string]string{"Title": ChatTitle, "World": world, "Script": strings.TrimPrefix(ChatScriptPath, "/")})
	page := buf.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case ChatPath:
			w.Header().Set("Content-Security-Policy", chatCSP)
			write(w, r, page)
		case ChatScriptPath:
			h := w.Header()
			h.Set("Content-Type", "application/javascript; charset=utf-8")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Cache-Control", "no-cache")
			w.WriteHeader(http.StatusOK)
			if r.Method != http.MethodHead {
				_, _ = w.Write(chatScript)
			}
		default:
			http.NotFound(w, r)
		}
	})
}
