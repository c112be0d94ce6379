package cqcode

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func seg(typ string, kv ...string) Segment {
	s := Segment{Type: typ}
	for i := 0; i < len(kv); i += 2 {
		s.Data = append(s.Data, Param{Key: kv[i], Value: kv[i+1]})
	}
	return s
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Segment
	}{
		{"plain text", "你好", []Segment{Text("你好")}},
		{"text and face", "你好[CQ:face,id=14]", []Segment{Text("你好"), seg("face", "id", "14")}},
		{"escaped text", "&#91;not a code&#93; &amp;#91;", []Segment{Text("[not a code] &#91;")}},
		{"&#44; is literal in text", "a&#44;b", []Segment{Text("a&#44;b")}},
		{"unknown entities and a lone & stay", "&lt; & &#92; &amp &", []Segment{Text("&lt; & &#92; &amp &")}},
		{"standard share example", "[CQ:share,title=震惊&#44;小伙睡觉前居然...,url=http://baidu.com/?a=1&amp;b=2]",
			[]Segment{seg("share", "title", "震惊,小伙睡觉前居然...", "url", "http://baidu.com/?a=1&b=2")}},
		{"standard node example", "[CQ:node,user_id=10001000,nickname=某人,content=&#91;CQ:face&#44;id=123&#93;哈喽～]",
			[]Segment{seg("node", "user_id", "10001000", "nickname", "某人", "content", "[CQ:face,id=123]哈喽～")}},
		{"value with = keeps it", "[CQ:share,title=标题中有=等号,url=http://baidu.com]", []Segment{seg("share", "title", "标题中有=等号", "url", "http://baidu.com")}},
		{"parameter order is kept", "[CQ:music,type=custom,url=u,audio=a,title=t]", []Segment{seg("music", "type", "custom", "url", "u", "audio", "a", "title", "t")}},
		{"code without data", "[CQ:shake]", []Segment{seg("shake")}},
		{"empty value", "[CQ:at,qq=]", []Segment{seg("at", "qq", "")}},
		{"parameter without =", "[CQ:anonymous,ignore]", []Segment{seg("anonymous", "ignore", "")}},
		{"empty parameters and names dropped", "[CQ:face,,id=1,=x,]", []Segment{seg("face", "id", "1")}},
		{"last of repeated names wins, in place", "[CQ:face,id=1,x=2,id=3]", []Segment{seg("face", "id", "3", "x", "2")}},
		{"newline in a value", "[CQ:xml,data=<a>\n</a>]", []Segment{seg("xml", "data", "<a>\n</a>")}},
		{"escaped type and key", "[CQ:a&#44;b,k&#93;=v]", []Segment{seg("a,b", "k]", "v")}},
		{"unclosed code stays text", "hi [CQ:face,id=1", []Segment{Text("hi [CQ:face,id=1")}},
		{"code without a type", "[CQ:][CQ:,id=1]x", []Segment{seg(""), seg("", "id", "1"), Text("x")}},
		{"[ inside a code is part of it", "[CQ:a,b=[CQ:c]d]", []Segment{seg("a", "b", "[CQ:c"), Text("d]")}},
		{"stray ] in text", "a]b[c", []Segment{Text("a]b[c")}},
		{"CQ code for text", "a[CQ:text,text=&#91;b]c", []Segment{Text("a"), Text("[b"), Text("c")}},
		{"adjacent codes", "[CQ:at,qq=1][CQ:at,qq=2]", []Segment{seg("at", "qq", "1"), seg("at", "qq", "2")}},
		{"benchmark string", "asdfqwerqwerqwer[CQ:face,id=115,text=111]asdfasdfasdfasdfasdfasdfasd[CQ:face,id=217]&#93; 123 &#91;",
			[]Segment{Text("asdfqwerqwerqwer"), seg("face", "id", "115", "text", "111"), Text("asdfasdfasdfasdfasdfasdfasd"), seg("face", "id", "217"), Text("] 123 [")}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q) =\n%#v, want\n%#v", tt.in, got, tt.want)
			}
			// The regexp reference follows the same rules; the two agreeing here is what makes
			// it a fair oracle for the fuzz test.
			if got := refParse(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("refParse(%q) =\n%#v, want\n%#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	content := []Segment{seg("face", "id", "123"), Text("哈喽～")}
	tests := []struct {
		name string
		in   []Segment
		want string
	}{
		{"standard text example", []Segment{Text("- [x] 使用 `&data` 获取地址")}, "- &#91;x&#93; 使用 `&amp;data` 获取地址"},
		{"comma stays in text", []Segment{Text("a,b")}, "a,b"},
		{"standard share example", []Segment{seg("share", "title", "震惊,小伙睡觉前居然...", "url", "http://baidu.com/?a=1&b=2")},
			"[CQ:share,title=震惊&#44;小伙睡觉前居然...,url=http://baidu.com/?a=1&amp;b=2]"},
		{"order kept", []Segment{seg("share", "url", "u", "title", "t")}, "[CQ:share,url=u,title=t]"},
		{"no data", []Segment{seg("shake")}, "[CQ:shake]"},
		{"entities are escaped again", []Segment{Text("&#91;"), seg("a", "k", "&amp;")}, "&amp;#91;[CQ:a,k=&amp;amp;]"},
		{"type and key escaped", []Segment{seg("a,b", "k]", "v")}, "[CQ:a&#44;b,k&#93;=v]"},
		{"standard custom node example: content as a message", []Segment{{Type: "node", Data: Data{
			{Key: "user_id", Value: "10001000"}, {Key: "nickname", Value: "某人"}, P("content", content)}}},
			"[CQ:node,user_id=10001000,nickname=某人,content=&#91;CQ:face&#44;id=123&#93;哈喽～]"},
		{"content from a JSON array is a message too", []Segment{{Type: "node", Data: Data{P("content", []any{
			map[string]any{"type": "face", "data": map[string]any{"id": "123"}}})}}}, "[CQ:node,content=&#91;CQ:face&#44;id=123&#93;]"},
		{"numbers and booleans as JSON", []Segment{{Type: "at", Data: Data{P("qq", float64(10002)), P("x", true)}}}, "[CQ:at,qq=10002,x=true]"},
		{"empty type", []Segment{seg("")}, "[CQ:]"},
		{"nil value and missing text are empty", []Segment{{Type: "at", Data: Data{P("qq", nil)}}, {Type: "text"}}, "[CQ:at,qq=]"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.in); got != tt.want {
				t.Errorf("Format = %q, want %q", got, tt.want)
			}
			if got := refFormat(tt.in); got != tt.want {
				t.Errorf("refFormat = %q, want %q", got, tt.want)
			}
		})
	}
}

// nasty are values every round trip is tried with: each special character alone, entities that
// must survive as text, empty, Unicode and newlines.
var nasty = []string{"&", "[", "]", ",", "=", "&amp;", "&#91;", "&amp;#91;", "&#44;", "[CQ:face,id=1]", "", "你好，世界😀", "a\nb\r\n", " ", "&&[[]],,==", "\x00\xff"}

// standardSegments are one segment of every type in the standard (message/segment.md), with
// the parameters it lists.
var standardSegments = []Segment{
	seg("face", "id", "14"),
	seg("image", "file", "http://baidu.com/1.jpg", "type", "flash", "url", "u", "cache", "0", "proxy", "1", "timeout", "5"),
	seg("record", "file", "1.mp3", "magic", "1", "url", "u", "cache", "0", "proxy", "1", "timeout", "5"),
	seg("video", "file", "1.mp4", "url", "u", "cache", "0", "proxy", "1", "timeout", "5"),
	seg("at", "qq", "all"),
	seg("rps"),
	seg("dice"),
	seg("shake"),
	seg("poke", "type", "126", "id", "2003", "name", "n"),
	seg("anonymous", "ignore", "1"),
	seg("share", "url", "http://baidu.com", "title", "百度", "content", "c", "image", "i"),
	seg("contact", "type", "qq", "id", "10001000"),
	seg("location", "lat", "39.8969426", "lon", "116.3109099", "title", "t", "content", "c"),
	seg("music", "type", "163", "id", "28949129"),
	seg("music", "type", "custom", "url", "u", "audio", "a", "title", "t", "content", "c", "image", "i"),
	seg("reply", "id", "123456"),
	seg("forward", "id", "123456"),
	seg("node", "id", "123456"),
	seg("node", "user_id", "10001000", "nickname", "某人", "content", "[CQ:face,id=123]哈喽～"),
	seg("xml", "data", `<?xml version="1.0"?><msg a="1,2">[x]&amp;</msg>`),
	seg("json", "data", `{"app":"com.tencent.miniapp","list":[1,2],"s":"a&b"}`),
}

// TestRoundTripEverySegmentType checks parse(render(x)) == x for a segment of every standard
// type, alone and between texts, with each of its values replaced by each nasty value.
func TestRoundTripEverySegmentType(t *testing.T) {
	check := func(t *testing.T, x []Segment) {
		t.Helper()
		s := Format(x)
		if got := Parse(s); !reflect.DeepEqual(got, x) {
			t.Fatalf("Parse(Format(x)) != x\n x   = %#v\n s   = %q\n got = %#v", x, s, got)
		}
		if r := refFormat(x); r != s {
			t.Fatalf("Format = %q, reference %q", s, r)
		}
	}
	for _, base := range standardSegments {
		t.Run(base.Type, func(t *testing.T) {
			check(t, []Segment{base})
			for _, v := range nasty {
				for i := range base.Data {
					x := Segment{Type: base.Type, Data: base.Data.With(base.Data[i].Key, v)}
					if v == "" {
						check(t, []Segment{x})
					} else {
						check(t, []Segment{Text(v), x, Text(v)})
					}
				}
			}
		})
	}
	t.Run("text", func(t *testing.T) {
		for _, v := range nasty {
			if v != "" {
				check(t, []Segment{Text(v)})
			}
		}
	})
}

// TestParseDataIsolated: segments of one parsed message share a backing array, so growing one
// segment's Data must not write over the next one's.
func TestParseDataIsolated(t *testing.T) {
	segs := Parse("[CQ:a,x=1][CQ:b,y=2]z")
	segs[0].Data = append(segs[0].Data, Param{Key: "extra", Value: "!"})
	segs[0].Data.Set("x", "changed")
	want := []Segment{seg("b", "y", "2"), Text("z")}
	if !reflect.DeepEqual(segs[1:], want) {
		t.Fatalf("neighbours changed: %#v", segs[1:])
	}
}

func TestData(t *testing.T) {
	d := Data{{Key: "a", Value: "1"}}
	if v, ok := d.Lookup("a"); !ok || v != "1" {
		t.Errorf("Lookup(a) = %v, %v", v, ok)
	}
	if v, ok := d.Lookup("b"); ok || v != nil {
		t.Errorf("Lookup(b) = %v, %v", v, ok)
	}
	if d.Get("b") != nil || d.Get("a") != "1" {
		t.Errorf("Get: %v %v", d.Get("a"), d.Get("b"))
	}
	e := d.With("a", "2").With("b", "3")
	if !reflect.DeepEqual(d, Data{{Key: "a", Value: "1"}}) {
		t.Errorf("With changed its receiver: %v", d)
	}
	if !reflect.DeepEqual(e, Data{{Key: "a", Value: "2"}, {Key: "b", Value: "3"}}) {
		t.Errorf("With = %v", e)
	}
	if m := e.Map(); !reflect.DeepEqual(m, map[string]any{"a": "2", "b": "3"}) {
		t.Errorf("Map = %v", m)
	}
	var z Data
	z.Set("k", "v")
	if !reflect.DeepEqual(z, Data{{Key: "k", Value: "v"}}) {
		t.Errorf("Set on nil = %v", z)
	}
}

func TestSegmentJSON(t *testing.T) {
	tests := []struct {
		name string
		seg  Segment
		json string
	}{
		{"order kept", seg("share", "url", "u", "title", "t"), `{"type":"share","data":{"url":"u","title":"t"}}`},
		{"no data is {}", seg("shake"), `{"type":"shake","data":{}}`},
		{"escaping as encoding/json does", seg("xml", "data", "<a>&\"\n"), `{"type":"xml","data":{"data":"\u003ca\u003e\u0026\"\n"}}`},
		{"nested message", Segment{Type: "node", Data: Data{P("content", []Segment{Text("x")})}},
			`{"type":"node","data":{"content":[{"type":"text","data":{"text":"x"}}]}}`},
		{"null stays null, a number a number", Segment{Type: "at", Data: Data{P("qq", nil), P("n", float64(1))}},
			`{"type":"at","data":{"qq":null,"n":1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(tt.seg)
			if err != nil || string(raw) != tt.json {
				t.Fatalf("Marshal = %s, %v; want %s", raw, err, tt.json)
			}
			var back Segment
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			again, _ := json.Marshal(back)
			if string(again) != tt.json {
				t.Errorf("Unmarshal then Marshal = %s", again)
			}
		})
	}

	unmarshal := []struct {
		name    string
		json    string
		want    Data
		wantErr bool
	}{
		{"values as encoding/json decodes them", `{"qq":10002,"b":true,"s":"x"}`, Data{P("qq", float64(10002)), P("b", true), {Key: "s", Value: "x"}}, false},
		{"null is kept as null", `{"a":null}`, Data{P("a", nil)}, false},
		{"repeated key: last wins", `{"a":"1","b":"2","a":"3"}`, Data{{Key: "a", Value: "3"}, {Key: "b", Value: "2"}}, false},
		{"null", `null`, nil, false},
		{"empty", `{}`, nil, false},
		{"not an object", `["a"]`, nil, true},
		{"truncated", `{"a":`, nil, true},
	}
	for _, tt := range unmarshal {
		t.Run("unmarshal "+tt.name, func(t *testing.T) {
			var d Data
			err := json.Unmarshal([]byte(tt.json), &d)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && !reflect.DeepEqual(d, tt.want) {
				t.Errorf("got %#v, want %#v", d, tt.want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		autoEscape bool
		want       []Segment
		wantErr    bool
	}{
		{"cq string", `"a[CQ:face,id=1]"`, false, []Segment{Text("a"), seg("face", "id", "1")}, false},
		{"cq string unescaped", `"&#91;x&#93;"`, false, []Segment{Text("[x]")}, false},
		{"auto_escape keeps codes as text", `"a[CQ:face,id=1]"`, true, []Segment{Text("a[CQ:face,id=1]")}, false},
		{"auto_escape does not unescape either", `"&#91;x&#93;"`, true, []Segment{Text("&#91;x&#93;")}, false},
		{"array", `[{"type":"text","data":{"text":"x"}}]`, false, []Segment{Text("x")}, false},
		{"array ignores auto_escape", `[{"type":"face","data":{"id":"1"}}]`, true, []Segment{seg("face", "id", "1")}, false},
		{"single segment", `{"type":"text","data":{"text":"x"}}`, false, []Segment{Text("x")}, false},
		{"segment with bad data", `{"type":"text","data":"x"}`, false, nil, true},
		{"null", `null`, false, nil, true},
		{"number", `12`, false, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(json.RawMessage(tt.raw), tt.autoEscape)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	got := PlainText(Parse("你好[CQ:face,id=14]&#91;世界&#93;[CQ:text]"))
	if got != "你好[世界]" {
		t.Errorf("PlainText = %q", got)
	}
}

// TestParseManyParameters: a code with more parameters than dedupLinear switches to a map;
// the result must be the same as the linear search's, and the reference's.
func TestParseManyParameters(t *testing.T) {
	var b strings.Builder
	b.WriteString("[CQ:x")
	for i := range 3 * dedupLinear {
		fmt.Fprintf(&b, ",k%d=%d", i%(2*dedupLinear), i)
	}
	b.WriteString("]")
	got, want := Parse(b.String()), refParse(b.String())
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse = %v\nref   = %v", got, want)
	}
	if n := len(got[0].Data); n != 2*dedupLinear {
		t.Errorf("%d parameters, want %d", n, 2*dedupLinear)
	}
}

// TestParseManyCodes: Parse remembers the first codes' places on the stack and searches again
// for the rest; a message with more codes than that must come out the same.
func TestParseManyCodes(t *testing.T) {
	for _, n := range []int{15, 16, 17, 40} {
		s := strings.Repeat("文字&amp;[CQ:face,id=1]", n) + "[CQ:at,qq=2]尾"
		got, want := Parse(s), refParse(s)
		if !reflect.DeepEqual(got, want) || len(got) != 2*n+2 {
			t.Errorf("%d codes: %d segments, reference %d", n, len(got), len(want))
		}
		if Format(got) != s {
			t.Errorf("%d codes: Format(Parse(s)) != s", n)
		}
	}
}

// FuzzParse: on any string Parse must not panic, must agree with the regexp reference, and
// Format(Parse(s)) must be canonical: formatting what it parses gives it back unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range benchCorpus() {
		f.Add(s.text)
	}
	for _, x := range standardSegments {
		f.Add(Format([]Segment{Text("前"), x, Text("后")}))
	}
	for _, v := range nasty {
		f.Add(v)
		f.Add("[CQ:a,b=" + v + "]" + v)
	}
	f.Add("[CQ:][CQ:,a=1][CQ:face,,=x,id=1,id=2,][CQ:text,text=t][CQ:a[CQ:b]]")
	f.Add("&amp;#91;&#91&#;&&#93;&#44;[CQ:a&#44;b,&#61;=&#44;]")
	f.Fuzz(func(t *testing.T, s string) {
		segs := Parse(s)
		if ref := refParse(s); !reflect.DeepEqual(segs, ref) {
			t.Fatalf("Parse(%q) =\n%#v\nreference:\n%#v", s, segs, ref)
		}
		canonical := Format(segs)
		if again := Format(Parse(canonical)); again != canonical {
			t.Fatalf("not canonical: %q -> %q -> %q", s, canonical, again)
		}
		if ref := refFormat(segs); ref != canonical {
			t.Fatalf("Format = %q, reference %q", canonical, ref)
		}
		if utf8.ValidString(s) && !utf8.ValidString(canonical) {
			t.Fatalf("valid UTF-8 %q became invalid %q", s, canonical)
		}
	})
}

// FuzzRoundTrip builds a message from arbitrary parts, a code between two texts, and checks
// parse(render(x)) == x. The message is first brought into the form a round trip can keep,
// which is what any message means anyway: no empty text (it renders as nothing), no text
// next to text (they render as one), a code's type not "text", and parameter
// names non-empty, unique and free of "=" (a name runs to the first "=").
func FuzzRoundTrip(f *testing.F) {
	for _, x := range standardSegments {
		for _, v := range nasty {
			k1, v1, k2 := "k", "", "k2"
			if len(x.Data) > 0 {
				k1, v1 = x.Data[0].Key, x.Data[0].Value
			}
			if len(x.Data) > 1 {
				k2 = x.Data[1].Key
			}
			f.Add(v, x.Type, k1, v1, k2, v, v)
		}
	}
	f.Fuzz(func(t *testing.T, before, typ, k1, v1, k2, v2, after string) {
		if typ == "text" {
			return
		}
		code := Segment{Type: typ}
		for _, p := range []Param{{Key: k1, Value: v1}, {Key: k2, Value: v2}} {
			if p.Key != "" && !strings.Contains(p.Key, "=") {
				code.Data.Set(p.Key, p.Value)
			}
		}
		var x []Segment
		if before != "" {
			x = append(x, Text(before))
		}
		x = append(x, code)
		if after != "" {
			x = append(x, Text(after))
		}
		s := Format(x)
		if got := Parse(s); !reflect.DeepEqual(got, x) {
			t.Fatalf("Parse(Format(x)) != x\n x   = %#v\n s   = %q\n got = %#v", x, s, got)
		}
	})
}
