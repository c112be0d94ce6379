package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

type renditionDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Description string `json:"description"`
	} `json:"info"`
	Tags []struct {
		Name string `json:"name"`
	} `json:"tags"`
	TagGroups []struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
	} `json:"x-tagGroups"`
	Paths    map[string]map[string]renditionOp `json:"paths"`
	Webhooks map[string]map[string]renditionOp `json:"webhooks"`
}

type renditionOp struct {
	OperationID string   `json:"operationId"`
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	NameZh      string   `json:"x-onebot-name-zh"`
	Retcodes    []int    `json:"x-onebot-retcodes"`
	Samples     []struct {
		Lang, Label, Source string
	} `json:"x-codeSamples"`
}

// The committed renditions are what the generator makes now (make check-generated says the
// same from the outside), and both are valid OpenAPI documents (3.1 for OneBot, with its events
// as webhooks; 3.0.3 for the world control API).
func TestCommittedRenditionsAreValidOpenAPI(t *testing.T) {
	for name, js := range map[string][]byte{"openapi.docs.json": openapi.DocsJSON, "world.docs.json": openapi.WorldDocsJSON} {
		doc, err := openapi3.NewLoader().LoadFromData(js)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Errorf("%s is not valid OpenAPI: %v", name, err)
		}
	}
}

func render(t *testing.T, spec []byte, methods map[string]goMethod) renditionDoc {
	t.Helper()
	yml, err := Render(spec, methods)
	if err != nil {
		t.Fatal(err)
	}
	js, err := docs.YAMLToJSON(yml)
	if err != nil {
		t.Fatal(err)
	}
	var d renditionDoc
	if err := json.Unmarshal(js, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// Every operation of the OneBot rendition is titled by its action and Chinese names, lists its
// retcodes with their meanings, carries curl, JavaScript, Python and Go samples that call it, and
// sits in a tag that the sidebar shows; no tag is empty and hidden actions have no tag of their
// own.
func TestOneBotRendition(t *testing.T) {
	methods, err := clientMethods("../../gen/client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	d := render(t, openapi.YAML, methods)
	if d.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0 (webhooks)", d.OpenAPI)
	}
	spec, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	tagged := map[string]int{}
	for p, item := range d.Paths {
		op := item["post"]
		orig := spec.Paths.Value(p).Post
		want := orig.OperationID + " " + orig.Extensions["x-onebot-name-zh"].(string)
		if !strings.HasPrefix(op.Summary, want) {
			t.Errorf("%s: summary %q, want %q", p, op.Summary, want)
		}
		if !strings.Contains(op.Description, orig.Summary) {
			t.Errorf("%s: the English summary %q is not in the description", p, orig.Summary)
		}
		for _, rc := range op.Retcodes {
			if !strings.Contains(op.Description, "\n| "+itoa(rc)+" | ") {
				t.Errorf("%s: retcode %d has no row in the description", p, rc)
			}
		}
		langs := map[string]string{}
		for _, s := range op.Samples {
			langs[s.Lang] = s.Source
		}
		for _, lang := range []string{"Shell", "JavaScript", "Python", "Go"} {
			if !strings.Contains(langs[lang], "127.0.0.1:5700") {
				t.Errorf("%s: no %s sample calling the server", p, lang)
			}
		}
		if m := methods[orig.OperationID]; !strings.Contains(langs["Go"], "bot."+m.Name+"(ctx") {
			t.Errorf("%s: the Go sample does not call bot.%s", p, m.Name)
		}
		if len(op.Tags) != 1 || op.Tags[0] == "hidden" {
			t.Errorf("%s: tags %v", p, op.Tags)
		}
		tagged[op.Tags[0]]++
	}
	var grouped []string
	for _, g := range d.TagGroups {
		grouped = append(grouped, g.Tags...)
	}
	for _, tag := range d.Tags {
		if tagged[tag.Name] == 0 && !strings.HasPrefix(tag.Name, "events: ") {
			t.Errorf("tag %s holds no operation", tag.Name)
		}
		if !contains(grouped, tag.Name) {
			t.Errorf("tag %s is in no x-tagGroups group", tag.Name)
		}
	}

	// Every event is a webhook, titled with its Chinese name, findable as 群消息事件.
	event, ok := spec.Components.Schemas["Event"]
	if !ok {
		t.Fatal("no Event schema")
	}
	if len(d.Webhooks) != len(event.Value.AnyOf) {
		t.Errorf("%d webhooks for %d events", len(d.Webhooks), len(event.Value.AnyOf))
	}
	summaries := ""
	for name, item := range d.Webhooks {
		op := item["post"]
		if !strings.HasPrefix(op.Summary, name+" ") || !strings.HasSuffix(op.Summary, "事件") || len(op.Tags) != 1 {
			t.Errorf("webhook %s: summary %q, tags %v", name, op.Summary, op.Tags)
		}
		summaries += op.Summary + "\n"
	}
	for _, want := range []string{"message.group 群消息事件", "message.private 私聊消息事件", "notice.notify.poke ", "request.friend 加好友请求事件", "meta_event.heartbeat 心跳事件"} {
		if !strings.Contains(summaries, want) {
			t.Errorf("no webhook titled %q in\n%s", want, summaries)
		}
	}
	// Every segment has a row in the introduction.
	for _, s := range spec.Components.Schemas["Segment"].Value.OneOf {
		name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
		if !strings.Contains(d.Info.Description, "`"+name+"` |") {
			t.Errorf("segment %s has no row in the introduction", name)
		}
	}
	if !strings.Contains(d.Info.Description, "| `text` | 纯文本 |") {
		t.Error("the segment table lacks text 纯文本")
	}
}

// The world control API's rendition has no events, stays 3.0.3 and has no Go samples (no Go
// client is generated for it).
func TestWorldRendition(t *testing.T) {
	d := render(t, openapi.WorldYAML, nil)
	if d.OpenAPI != "3.0.3" || len(d.Webhooks) != 0 {
		t.Errorf("openapi %s with %d webhooks", d.OpenAPI, len(d.Webhooks))
	}
	for p, item := range d.Paths {
		op := item["post"]
		if !strings.HasPrefix(op.Summary, op.OperationID+" "+op.NameZh) {
			t.Errorf("%s: summary %q", p, op.Summary)
		}
		if len(op.Samples) != 3 || !strings.Contains(op.Samples[0].Source, "/_world"+p) {
			t.Errorf("%s: samples %+v", p, op.Samples)
		}
	}
}

func TestZhName(t *testing.T) {
	for desc, want := range map[string]string{
		"A message in a group the bot is in (event/message.md). 群消息":                          "群消息",
		"Extension (go-cqhttp): a friend sent the bot a file. 接收到离线文件":                        "接收到离线文件",
		"Someone asks (`add`), or not; answer with x (event/request.md). 加群请求／邀请\n\nMore. 更多": "加群请求／邀请",
		"One message segment `{type, data}`, discriminated by `type`. 消息段":                    "消息段",
		"A QQ face. QQ 表情": "QQ 表情",
		"群消息":              "群消息",
		"English only.":    "",
	} {
		if got := zhName(desc); got != want {
			t.Errorf("zhName(%q) = %q, want %q", desc, got, want)
		}
	}
}

func TestPythonLiteral(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":true,"b":false,"c":null}`:      `{"a":True,"b":False,"c":None}`,
		`{"text":"true \"null\" false"}`:     `{"text":"true \"null\" false"}`,
		`["\\",null]`:                        `["\\",None]`,
		`{"n":1.5,"s":"大家好[CQ:face,id=14]"}`: `{"n":1.5,"s":"大家好[CQ:face,id=14]"}`,
	} {
		if got := pythonLiteral([]byte(in)); got != want {
			t.Errorf("pythonLiteral(%s) = %s, want %s", in, got, want)
		}
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
