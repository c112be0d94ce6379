package inflight

import (
	"bytes"
	"encoding/json"
	"testing"
)

// values counts the JSON values of a decoded value.
func values(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 1
		for _, e := range x {
			n += values(e)
		}
		return n
	case []any:
		n := 1
		for _, e := range x {
			n += values(e)
		}
		return n
	}
	return 1
}

// FuzzCountValues holds the cheap count to the decoder's: for every valid JSON body, it counts
// at least the values the decoder makes, so the bound it enforces is never weaker than it says.
func FuzzCountValues(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,"b",true,null,{"c":-1.5e3}]}`, `"a\"b"`, `[[],[{}]]`, ` 1 `, `{"k\\":1}`, `{"a":"\u00e9"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		n, ok := CountValues(body, 1<<30)
		if !ok {
			t.Fatal("stopped below its bound")
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil || dec.More() {
			return
		}
		// Duplicate keys decode to one value; counted, each is a value the decoder read.
		if want := values(v); n < want {
			t.Fatalf("%q: counted %d values, the decoder made %d", body, n, want)
		}
	})
}
