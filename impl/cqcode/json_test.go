package cqcode

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// jsonStrings are strings whose JSON encoding has every special case encoding/json has.
var jsonStrings = []string{"", "plain", `"quoted" \back\`, "<a href=\"x\">&amp;</a>", "\x00\x01\x1f\x7f", "\n\r\t\b\f",
	"你好😀", "\u2028\u2029", "bad \xff utf-8 \xe4\xbd", "[CQ:face,id=14]&#91;"}

// TestMarshalLikeEncodingJSON: Data's hand-written encoder writes what encoding/json writes.
func TestMarshalLikeEncodingJSON(t *testing.T) {
	for _, s := range jsonStrings {
		got, err := json.Marshal(Data{{Key: s, Value: s}})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(map[string]any{s: s})
		if !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

// FuzzDataJSON: on any input, Data's reader accepts exactly the JSON objects (and null) that
// encoding/json accepts, with the same keys and values; and what it writes encoding/json
// writes too.
func FuzzDataJSON(f *testing.F) {
	for _, s := range jsonStrings {
		raw, _ := json.Marshal(map[string]any{s: s, "n": 1.5, "b": true, "x": nil})
		f.Add(string(raw))
	}
	f.Add(`{"content":[{"type":"face","data":{"id":"1"}}],"a":[1,{"b":"]"}],"c":{"d":"}"}}`)
	f.Add(` { "a" : "1" , "a" : "2" } `)
	f.Add(`{"a":1,}`)
	f.Add(`{"a":"\u00e9\ud83d\ude00"}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, s string) {
		var d Data
		err := json.Unmarshal([]byte(s), &d)
		var m map[string]any
		mErr := json.Unmarshal([]byte(s), &m)
		if (err != nil) != (mErr != nil) {
			t.Fatalf("%q: Data error %v, map error %v", s, err, mErr)
		}
		if err != nil {
			return
		}
		// Compare as plain JSON values: Data reads segment arrays as []Segment.
		got, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		_ = json.Unmarshal(got, &a)
		want, _ := json.Marshal(m)
		_ = json.Unmarshal(want, &b)
		if m == nil {
			b = map[string]any{} // null data is no data, written as {}
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q: Data gives %s, map %s", s, got, want)
		}
		// Direct calls (not through json.Unmarshal, which validates first) must agree too.
		var direct Data
		if err := direct.UnmarshalJSON([]byte(s)); err != nil || !reflect.DeepEqual(direct, d) {
			t.Fatalf("%q: direct UnmarshalJSON = %v, %v", s, direct, err)
		}
	})
}

// FuzzDataUnmarshalDirect: UnmarshalJSON called directly on arbitrary bytes (not validated by
// encoding/json first) never panics, and accepts only what encoding/json accepts.
func FuzzDataUnmarshalDirect(f *testing.F) {
	f.Add([]byte(`{"a":"b"}`))
	f.Add([]byte(`{"a":"b`))
	f.Add([]byte(`{"a":tru}`))
	f.Add([]byte(`{"a":1 2}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var d Data
		err := d.UnmarshalJSON(raw)
		if err == nil && !json.Valid(raw) {
			t.Fatalf("%q accepted but not valid JSON", raw)
		}
	})
}
