package web

import "html/template"

// pageHead opens every page of the package up to its <style>, which holds the shared style and
// is left open for the page's own rules: the pages load nothing from elsewhere (no web fonts,
// no favicon request) and send no referrer.
const pageHead = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>` + style

// style is every page's stylesheet: system fonts (CJK faces before the generic fallback), light
// and dark.
const style = `
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #666; --line: #ddd; --code: #f4f4f5; --link: #0b62d6; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8ea; --bg: #161618; --muted: #9a9aa0; --line: #333; --code: #232326; --link: #6aa8ff; } }
body { margin: 0 auto; max-width: 68rem; padding: 1.5rem; color: var(--fg); background: var(--bg);
  font: 15px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", Helvetica, Arial, sans-serif; }
a { color: var(--link); }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
p.lead, .muted, footer { color: var(--muted); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: .9em; background: var(--code); border-radius: 4px; }
code { padding: .05rem .3rem; } pre { padding: .7rem 1rem; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { position: sticky; top: 0; background: var(--bg); }
ul.links { padding-left: 1.2rem; } ul.links li { margin: .2rem 0; }
footer { margin-top: 3rem; font-size: .85em; }
`

var home = template.Must(template.New("home").Parse(pageHead + `</style>
</head>
<body>
<h1>onespec</h1>
<p class="lead">A OneBot v11 reference server: it answers every action of the machine-readable
OneBot v11 standard for the bots of a simulated QQ world, and sends them that world's events.
Point your bot framework (NoneBot, Koishi, ZeroBot, NcatBot…) at a bot's endpoints below.<br>
OneBot v11 参考服务器：为模拟 QQ 世界中的机器人实现标准中的每个动作，并推送事件。把你的机器人框架连到下面的端点即可。</p>

<h2>Bots 机器人</h2>
{{if .BotsError}}<p>{{.BotsError}}</p>{{end}}
{{if .Bots}}<table>
<thead><tr><th>self_id</th><th>nickname 昵称</th><th>HTTP API</th><th>WebSocket (/, /api, /event)</th><th>event stream 事件流 (SSE)</th></tr></thead>
<tbody>
{{range .Bots}}<tr><td><code>{{.SelfID}}</code>{{if .Default}} <span class="muted">(default 默认)</span>{{end}}</td><td>{{.Nickname}}</td><td><code>{{.HTTP}}</code></td><td><code>{{.WebSocket}}</code></td><td><code>{{.Events}}</code></td></tr>
{{end}}</tbody>
</table>
{{with index .Bots 0}}<p>Try it 试一试:</p>
<pre>curl -X POST {{.HTTP}}send_private_msg{{if $.TokenRequired}} -H 'Authorization: Bearer &lt;token&gt;'{{end}} -H 'Content-Type: application/json' -d '{"user_id": 10002, "message": "hello 你好"}'</pre>{{end}}
{{else if not .BotsError}}<p>The world has no bot. 世界中没有机器人。</p>{{end}}
{{if .TokenRequired}}<p>The OneBot API needs the access token (<code>Authorization: Bearer …</code> or <code>?access_token=…</code>). 需要 access token。</p>{{end}}

{{if .Docs}}<h2>OneBot v11 API docs 文档</h2>
<ul class="links">{{range .Docs}}<li><a href="{{.Href}}">{{.Label}}</a>{{if .Note}} — {{.Note}}{{end}}</li>
{{end}}</ul>{{end}}

{{if .World}}<h2>World control API 世界控制 API</h2>
<p>Make accounts, friends and groups, make simulated users talk to your bots and see what they send.
创建账号、好友与群，让模拟用户给机器人发消息。{{if .WorldTokenRequired}} Needs the world token (<code>--world-token</code>).{{end}}</p>
<ul class="links">{{range .World}}<li><a href="{{.Href}}">{{.Label}}</a>{{if .Note}} — {{.Note}}{{end}}</li>
{{end}}</ul>{{end}}

{{if .Other}}<h2>More 更多</h2>
<ul class="links">{{range .Other}}<li><a href="{{.Href}}">{{.Label}}</a>{{if .Note}} — {{.Note}}{{end}}</li>
{{end}}</ul>{{end}}

<footer>onespec{{if .Version}} {{.Version}}{{end}} · OneBot v11 · MIT</footer>
</body>
</html>
`))
