package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/onespec/onespec/openapi/docs"
)

// hiddenHome is the tag under which the rendition lists hidden actions: they are for SDKs and
// frameworks (.handle_quick_operation replies to an event as an HTTP POST answer would), so they
// sit beside the messaging actions they stand in for instead of alone in a tag of their own.
const hiddenHome = "message"

// defaultBase is the server the code samples call when the spec lists no absolute one.
const defaultBase = "http://127.0.0.1:5700"

// Render returns the docs rendition (YAML) of the bundled spec src. methods are the generated Go
// client's methods by action name; nil writes no Go samples.
func Render(src []byte, methods map[string]goMethod) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a YAML mapping document")
	}
	root := doc.Content[0]
	schemas := path(root, "components", "schemas")
	meanings, err := retcodeMeanings(get(schemas, "Retcode"))
	if err != nil {
		return nil, err
	}
	base := defaultBase
	if servers := get(root, "servers"); servers != nil {
		for _, s := range servers.Content {
			if u := str(s, "url"); strings.HasPrefix(u, "http") {
				base = strings.TrimSuffix(u, "/")
				break
			}
		}
	}

	used := map[string]bool{}
	var renderErr error
	pairs(get(root, "paths"), func(p string, item *yaml.Node) {
		pairs(item, func(method string, op *yaml.Node) {
			if renderErr != nil || op.Kind != yaml.MappingNode {
				return
			}
			if err := renderOperation(op, p, base, meanings, methods); err != nil {
				renderErr = fmt.Errorf("%s %s: %w", method, p, err)
				return
			}
			for _, t := range get(op, "tags").Content {
				used[t.Value] = true
			}
		})
	})
	if renderErr != nil {
		return nil, renderErr
	}

	// Tags: only those that hold operations, in the document's order.
	var actionTags []string
	if tags := get(root, "tags"); tags != nil {
		kept := tags.Content[:0]
		for _, t := range tags.Content {
			if used[str(t, "name")] {
				kept = append(kept, t)
				actionTags = append(actionTags, str(t, "name"))
			}
		}
		tags.Content = kept
	}
	groupName := "Operations 操作"
	if get(schemas, "Event") != nil {
		groupName = "Actions 动作" // OneBot's word
	}
	groups := []*yaml.Node{mapping("name", groupName, "tags", strSeq(actionTags))}

	if event := get(schemas, "Event"); event != nil {
		eventTags, err := addWebhooks(root, schemas, event)
		if err != nil {
			return nil, err
		}
		groups = append(groups, mapping("name", "Events 事件", "tags", strSeq(eventTags)))
		set(root, "openapi", scalar("3.1.0"))
		toNullTypes(root)
	}
	set(root, "x-tagGroups", seq(groups...))

	info := get(root, "info")
	intro := "> This is the docs rendition of this document: summaries carry the Chinese names, " +
		"retcodes and code samples are spelled out" + map[bool]string{true: ", the events are listed as webhooks", false: ""}[get(schemas, "Event") != nil] +
		". The document itself (OpenAPI 3.0.3, the source of truth) is `openapi.yaml` / `openapi.json`. " +
		"本页为文档版：摘要含中文名，列出返回码与示例代码；规范原文见 openapi.yaml。\n\n"
	desc := intro + str(info, "description")
	if seg := get(schemas, "Segment"); seg != nil {
		desc = strings.TrimRight(desc, "\n") + "\n\n" + segmentSection(schemas, seg)
	}
	set(info, "description", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: desc, Style: yaml.LiteralStyle})
	return yaml.Marshal(&doc)
}

func strSeq(ss []string) *yaml.Node {
	n := seq()
	for _, s := range ss {
		n.Content = append(n.Content, scalar(s))
	}
	return n
}

var retcodeRow = regexp.MustCompile(`(?m)^\|\s*(-?\d+)\s*\|\s*(\w+)\s*\|\s*(.+?)\s*\|\s*$`)

// retcodeMeanings reads the meaning of each retcode from the table in the Retcode schema's
// description (| retcode | name | meaning |).
func retcodeMeanings(retcode *yaml.Node) (map[string]string, error) {
	if retcode == nil {
		return nil, errors.New("components/schemas/Retcode is missing: the retcodes' meanings are read from it")
	}
	out := map[string]string{}
	for _, m := range retcodeRow.FindAllStringSubmatch(str(retcode, "description"), -1) {
		out[m[1]] = m[3]
	}
	for _, v := range get(retcode, "enum").Content {
		if out[v.Value] == "" {
			return nil, fmt.Errorf("the Retcode schema's table has no row for %s", v.Value)
		}
	}
	return out, nil
}

func renderOperation(op *yaml.Node, p, base string, meanings map[string]string, methods map[string]goMethod) error {
	id := str(op, "operationId")
	zh := str(op, "x-onebot-name-zh")
	summary := str(op, "summary")
	title := id
	if zh != "" {
		title += " " + zh
	}
	if strings.HasPrefix(id, ".") {
		title += " (hidden 隐藏)"
		set(op, "tags", strSeq([]string{hiddenHome}))
	}
	set(op, "summary", scalar(title))

	var b strings.Builder
	if summary != "" {
		b.WriteString("*" + summary + "*\n\n")
	}
	b.WriteString(strings.TrimRight(str(op, "description"), "\n"))
	if rc := get(op, "x-onebot-retcodes"); rc != nil {
		b.WriteString("\n\n**Retcodes 返回码** (`x-onebot-retcodes`)\n\n| retcode | meaning 含义 | example 示例 |\n| --- | --- | --- |\n")
		examples := answerExamples(op)
		for _, c := range rc.Content {
			meaning, ok := meanings[c.Value]
			if !ok {
				return fmt.Errorf("retcode %s is not in the Retcode schema", c.Value)
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", c.Value, meaning, examples[c.Value])
		}
	}
	set(op, "description", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: b.String(), Style: yaml.LiteralStyle})

	body, err := requestExample(op)
	if err != nil {
		return err
	}
	set(op, "x-codeSamples", codeSamples(base+p, body, methods[id]))
	return nil
}

// answerExamples are, by retcode, the summaries (or messages) of the 200 examples carrying it.
func answerExamples(op *yaml.Node) map[string]string {
	out := map[string]string{}
	pairs(path(op, "responses", "200", "content", "application/json", "examples"), func(name string, ex *yaml.Node) {
		v := get(ex, "value")
		code := str(v, "retcode")
		if code == "" || code == "0" || out[code] != "" {
			return
		}
		text := str(v, "message")
		if s := str(ex, "summary"); s != "" {
			text = s + ": " + text
		}
		out[code] = "`" + strings.ReplaceAll(strings.ReplaceAll(text, "`", "'"), "|", `\|`) + "`"
	})
	return out
}

// requestExample is the operation's first request example as JSON ("{}" when it has none).
func requestExample(op *yaml.Node) ([]byte, error) {
	media := path(op, "requestBody", "content", "application/json")
	var v *yaml.Node
	if exs := get(media, "examples"); exs != nil && len(exs.Content) >= 2 {
		v = get(exs.Content[1], "value")
	} else {
		v = get(media, "example")
	}
	if v == nil {
		return []byte("{}"), nil
	}
	y, err := yaml.Marshal(v)
	if err != nil {
		return nil, err
	}
	return docs.YAMLToJSON(y)
}

// toNullTypes rewrites OpenAPI 3.0's nullable into 3.1's "null" type, everywhere.
func toNullTypes(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		if nb := get(n, "nullable"); nb != nil && nb.Kind == yaml.ScalarNode {
			del(n, "nullable")
			if t := get(n, "type"); nb.Value == "true" && t != nil && t.Kind == yaml.ScalarNode {
				set(n, "type", strSeq([]string{t.Value, "null"}))
			}
		}
	}
	for _, c := range n.Content {
		toNullTypes(c)
	}
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// zhName is the Chinese name a schema's description ends its first paragraph with
// ("A message in a group the bot is in (event/message.md). 群消息" → "群消息").
func zhName(desc string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(desc), "\n\n")
	first = strings.Join(strings.Fields(first), " ")
	if i := strings.LastIndex(first, ". "); i >= 0 && hasHan(first[i+2:]) {
		return strings.TrimSpace(first[i+2:])
	}
	if hasHan(first) {
		// No sentence before it: the last run of words holding Chinese.
		words := strings.Fields(first)
		j := len(words)
		for j > 0 && hasHan(words[j-1]) {
			j--
		}
		return strings.Join(words[j:], " ")
	}
	return ""
}

// pythonLiteral turns JSON into the Python literal of the same value (true/false/null outside
// strings become True/False/None).
func pythonLiteral(js []byte) string {
	var b strings.Builder
	inString, escaped := false, false
	for i := 0; i < len(js); i++ {
		c := js[i]
		switch {
		case inString:
			b.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		case c == '"':
			inString = true
		case bytes.HasPrefix(js[i:], []byte("true")):
			b.WriteString("True")
			i += 3
			continue
		case bytes.HasPrefix(js[i:], []byte("false")):
			b.WriteString("False")
			i += 4
			continue
		case bytes.HasPrefix(js[i:], []byte("null")):
			b.WriteString("None")
			i += 3
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func indentJSON(js []byte, prefix string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, js, prefix, "  "); err != nil {
		return string(js)
	}
	return buf.String()
}

// codeSamples are the x-codeSamples of one operation: the call at url with body (JSON).
func codeSamples(url string, body []byte, m goMethod) *yaml.Node {
	shellBody := strings.ReplaceAll(string(body), "'", `'\''`)
	curl := fmt.Sprintf("curl -X POST '%s' \\\n  -H 'Content-Type: application/json' \\\n  -d '%s'", url, shellBody)
	js := fmt.Sprintf("const res = await fetch(%q, {\n  method: \"POST\",\n  headers: { \"Content-Type\": \"application/json\" },\n  body: JSON.stringify(%s),\n});\nconst { status, retcode, data, message } = await res.json();\nconsole.log(status, retcode, data, message);",
		url, indentJSON(body, "  "))
	py := fmt.Sprintf("import requests\n\nr = requests.post(\n    %q,\n    json=%s,\n)\nreply = r.json()\nprint(reply[\"retcode\"], reply[\"data\"])", url, pythonLiteral([]byte(indentJSON(body, "    "))))
	samples := []*yaml.Node{
		sample("Shell", "curl", curl),
		sample("JavaScript", "JavaScript (fetch)", js),
		sample("Python", "Python (requests)", py),
	}
	if m.Name != "" {
		samples = append(samples, sample("Go", "Go (onespec client)", goSample(url, body, m)))
	}
	return seq(samples...)
}

func sample(lang, label, source string) *yaml.Node {
	return mapping("lang", lang, "label", label, "source", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: source, Style: yaml.LiteralStyle})
}

func goSample(url string, body []byte, m goMethod) string {
	base := url[:strings.LastIndex(url, "/")]
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"context\"\n")
	if m.Params != "" {
		b.WriteString("\t\"encoding/json\"\n")
	}
	b.WriteString("\t\"fmt\"\n\t\"log\"\n\n\t\"github.com/onespec/onespec/client\"\n\t\"github.com/onespec/onespec/gen\"\n)\n\n")
	b.WriteString("func main() {\n\tctx := context.Background()\n")
	fmt.Fprintf(&b, "\tbot := gen.NewClient(client.NewHTTP(%q, client.Options{}))\n", base)
	args := "ctx"
	if m.Params != "" {
		lit := "`" + indentJSON(body, "\t") + "`"
		if strings.Contains(string(body), "`") {
			lit = strconv.Quote(string(body))
		}
		fmt.Fprintf(&b, "\tvar params gen.%s\n\tif err := json.Unmarshal([]byte(%s), &params); err != nil {\n\t\tlog.Fatal(err)\n\t}\n", m.Params, lit)
		args += ", params"
	}
	if m.HasData {
		fmt.Fprintf(&b, "\tdata, err := bot.%s(%s)\n", m.Name, args)
	} else {
		fmt.Fprintf(&b, "\terr := bot.%s(%s)\n", m.Name, args)
	}
	b.WriteString("\tif err != nil {\n\t\tlog.Fatal(err) // a *client.Error carries the retcode\n\t}\n")
	if m.HasData {
		b.WriteString("\tfmt.Printf(\"%+v\\n\", data)\n")
	} else {
		b.WriteString("\tfmt.Println(\"ok\")\n")
	}
	b.WriteString("}")
	return b.String()
}
