package web

import (
	"bytes"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/onespec/onespec/openapi/compat"
)

// CompatPath is where the reference server serves the compatibility page.
const CompatPath = "/compat"

// CompatTitle is the compatibility page's title.
const CompatTitle = "onespec — compatibility matrix 兼容性矩阵"

// Compat returns the handler of the compatibility page: the matrix that build returns (from the
// spec, see package compat), rendered on the first request and kept, so that starting the
// server costs nothing for it. A failure to build is logged and answered 500 every time.
func Compat(build func() (*compat.Matrix, error), log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	page := sync.OnceValues(func() ([]byte, error) {
		m, err := build()
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		err = compatPage.Execute(&buf, map[string]any{"Title": CompatTitle, "M": m, "Legend": compat.Legend})
		return buf.Bytes(), err
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := page()
		if err != nil {
			log.Error("compatibility page", "err", err)
			http.Error(w, "the compatibility matrix could not be built: "+err.Error(), http.StatusInternalServerError)
			return
		}
		write(w, r, body)
	})
}

// inlineCode renders a note's Markdown code spans (`x`) as <code>, escaping everything else.
func inlineCode(s string) template.HTML {
	parts := strings.Split(s, "`")
	var b strings.Builder
	for i, p := range parts {
		p = template.HTMLEscapeString(p)
		if i%2 == 1 && i < len(parts)-1 {
			p = "<code>" + p + "</code>"
		} else if i%2 == 1 {
			p = "`" + p // an unpaired backtick stays as written
		}
		b.WriteString(p)
	}
	return template.HTML(b.String())
}

var compatPage = template.Must(template.New("compat").Funcs(template.FuncMap{
	"join":   strings.Join,
	"family": func(m *compat.Matrix, i int) compat.Family { return m.Families[i] },
	"noted":  func(c compat.Cell) bool { return len(c.Notes) > 0 || len(c.Names) > 0 },
	"cols":   func(m *compat.Matrix) int { return len(m.Families) + 3 },
	"inline": inlineCode,
}).Parse(pageHead + `
td.mark { text-align: center; white-space: nowrap; }
tr.tag td { font-weight: 600; background: var(--code); }
</style>
</head>
<body>
<p><a href="./">← onespec</a></p>
<h1>Compatibility matrix 兼容性矩阵</h1>
<p class="lead">Every action of {{.M.Title}} against every implementation family, from the spec's
<code>x-onebot-sources</code> and <code>x-onebot-families</code> (each difference's evidence is there:
<a href="openapi.yaml">openapi.yaml</a>, <a href="docs">docs</a>). 各实现对每个动作的支持情况，数据来自规范。</p>
<ul>{{range .Legend}}<li>{{.Status.Symbol}} {{.Meaning}}</li>{{end}}</ul>
{{with .M.Surface}}<p id="surface"><strong>Surface 覆盖率</strong> <code>{{.Bar 20}}</code> {{.Covered}} of {{.Total}} action names that implementations serve ({{.Percent}}%) are operations of this spec, with typed data and examples{{if .Gaps}}; not covered yet: {{range $i, $g := .Gaps}}{{if $i}}, {{end}}<code>{{$g.Name}}</code>{{end}}{{end}}.</p>{{end}}
<table>
<thead><tr><th>action 动作</th><th>名称</th><th>OneBot v11</th>{{range .M.Families}}<th>{{.Name}}</th>{{end}}</tr></thead>
<tbody>
{{$m := .M}}{{$tag := ""}}{{range .M.Rows}}{{if ne .Tag $tag}}{{$tag = .Tag}}<tr class="tag"><td colspan="{{cols $m}}">{{.Tag}}</td></tr>{{end}}
<tr><td><a href="docs#tag/{{.Tag}}"><code>{{.Action}}</code></a></td><td>{{.NameZh}}</td><td class="mark">{{if .Standard}}✓{{else}}—{{end}}</td>{{range .Cells}}<td class="mark">{{.Status.Symbol}}{{if .Names}} <code>{{join .Names ", "}}</code>{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<h2>Differences 差异</h2>
{{range .M.Rows}}{{$row := .}}{{$any := false}}{{range .Cells}}{{if noted .}}{{$any = true}}{{end}}{{end}}{{if $any}}
<h3 id="{{.Action}}"><code>{{.Action}}</code> {{.NameZh}}</h3>
<ul>{{range $i, $c := .Cells}}{{if noted $c}}<li>{{$c.Status.Symbol}} <strong>{{(family $m $i).Name}}</strong>:{{if $c.Names}} known as <code>{{join $c.Names ", "}}</code>;{{end}} {{inline (join $c.Notes "; ")}}</li>{{end}}{{end}}</ul>
{{end}}{{end}}
<h2>Families 实现</h2>
<ul>{{range .M.Families}}<li><strong>{{.Name}}</strong> (<code>{{.Key}}</code>): {{.Repo}}{{if not .Surveyed}} — envelope-level data only 仅有信封层面的数据{{end}}</li>{{end}}</ul>
<footer>Generated from the spec on request; the same matrix is docs/compat.md in the repository.</footer>
</body>
</html>
`))
