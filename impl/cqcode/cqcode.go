// Package cqcode converts OneBot v11 messages between their three wire forms: a CQ-code string
// ("你好[CQ:face,id=14]"), an array of segments and a single segment object.
//
// The escaping rules are the standard's (message/string.md): in text `&`, `[` and `]` become
// `&amp;`, `&#91;` and `&#93;`; inside a CQ code `,` also becomes `&#44;`. Unescaping is one
// left-to-right pass, so "&amp;#91;" stays the literal text "&#91;".
//
// Parse and Format are on every string-format message's path (sent messages, events and
// get_msg rendered for string-format connections), so they are written for speed: Parse scans
// the string with strings.Index/IndexByte, allocates the segment slice and every segment's
// parameters once (sized to a bound that is never exceeded), fills them in place, keeps
// string values out of interfaces (see Param) and copies text only when it holds an entity to
// unescape; Format sizes its output exactly and writes it once. The benchmarks
// in bench_test.go hold them to a plain regexp-based implementation measured in the same run,
// and interop/cqcode_bench_test.go to ZeroBot's parser.
package cqcode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unsafe"
)

// Segment is one message segment.
type Segment struct {
	Type string `json:"type"`
	Data Data   `json:"data"`
}

// Param is one parameter of a segment. Values are strings on the wire, and every value Parse
// returns is one, in Value. A segment read from JSON may carry another kind of value (a custom
// forward node's content, which is itself a message, or a number a bot sent where the standard
// says string): P makes such a parameter, and Any and Text read any parameter.
//
// The layout is what makes Parse cheap: a string in a field costs nothing where a string
// stored in an interface costs an allocation, and keeping the rare other values behind one
// pointer keeps a Param at five words, so a parsed message's parameters (one allocation) stay
// small.
type Param struct {
	Key string
	// Value is the value when it is a string.
	Value string
	// raw is a value that is not a string, nil when Value is the value: []Segment for a node's
	// content read as a message, or what encoding/json decodes into an any (float64, bool,
	// []any, map[string]any, or nil for JSON's null).
	raw *any
}

// P makes a parameter from any value: a string as Value, anything else (nil included, which
// is written to JSON as null) as a value of another kind.
func P(key string, v any) Param {
	if s, ok := v.(string); ok {
		return Param{Key: key, Value: s}
	}
	return Param{Key: key, raw: &v}
}

// Any is the parameter's value as one interface (boxing a string value).
func (p Param) Any() any {
	if p.raw == nil {
		return p.Value
	}
	return *p.raw
}

// IsString is whether the value is a string (Value).
func (p Param) IsString() bool { return p.raw == nil }

// Text is the parameter's value as it is written in a CQ code: Value, or another value
// rendered (a message as its CQ-code string, null as "", anything else as JSON).
func (p Param) Text() string {
	if p.raw == nil {
		return p.Value
	}
	return value(*p.raw)
}

// Data is a segment's parameters in order: the CQ code's order, or the JSON object's. Keys are
// unique (Parse and UnmarshalJSON keep the last of repeated keys, as a JSON object or map
// would). It is a slice and not a map because a map costs two allocations per segment, which
// alone would make Parse slower than go-cqhttp's parser, and because the order is what lets
// Format give back a parsed CQ code as it was written.
//
// The zero Data (nil) has no parameters and is written to JSON as {}. Data that Parse returns
// may share one backing array with the other segments' Data of the same message, with its
// capacity capped so that appending to it copies rather than overwrites a neighbour; Set
// changes values in place, With returns a changed copy.
type Data []Param

// Lookup returns the value of key (as Param.Any) and whether it is present.
func (d Data) Lookup(key string) (any, bool) {
	if i := d.index(key); i >= 0 {
		return d[i].Any(), true
	}
	return nil, false
}

// Get returns the value of key, or nil when it is absent (as indexing a map would).
func (d Data) Get(key string) any {
	v, _ := d.Lookup(key)
	return v
}

// Text returns the value of key as it is written in a CQ code (Param.Text), "" when absent.
// Unlike Get it never allocates for a string value.
func (d Data) Text(key string) string {
	if i := d.index(key); i >= 0 {
		return d[i].Text()
	}
	return ""
}

func (d Data) index(key string) int {
	for i := range d {
		if d[i].Key == key {
			return i
		}
	}
	return -1
}

// Set gives key the value v (as P does), in place when key is present and appended otherwise.
func (d *Data) Set(key string, v any) {
	p := P(key, v)
	if i := d.index(key); i >= 0 {
		(*d)[i] = p
		return
	}
	*d = append(*d, p)
}

// With returns a copy of d with key set to v; d itself is left alone (as a stored message's
// segments must be).
func (d Data) With(key string, v any) Data {
	out := make(Data, len(d), len(d)+1)
	copy(out, d)
	out.Set(key, v)
	return out
}

// Map returns the parameters as a new map, for code that wants the JSON object's shape (schema
// validation).
func (d Data) Map() map[string]any {
	m := make(map[string]any, len(d))
	for _, p := range d {
		m[p.Key] = p.Any()
	}
	return m
}

// Text returns a text segment.
func Text(s string) Segment { return Segment{Type: "text", Data: Data{{Key: "text", Value: s}}} }

// Decode reads a message in any of its forms. With autoEscape a string message is taken as
// plain text, not parsed for CQ codes (nor unescaped).
func Decode(raw json.RawMessage, autoEscape bool) ([]Segment, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errors.New("message is empty")
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("decoding a string message: %w", err)
		}
		if autoEscape {
			return []Segment{Text(s)}, nil
		}
		return Parse(s), nil
	case '[':
		var segs []Segment
		if err := json.Unmarshal(raw, &segs); err != nil {
			return nil, fmt.Errorf("decoding a segment array: %w", err)
		}
		return segs, nil
	case '{':
		var seg Segment
		if err := json.Unmarshal(raw, &seg); err != nil {
			return nil, fmt.Errorf("decoding a segment: %w", err)
		}
		return []Segment{seg}, nil
	}
	return nil, fmt.Errorf("a message is a string, a segment or an array of segments, not %s", raw)
}

// Parse splits a CQ-code string into segments, following the standard (message/string.md):
//
//   - a CQ code is "[CQ:" up to the first "]"; its type runs to the first ","; the rest splits
//     at "," into parameters, each named up to its first "=";
//   - whatever is not a CQ code is text, and so is an unclosed "[CQ:", as other implementations
//     keep it. "[CQ:]" is a code with an empty type (as in go-cqhttp), which the server then
//     refuses as an unknown type rather than sending the mistake as text;
//   - entities are unescaped in text (&amp; &#91; &#93;) and in types, keys and values (those
//     and &#44;); any other "&" is literal;
//   - empty parameters (a trailing ",") and parameters with an empty name are dropped; a
//     parameter without "=" has the empty value; of repeated names the last value wins.
//
// Text segments are never empty, and a "[CQ:text,text=…]" code is a text segment like any
// other. Strings Parse returns are substrings of s where nothing needed unescaping, so they keep
// s alive.
func Parse(s string) []Segment {
	if s == "" {
		return nil
	}
	// Find the codes first, remembering the first ones' places on the stack so that the
	// second pass does not search again, to allocate the segments and all their parameters
	// once: a code has at most as many parameters as commas and a text segment has one, so
	// one vectorised count of the commas gives a bound (met exactly by the usual message).
	var found [16]span
	nCodes := 0
	for at := 0; ; {
		c, ok := nextCode(s, at)
		if !ok {
			break
		}
		if nCodes < len(found) {
			found[nCodes] = c
		}
		nCodes++
		at = c.end + 1
	}
	if nCodes == 0 {
		return []Segment{Text(unescape(s, false))}
	}
	segs := make([]Segment, 0, 2*nCodes+1)
	params := make([]Param, 0, nCodes+1+strings.Count(s, ","))
	for i, at := 0, 0; ; i++ {
		var c span
		ok := i < nCodes
		switch {
		case !ok:
			c.start = len(s)
		case i < len(found):
			c = found[i]
		default:
			c, _ = nextCode(s, at)
		}
		if c.start > at {
			params = extend(params)
			n := len(params)
			p := &params[n-1]
			p.Key, p.Value = "text", unescape(s[at:c.start], false)
			segs = extend(segs)
			segs[len(segs)-1].Type, segs[len(segs)-1].Data = "text", params[n-1:n:n]
		}
		if !ok {
			break
		}
		segs = extend(segs)
		params = parseCode(s[c.start+len("[CQ:"):c.end], params, &segs[len(segs)-1])
		at = c.end + 1
	}
	return segs
}

// span is where a CQ code is in a string: s[start:end+1] is "[CQ:…]".
type span struct{ start, end int }

// nextCode finds the first CQ code in s[at:]; ok is false when there is none.
func nextCode(s string, at int) (c span, ok bool) {
	i := strings.Index(s[at:], "[CQ:")
	if i < 0 {
		return span{}, false
	}
	body := at + i + len("[CQ:")
	end := strings.IndexByte(s[body:], ']')
	if end < 0 {
		return span{}, false // no later "[CQ:" can be closed either
	}
	return span{start: body - len("[CQ:"), end: body + end}, true
}

// dedupLinear is how many parameters one code may have before parseCode finds repeated names
// with a map instead of a linear search, so that a hostile code with thousands of parameters
// costs linear rather than quadratic time.
const dedupLinear = 16

// extend lengthens s by one element, in place when it has room (Parse sizes its slices
// so that it always has), which is the zero value because Parse's slices are fresh from make
// and never shortened. The caller then fills the element's fields where they lie: building
// a Segment or a Param and appending it costs a copy of the whole struct through the write
// barrier, which on the 99-byte corpus string was a fifth of Parse's time.
func extend[T any](s []T) []T {
	if len(s) < cap(s) {
		return s[:len(s)+1]
	}
	var zero T
	return append(s, zero)
}

// parseCode reads a CQ code's body ("type,key=value,…") into seg, appending its parameters to
// params; seg's Data is the appended part, capped.
func parseCode(body string, params []Param, seg *Segment) []Param {
	typ, args, _ := strings.Cut(body, ",")
	start := len(params)
	escaped := strings.IndexByte(body, '&') >= 0 // most codes have no entity to unescape
	var index map[string]int
	for args != "" {
		var part string
		if i := strings.IndexByte(args, ','); i >= 0 {
			part, args = args[:i], args[i+1:]
		} else {
			part, args = args, ""
		}
		k, v, _ := strings.Cut(part, "=")
		if k == "" {
			continue
		}
		if escaped {
			k, v = unescape(k, true), unescape(v, true)
		}
		dup := -1
		if index != nil {
			if i, ok := index[k]; ok {
				dup = i
			}
		} else {
			for i := start; i < len(params); i++ {
				if params[i].Key == k {
					dup = i
					break
				}
			}
		}
		if dup >= 0 {
			params[dup].Value = v
			continue
		}
		params = extend(params)
		params[len(params)-1].Key, params[len(params)-1].Value = k, v
		if n := len(params) - start; index != nil {
			index[k] = len(params) - 1
		} else if n == dedupLinear {
			index = make(map[string]int, 2*dedupLinear)
			for i := start; i < len(params); i++ {
				index[params[i].Key] = i
			}
		}
	}
	if escaped {
		typ = unescape(typ, true)
	}
	seg.Type = typ
	if n := len(params); n > start {
		seg.Data = params[start:n:n]
	}
	return params
}

// unescape replaces the standard's entities in one pass; value says whether &#44; is one (in
// CQ codes) or literal (in text). It copies only when an entity is found.
func unescape(s string, value bool) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder // one allocation: Grow, then String without a copy
	done := 0             // s[:done] has been written to b
	for i >= 0 {
		var r byte
		if rest := s[i:]; len(rest) >= 5 && rest[4] == ';' {
			switch rest[1:4] {
			case "amp":
				r = '&'
			case "#91":
				r = '['
			case "#93":
				r = ']'
			case "#44":
				if value {
					r = ','
				}
			}
		}
		next := i + 1
		if r != 0 {
			if b.Cap() == 0 {
				b.Grow(len(s) - 4) // at least one entity shrinks by four
			}
			b.WriteString(s[done:i])
			b.WriteByte(r)
			done, next = i+5, i+5
		}
		if j := strings.IndexByte(s[next:], '&'); j >= 0 {
			i = next + j
		} else {
			i = -1
		}
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// Format writes segments as a CQ-code string: text segments as escaped text, every other
// segment as a CQ code with its parameters in order. Values that are not strings are written
// as their text: a message (a custom node's content) as its CQ-code string, anything else as
// JSON. Format(Parse(s)) is the canonical form of s, and Parse(Format(segs)) gives segs back
// (see the round-trip tests for the exact conditions).
func Format(segs []Segment) string {
	// Size the output exactly (non-string values, which are rare, count as empty and let
	// append grow the buffer), write it once, and hand the buffer over as the string, as
	// strings.Builder does: one allocation.
	n := 0
	for _, seg := range segs {
		if seg.Type == "text" {
			n += escapedLen(seg.Data.str("text"), &textExtra)
			continue
		}
		n += len("[CQ:]") + escapedLen(seg.Type, &valueExtra)
		for _, p := range seg.Data {
			n += len(",=") + escapedLen(p.Key, &valueExtra) + escapedLen(p.Value, &valueExtra)
		}
	}
	if n == 0 {
		return ""
	}
	buf := make([]byte, 0, n)
	for _, seg := range segs {
		if seg.Type == "text" {
			buf = appendEscaped(buf, seg.Data.Text("text"), &textExtra)
			continue
		}
		buf = append(buf, "[CQ:"...)
		buf = appendEscaped(buf, seg.Type, &valueExtra)
		for _, p := range seg.Data {
			buf = append(buf, ',')
			buf = appendEscaped(buf, p.Key, &valueExtra)
			buf = append(buf, '=')
			buf = appendEscaped(buf, p.Text(), &valueExtra)
		}
		buf = append(buf, ']')
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is not used again
}

// PlainText is the message's text segments joined, for summaries and comparisons.
func PlainText(segs []Segment) string {
	var b strings.Builder
	for _, seg := range segs {
		if seg.Type == "text" {
			b.WriteString(seg.Data.Text("text"))
		}
	}
	return b.String()
}

// str is the string value of key, "" when it is absent or not a string: Format's size
// estimate, which leaves the rare non-string values to append's growth rather than rendering
// them twice.
func (d Data) str(key string) string {
	if i := d.index(key); i >= 0 {
		return d[i].Value
	}
	return ""
}

// value is a parameter value's text.
func value(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	case []Segment:
		return Format(x)
	case []any:
		// A node's content read from a JSON segment array: a message, if it decodes as one.
		if raw, err := json.Marshal(x); err == nil {
			var segs []Segment
			if json.Unmarshal(raw, &segs) == nil && isMessage(segs) {
				return Format(segs)
			}
		}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

func isMessage(segs []Segment) bool {
	for _, s := range segs {
		if s.Type == "" {
			return false
		}
	}
	return len(segs) > 0
}

// textExtra and valueExtra are how many bytes escaping adds to each byte: four for each
// character that becomes a five-byte entity.
var (
	textExtra  = [256]uint8{'&': 4, '[': 4, ']': 4}
	valueExtra = [256]uint8{'&': 4, '[': 4, ']': 4, ',': 4}
)

// escapedLen is the length of s escaped. Long strings are counted with strings.Count, which is
// vectorised; for short ones a table lookup per byte is cheaper than four calls.
func escapedLen(s string, extra *[256]uint8) int {
	n := len(s)
	if len(s) > 64 {
		k := strings.Count(s, "&") + strings.Count(s, "[") + strings.Count(s, "]")
		if extra[','] != 0 {
			k += strings.Count(s, ",")
		}
		return n + 4*k
	}
	for i := 0; i < len(s); i++ {
		n += int(extra[s[i]])
	}
	return n
}

// entities is each escaped character's entity.
var entities = [256]string{'&': "&amp;", '[': "&#91;", ']': "&#93;", ',': "&#44;"}

// appendEscaped appends s with the characters extra marks replaced by their entities.
func appendEscaped(buf []byte, s string, extra *[256]uint8) []byte {
	done := 0
	for i := 0; i < len(s); i++ {
		if extra[s[i]] == 0 {
			continue
		}
		buf = append(append(buf, s[done:i]...), entities[s[i]]...)
		done = i + 1
	}
	return append(buf, s[done:]...)
}
