package cqcode

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Segment
	}{
		{"plain text", "你好", []Segment{Text("你好")}},
		{"text and face", "你好[CQ:face,id=14]", []Segment{Text("你好"), {Type: "face", Data: map[string]any{"id": "14"}}}},
		{"escaped text", "&#91;not a code&#93; &amp;#91;", []Segment{Text("[not a code] &#91;")}},
		{"escaped comma in a value", "[CQ:share,title=a&#44;b,url=https://x]", []Segment{{Type: "share", Data: map[string]any{"title": "a,b", "url": "https://x"}}}},
		{"value with =", "[CQ:image,file=base64://YQ==]", []Segment{{Type: "image", Data: map[string]any{"file": "base64://YQ=="}}}},
		{"unclosed code stays text", "hi [CQ:face,id=1", []Segment{Text("hi [CQ:face,id=1")}},
		{"code without data", "[CQ:shake]", []Segment{{Type: "shake", Data: map[string]any{}}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatRoundTrip(t *testing.T) {
	tests := []string{
		"你好[CQ:face,id=14]",
		"&#91;x&#93; &amp; y",
		"[CQ:share,title=a&#44;b,url=https://x]",
		"[CQ:at,qq=all] 注意",
	}
	for _, in := range tests {
		if got := Format(Parse(in)); got != in {
			t.Errorf("Format(Parse(%q)) = %q", in, got)
		}
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
		{"cq string", `"a[CQ:face,id=1]"`, false, []Segment{Text("a"), {Type: "face", Data: map[string]any{"id": "1"}}}, false},
		{"auto_escape keeps codes as text", `"a[CQ:face,id=1]"`, true, []Segment{Text("a[CQ:face,id=1]")}, false},
		{"array", `[{"type":"text","data":{"text":"x"}}]`, false, []Segment{Text("x")}, false},
		{"single segment", `{"type":"text","data":{"text":"x"}}`, false, []Segment{Text("x")}, false},
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

func FuzzParseFormat(f *testing.F) {
	f.Add("你好[CQ:face,id=14]")
	f.Add("&#91;[CQ:at,qq=all]&amp;")
	f.Fuzz(func(t *testing.T, s string) {
		segs := Parse(s)
		// Formatting what was parsed and parsing again must be stable.
		again := Parse(Format(segs))
		if Format(again) != Format(segs) {
			t.Fatalf("unstable: %q -> %q -> %q", s, Format(segs), Format(again))
		}
	})
}
