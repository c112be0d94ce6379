package web

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strings"
)

// The chat page: a browser talks to a bot of the world as one of its simulated users, through
// the world control API (assets/chat.js), so that a bot developer sees their bot behave without
// a QQ account: messages, images, pokes, recalls, mutes and kicks, and the world (members,
// roles, mutes, friends) as the bot sees it through its OneBot API.
const (
	ChatPath       = "/chat"
	ChatScriptPath = "/chat.js"
	ChatTitle      = "onespec — chat with your bot 与机器人聊天"
)

//go:embed assets/chat.js
var chatScript []byte

// chatCSP lets the page run its own script and call this server (the world control API), and
// nothing else.
const chatCSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

var chatPage = template.Must(template.New("chat").Parse(pageHead + `
form, .row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin: .5rem 0; }
#log { border: 1px solid var(--line); border-radius: 6px; min-height: 12rem; max-height: 60vh; overflow-y: auto; padding: .5rem 1rem; }
#log p { margin: .3rem 0; } #log p.bot b { color: var(--link); }
#text { flex: 1; min-width: 12rem; }
input, select, button { font: inherit; padding: .25rem .4rem; }
#status { color: #c0392b; min-height: 1.2em; }
.chat { display: grid; grid-template-columns: minmax(0, 1fr) 19rem; gap: 1rem; align-items: start; }
@media (max-width: 50rem) { .chat { grid-template-columns: 1fr; } }
#log img { max-width: 16rem; max-height: 12rem; min-width: 1.5rem; min-height: 1.5rem; image-rendering: pixelated; vertical-align: middle; border-radius: 4px; }
#log p.recalled span, #log p.recalled img { text-decoration: line-through; opacity: .5; }
#log button.recall { font-size: .75em; padding: 0 .3rem; margin-left: .5rem; }
#world { border: 1px solid var(--line); border-radius: 6px; padding: 0 .8rem .5rem; font-size: .9em; }
#world h2 { font-size: 1rem; margin: .6rem 0 .3rem; }
#world ul { list-style: none; padding: 0; margin: 0; } #world li { margin: .3rem 0; }
#world button { font-size: .8em; padding: 0 .3rem; margin-left: .3rem; }
.role-owner { color: #b9770e; } .role-admin { color: var(--link); } .muted-badge { color: #c0392b; }
</style>
</head>
<body data-world="{{.World}}" data-bots="{{.Bots}}"{{if .WorldTokenRequired}} data-world-token="required"{{end}}{{if .TokenRequired}} data-token="required"{{end}}>
<p><a href="./">← onespec</a></p>
<h1>Chat with your bot 与机器人聊天</h1>
<p class="lead">Send a message as a simulated user of the world; your bot (connected to this server
by any transport) gets it as an event, and what it answers shows up below. Uses the world control
API (send_message, poke, recall_message, mute_member, remove_member, wait_sent); the panel shows
the world as the bot sees it (get_group_member_list, get_friend_list).
以模拟用户身份给机器人发消息、图片、戳一戳，撤回、禁言、踢人；机器人的回复显示在下方，右侧是机器人眼中的群成员或好友。</p>
<div class="row">
<label>as 发送者 <select id="as"></select></label>
<label>to bot 机器人 <select id="bot"></select></label>
<label>group 群号 <input id="group" type="number" min="0" placeholder="private 私聊" size="10"></label>
<label id="token-row" hidden>world token <input id="token" type="password" size="12" autocomplete="off"></label>
<label id="access-row" hidden>access token <input id="access" type="password" size="12" autocomplete="off"></label>
</div>
<div class="chat">
<div>
<div id="log" aria-live="polite"></div>
<p id="status"></p>
<form id="form"><input id="text" autocomplete="off" placeholder="message 消息 (CQ codes allowed)"><button>Send 发送</button>
<label>image 图片 <input id="image" type="file" accept="image/*"></label>
<button id="poke" type="button">Poke 戳一戳</button></form>
</div>
<aside id="world" aria-live="polite"></aside>
</div>
<noscript><p>This page needs JavaScript. 需要启用 JavaScript。</p></noscript>
<script src="{{.Script}}"></script>
</body>
</html>
`))

// ChatOptions say where the chat page's script finds the APIs, and which tokens it must ask for.
type ChatOptions struct {
	// World is the world control API's path relative to the page ("_world/"), Bots the prefix
	// of each bot's OneBot API ("bots/": the page appends the bot's id and "/").
	World, Bots string
	// WorldTokenRequired: the page asks for the world token before calling the world control
	// API, rather than meeting a 401; TokenRequired: it asks for the OneBot access token.
	WorldTokenRequired, TokenRequired bool
}

// Chat returns the handler of the chat page and its script: it answers ChatPath and
// ChatScriptPath.
func Chat(opts ChatOptions) http.Handler {
	var buf bytes.Buffer
	// Rendering constant data into a template parsed at init cannot fail.
	_ = chatPage.Execute(&buf, struct {
		ChatOptions
		Title, Script string
	}{opts, ChatTitle, strings.TrimPrefix(ChatScriptPath, "/")})
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
