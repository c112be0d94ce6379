package cqcode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Segment data is read and written by hand rather than through a map: the segment array is
// the message form most bots send, and every event and get_msg answer carries one, so this is
// as hot as Parse. The output is byte for byte what encoding/json writes for the same object
// (HTML-safe escaping included); the input is whatever encoding/json accepts, with anything
// unusual handed to encoding/json itself.

// MarshalJSON writes the parameters as a JSON object, in order; nil Data is {}.
func (d Data) MarshalJSON() ([]byte, error) {
	n := 2
	for _, p := range d {
		n += len(p.Key) + len(p.Value) + 6
	}
	buf := make([]byte, 0, n)
	buf = append(buf, '{')
	for i, p := range d {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, p.Key)
		buf = append(buf, ':')
		if p.raw == nil {
			buf = appendJSONString(buf, p.Value)
			continue
		}
		v, err := json.Marshal(p.Any())
		if err != nil {
			return nil, fmt.Errorf("segment data %q: %w", p.Key, err)
		}
		buf = append(buf, v...)
	}
	return append(buf, '}'), nil
}

// appendJSONString appends s as encoding/json writes a string: quoted, with control
// characters, quotes and backslashes escaped, <, > and & as \u003c, \u003e and \u0026,
// U+2028 and U+2029 escaped, and invalid UTF-8 as U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	done := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			buf = append(buf, s[done:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			case '\b':
				buf = append(buf, '\\', 'b')
			case '\f':
				buf = append(buf, '\\', 'f')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(append(buf, s[done:i]...), `\ufffd`...)
			i += size
			done = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(append(buf, s[done:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			done = i
			continue
		}
		i += size
	}
	return append(append(buf, s[done:]...), '"')
}

// UnmarshalJSON reads a JSON object keeping its key order. A value that is an array of
// segments (a custom node's content) becomes []Segment, so that it keeps its order too; other
// values decode as encoding/json decodes into an any (string, float64, bool, []any,
// map[string]any, nil for null). null data is no data; of repeated keys the last value wins.
func (d *Data) UnmarshalJSON(raw []byte) error {
	r := jsonReader{b: raw}
	r.space()
	if r.literal("null") {
		*d = nil
		return r.end()
	}
	if !r.byte('{') {
		return fmt.Errorf("segment data is an object, not %.20q", raw)
	}
	var out Data
	if r.space(); !r.byte('}') {
		for {
			r.space()
			key, err := r.str()
			if err != nil {
				return err
			}
			if r.space(); !r.byte(':') {
				return errSyntax
			}
			r.space()
			p, err := r.value()
			if err != nil {
				return err
			}
			p.Key = key
			if out == nil {
				out = make(Data, 0, 4)
			}
			if i := out.index(key); i >= 0 {
				out[i] = p
			} else {
				out = append(out, p)
			}
			r.space()
			if r.byte('}') {
				break
			}
			if !r.byte(',') {
				return errSyntax
			}
		}
	}
	if err := r.end(); err != nil {
		return err
	}
	*d = out
	return nil
}

var errSyntax = errors.New("segment data: invalid JSON")

// jsonReader walks one JSON object's members. Strings without escapes are read directly;
// everything else (escaped strings, numbers, nested values) is handed to encoding/json, which
// also validates it.
type jsonReader struct {
	b []byte
	i int
}

func (r *jsonReader) space() {
	for r.i < len(r.b) && (r.b[r.i] == ' ' || r.b[r.i] == '\t' || r.b[r.i] == '\n' || r.b[r.i] == '\r') {
		r.i++
	}
}

func (r *jsonReader) byte(c byte) bool {
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

func (r *jsonReader) literal(s string) bool {
	if bytes.HasPrefix(r.b[r.i:], []byte(s)) {
		r.i += len(s)
		return true
	}
	return false
}

func (r *jsonReader) end() error {
	r.space()
	if r.i != len(r.b) {
		return errSyntax
	}
	return nil
}

// str reads a string. The common keys come back as constants, which saves an allocation each.
func (r *jsonReader) str() (string, error) {
	if !r.byte('"') {
		return "", errSyntax
	}
	start := r.i
	plain := true
	for ; r.i < len(r.b); r.i++ {
		c := r.b[r.i]
		if c == '"' {
			raw := r.b[start:r.i]
			r.i++
			if plain && utf8.Valid(raw) {
				return intern(raw), nil
			}
			var s string
			err := json.Unmarshal(r.b[start-1:r.i], &s)
			return s, err
		}
		if c == '\\' {
			plain = false
			r.i++ // the escaped character cannot end the string
		} else if c < 0x20 {
			plain = false
		}
	}
	return "", errSyntax
}

// value reads one value, without its key: strings directly into Value, the rest through
// decodeValue.
func (r *jsonReader) value() (Param, error) {
	if r.i < len(r.b) && r.b[r.i] == '"' {
		s, err := r.str()
		return Param{Value: s}, err
	}
	start := r.i
	depth, inString := 0, false
	for ; r.i < len(r.b); r.i++ {
		c := r.b[r.i]
		switch {
		case inString:
			if c == '\\' {
				r.i++
			} else if c == '"' {
				inString = false
			}
			continue
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth == 0 {
				return decodeValue(r.b[start:r.i])
			}
			depth--
		case c == ',' && depth == 0:
			return decodeValue(r.b[start:r.i])
		}
	}
	return Param{}, errSyntax
}

// intern returns the common keys and values as constants, other bytes as a new string.
func intern(b []byte) string {
	switch string(b) { // compiled without converting b
	case "text":
		return "text"
	case "id":
		return "id"
	case "qq":
		return "qq"
	case "file":
		return "file"
	case "url":
		return "url"
	case "type":
		return "type"
	case "data":
		return "data"
	case "title":
		return "title"
	case "content":
		return "content"
	}
	return string(b)
}

// decodeValue reads one data value that is not a plain string: an array of segments (a custom
// node's content) as []Segment, and anything else as encoding/json decodes it into an any
// (as P stores it).
func decodeValue(raw []byte) (Param, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' && isSegmentArray(raw) {
		var segs []Segment
		if json.Unmarshal(raw, &segs) == nil && isMessage(segs) {
			return P("", segs), nil
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return Param{}, err
	}
	return P("", v), nil
}

// isSegmentArray is whether raw is an array of objects with exactly the keys "type" and
// "data", spelt so: only then does reading it as []Segment and writing it back give the same
// JSON (encoding/json would match "Type" too, and make a missing data {}), which the fuzz test
// found.
func isSegmentArray(raw []byte) bool {
	var elems []map[string]json.RawMessage
	if json.Unmarshal(raw, &elems) != nil || len(elems) == 0 {
		return false
	}
	for _, e := range elems {
		t, okT := e["type"]
		d, okD := e["data"]
		if len(e) != 2 || !okT || !okD || len(t) == 0 || t[0] != '"' || len(d) == 0 || d[0] != '{' {
			return false
		}
	}
	return true
}
