// Package cqcode converts OneBot v11 messages between their three wire forms: a CQ-code string
// ("你好[CQ:face,id=14]"), an array of segments and a single segment object.
//
// The escaping rules are the standard's (message/string.md): in text `&`, `[` and `]` become
// `&amp;`, `&#91;` and `&#93;`; inside a CQ parameter value `,` also becomes `&#44;`.
// Unescaping replaces `&amp;` last so that "&amp;#91;" stays the literal text "&#91;".
package cqcode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Segment is one message segment. Data values are strings on the wire, except a custom forward
// node's content, which is itself a message.
type Segment struct {
	Type string         `json:"type"`
	Data map[string]any `json:"data"`
}

// Text returns a text segment.
func Text(s string) Segment { return Segment{Type: "text", Data: map[string]any{"text": s}} }

// Decode reads a message in any of its forms. With autoEscape a string message is taken as
// plain text, not parsed for CQ codes.
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

// Parse splits a CQ-code string into segments. Malformed CQ codes (no closing bracket) are kept
// as text, as implementations do.
func Parse(s string) []Segment {
	var segs []Segment
	for len(s) > 0 {
		start := strings.Index(s, "[CQ:")
		if start < 0 {
			segs = appendText(segs, s)
			break
		}
		end := strings.IndexByte(s[start:], ']')
		if end < 0 {
			segs = appendText(segs, s)
			break
		}
		segs = appendText(segs, s[:start])
		segs = append(segs, parseCode(s[start+len("[CQ:"):start+end]))
		s = s[start+end+1:]
	}
	return segs
}

func appendText(segs []Segment, escaped string) []Segment {
	if escaped == "" {
		return segs
	}
	return append(segs, Text(unescape(escaped, false)))
}

// parseCode reads "type,key=value,key=value": the type runs to the first comma and each
// parameter splits at its first "=".
func parseCode(body string) Segment {
	parts := strings.Split(body, ",")
	seg := Segment{Type: strings.TrimSpace(parts[0]), Data: map[string]any{}}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		if k != "" {
			seg.Data[k] = unescape(v, true)
		}
	}
	return seg
}

// Format writes segments as a CQ-code string; text segments become escaped text and every
// other segment a CQ code with its data keys in sorted order.
func Format(segs []Segment) string {
	var b strings.Builder
	for _, seg := range segs {
		if seg.Type == "text" {
			b.WriteString(escape(fmt.Sprint(seg.Data["text"]), false))
			continue
		}
		b.WriteString("[CQ:")
		b.WriteString(seg.Type)
		keys := make([]string, 0, len(seg.Data))
		for k := range seg.Data {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteByte(',')
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(escape(value(seg.Data[k]), true))
		}
		b.WriteByte(']')
	}
	return b.String()
}

// PlainText is the message's text segments joined, for summaries and comparisons.
func PlainText(segs []Segment) string {
	var b strings.Builder
	for _, seg := range segs {
		if seg.Type == "text" {
			b.WriteString(fmt.Sprint(seg.Data["text"]))
		}
	}
	return b.String()
}

func value(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

var (
	textEscaper    = strings.NewReplacer("&", "&amp;", "[", "&#91;", "]", "&#93;")
	paramEscaper   = strings.NewReplacer("&", "&amp;", "[", "&#91;", "]", "&#93;", ",", "&#44;")
	textUnescaper  = strings.NewReplacer("&#91;", "[", "&#93;", "]")
	paramUnescaper = strings.NewReplacer("&#91;", "[", "&#93;", "]", "&#44;", ",")
)

func escape(s string, param bool) string {
	if param {
		return paramEscaper.Replace(s)
	}
	return textEscaper.Replace(s)
}

func unescape(s string, param bool) string {
	if param {
		s = paramUnescaper.Replace(s)
	} else {
		s = textUnescaper.Replace(s)
	}
	return strings.ReplaceAll(s, "&amp;", "&")
}
