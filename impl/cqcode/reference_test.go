package cqcode

import (
	"regexp"
	"strings"
)

// The reference implementation: CQ codes the way many bots handle them, a regular expression to
// find codes, strings.Split for parameters and strings.Replacer for entities. It is kept to the
// same rules as Parse and Format (so the tests use it as an independent oracle) and is the
// baseline the benchmarks measure them against in the same run. It is deliberately plain, not
// deliberately slow: compiled once, no per-call setup.

// refCode matches one CQ code: a type running to the first "," or "]", then optional parameters
// up to the first "]".
var refCode = regexp.MustCompile(`\[CQ:([^,\]]*)(,[^\]]*)?\]`)

var (
	refTextUnescaper  = strings.NewReplacer("&amp;", "&", "&#91;", "[", "&#93;", "]")
	refValueUnescaper = strings.NewReplacer("&amp;", "&", "&#91;", "[", "&#93;", "]", "&#44;", ",")
	refTextEscaper    = strings.NewReplacer("&", "&amp;", "[", "&#91;", "]", "&#93;")
	refValueEscaper   = strings.NewReplacer("&", "&amp;", "[", "&#91;", "]", "&#93;", ",", "&#44;")
)

func refParse(s string) []Segment {
	var segs []Segment
	text := func(t string) {
		if t != "" {
			segs = append(segs, Segment{Type: "text", Data: Data{{Key: "text", Value: refTextUnescaper.Replace(t)}}})
		}
	}
	last := 0
	for _, m := range refCode.FindAllStringSubmatchIndex(s, -1) {
		text(s[last:m[0]])
		seg := Segment{Type: refValueUnescaper.Replace(s[m[2]:m[3]])}
		if m[4] >= 0 {
			for _, part := range strings.Split(s[m[4]+1:m[5]], ",") {
				k, v, _ := strings.Cut(part, "=")
				if k != "" {
					seg.Data.Set(refValueUnescaper.Replace(k), refValueUnescaper.Replace(v))
				}
			}
		}
		segs = append(segs, seg)
		last = m[1]
	}
	text(s[last:])
	return segs
}

func refFormat(segs []Segment) string {
	var b strings.Builder
	for _, seg := range segs {
		if seg.Type == "text" {
			b.WriteString(refTextEscaper.Replace(value(seg.Data.Get("text"))))
			continue
		}
		b.WriteString("[CQ:" + refValueEscaper.Replace(seg.Type))
		for _, p := range seg.Data {
			b.WriteString("," + refValueEscaper.Replace(p.Key) + "=" + refValueEscaper.Replace(p.Text()))
		}
		b.WriteString("]")
	}
	return b.String()
}
