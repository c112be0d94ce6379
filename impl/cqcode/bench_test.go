package cqcode

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

type corpusEntry struct{ name, text string }

// benchCorpus is what Parse and Format are measured on:
//
//   - mixed-99B: go-cqhttp's own benchmark string (internal/msg/parse_test.go), text and codes
//     with escaped brackets; go-cqhttp and ZeroBot publish figures for it;
//   - unicode: a Chinese group message as bots see them, a reply, mentions and faces among
//     text;
//   - json-4KB: a mini-program share card, a long [CQ:json] whose value is escaped JSON (every
//     comma and bracket an entity).
func benchCorpus() []corpusEntry {
	return []corpusEntry{
		{"mixed-99B", `asdfqwerqwerqwer[CQ:face,id=115,text=111]asdfasdfasdfasdfasdfasdfasd[CQ:face,id=217]&#93; 123 &#91;`},
		{"unicode", "[CQ:reply,id=-1520349823][CQ:at,qq=10001000] 大家好，今天天气真不错[CQ:face,id=14]我们下午一起去公园散步吧[CQ:face,id=178]！" +
			"[CQ:at,qq=10002000] 你觉得怎么样？晚上吃火锅还是烧烤？[CQ:face,id=212]【通知】明天上午九点开会，请准时参加～[CQ:at,qq=all]"},
		{"json-4KB", jsonCard()},
	}
}

// jsonCard is a [CQ:json] share card of about 4 KB, escaped with the reference escaper so that
// the corpus does not depend on the code it measures.
func jsonCard() string {
	type item struct {
		Title string `json:"title"`
		Desc  string `json:"desc"`
		URL   string `json:"url"`
		Tags  []int  `json:"tags"`
	}
	card := map[string]any{
		"app": "com.tencent.miniapp_01", "desc": "", "view": "view_8C8E89B49BE609866298ADDFF2DBABA4", "ver": "1.0.0.19",
		"prompt": "[QQ小程序]哔哩哔哩", "config": map[string]any{"type": "normal", "width": 0, "height": 0, "forward": 1, "autoSize": 0},
	}
	var items []item
	for i := range 24 {
		items = append(items, item{
			Title: fmt.Sprintf("【第%d期】从零开始的 Go 语言机器人开发 & OneBot 协议详解", i),
			Desc:  "UP主：小明, 播放量：12.3万, 弹幕：[456]",
			URL:   fmt.Sprintf("https://b23.tv/BV1xx411c7m%d?share_source=qq&share_medium=iphone", i),
			Tags:  []int{i, i * 2, i * 3},
		})
	}
	card["meta"] = map[string]any{"detail_1": map[string]any{"appid": "1109937557", "items": items}}
	raw, err := json.Marshal(card)
	if err != nil {
		panic(err)
	}
	return "[CQ:json,data=" + refValueEscaper.Replace(string(raw)) + "]"
}

// TestBenchCorpus makes sure the benchmarks measure correct work: on every corpus entry Parse
// and the reference agree, and Format gives each string back as it was written (the corpus is
// canonical).
func TestBenchCorpus(t *testing.T) {
	for _, c := range benchCorpus() {
		segs := Parse(c.text)
		if !reflect.DeepEqual(segs, refParse(c.text)) {
			t.Errorf("%s: Parse and the reference disagree", c.name)
		}
		if got := Format(segs); got != c.text {
			t.Errorf("%s: Format(Parse(s)) = %q, want s", c.name, got)
		}
	}
	if n := len(benchCorpus()[0].text); n != 99 {
		t.Errorf("mixed-99B is %d bytes", n)
	}
}

// TestParseAllocations holds Parse and Format to their allocation budgets on the benchmark
// corpus: a count, not a time, so the same on every machine. Parse makes two allocations
// (the segments, their parameters) plus one per piece of text or value that had entities to
// unescape (every other string is a substring of the input); Format makes one. go-cqhttp
// makes 12 on mixed-99B, ZeroBot 22. The budgets are exact, so that a change that quietly
// costs an allocation (a miscounted slice that grows, a string boxed in an interface) fails
// here rather than only showing in a benchmark.
func TestParseAllocations(t *testing.T) {
	budget := map[string]float64{"mixed-99B": 3, "unicode": 2, "json-4KB": 3}
	for _, c := range benchCorpus() {
		parse := testing.AllocsPerRun(50, func() { Parse(c.text) })
		if parse != budget[c.name] {
			t.Errorf("%s: Parse makes %v allocations, budget %v", c.name, parse, budget[c.name])
		}
		segs := Parse(c.text)
		if format := testing.AllocsPerRun(50, func() { Format(segs) }); format != 1 {
			t.Errorf("%s: Format makes %v allocations, want 1", c.name, format)
		}
	}
}

// BenchmarkCQCode measures Parse and Format on each corpus entry against the regexp-based
// reference implementation (reference_test.go) in the same run: the two are interleaved in
// chunks so that whatever else the machine does weighs on both alike. The ns/op, B/op and
// allocs/op reported are onespec's alone (they override the framework's, which would count
// both); ref-ns/op and ref-allocs/op are the reference's, and x-ref is how many times faster
// onespec is. A table is printed at the end.
func BenchmarkCQCode(b *testing.B) {
	type row struct {
		name              string
		ns, refNs         float64
		allocs, refAllocs float64
	}
	var rows []row
	for _, c := range benchCorpus() {
		segs := Parse(c.text)
		ops := []struct {
			op            string
			onespec, base func()
		}{
			{"parse", func() { Parse(c.text) }, func() { refParse(c.text) }},
			{"format", func() { Format(segs) }, func() { refFormat(segs) }},
		}
		for _, op := range ops {
			name := op.op + "/" + c.name
			b.Run(name, func(b *testing.B) {
				const chunk = 100
				var t, refT time.Duration
				for done := 0; done < b.N; done += chunk {
					n := min(chunk, b.N-done)
					start := time.Now()
					for range n {
						op.onespec()
					}
					mid := time.Now()
					for range n {
						op.base()
					}
					t, refT = t+mid.Sub(start), refT+time.Since(mid)
				}
				b.StopTimer()
				allocs, bytes := memPerOp(op.onespec)
				refAllocs, _ := memPerOp(op.base)
				r := row{name, float64(t) / float64(b.N), float64(refT) / float64(b.N), allocs, refAllocs}
				b.ReportMetric(r.ns, "ns/op")
				b.ReportMetric(bytes, "B/op")
				b.ReportMetric(allocs, "allocs/op")
				b.ReportMetric(r.refNs, "ref-ns/op")
				b.ReportMetric(refAllocs, "ref-allocs/op")
				b.ReportMetric(r.refNs/r.ns, "x-ref")
				if len(rows) > 0 && rows[len(rows)-1].name == name {
					rows[len(rows)-1] = r // b.Run calls a benchmark again with a larger b.N: keep the last
				} else {
					rows = append(rows, r)
				}
			})
		}
	}
	var t strings.Builder
	fmt.Fprintf(&t, "\n%-18s %10s %8s %10s %8s %7s\n", "cqcode", "ns/op", "allocs", "ref ns/op", "allocs", "x-ref")
	for _, r := range rows {
		fmt.Fprintf(&t, "%-18s %10.0f %8.0f %10.0f %8.0f %7.2f\n", r.name, r.ns, r.allocs, r.refNs, r.refAllocs, r.refNs/r.ns)
	}
	fmt.Fprint(os.Stdout, t.String())
}

// memPerOp is the allocations and bytes one call of f makes, averaged over enough calls that
// a GC's own allocations do not show.
func memPerOp(f func()) (allocs, bytes float64) {
	const n = 200
	f() // warm up anything allocated once
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / n, float64(after.TotalAlloc-before.TotalAlloc) / n
}
