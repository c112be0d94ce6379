package interop

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/cqcode"
	"github.com/wdvxdr1123/ZeroBot/message"
)

// A real-world baseline for the CQ-code parser, measured in the same run: ZeroBot's parser
// (message.ParseMessageFromString). go-cqhttp's, the other usual yardstick, lives in an
// internal package of its module and cannot be imported from here; impl/cqcode's own
// benchmark holds Parse to a plain regexp-based reference instead.
//
// The entries are the first two of impl/cqcode's benchCorpus (bench_test.go), repeated here
// because test code cannot be imported: keep them the same.
var cqCorpus = []struct{ name, text string }{
	{"mixed-99B", `asdfqwerqwerqwer[CQ:face,id=115,text=111]asdfasdfasdfasdfasdfasdfasd[CQ:face,id=217]&#93; 123 &#91;`},
	{"unicode", "[CQ:reply,id=-1520349823][CQ:at,qq=10001000] 大家好，今天天气真不错[CQ:face,id=14]我们下午一起去公园散步吧[CQ:face,id=178]！" +
		"[CQ:at,qq=10002000] 你觉得怎么样？晚上吃火锅还是烧烤？[CQ:face,id=212]【通知】明天上午九点开会，请准时参加～[CQ:at,qq=all]"},
}

// TestCQParseAgreesWithZeroBot makes sure the benchmark compares like with like: both parsers
// find the same segments, types and values in the corpus.
func TestCQParseAgreesWithZeroBot(t *testing.T) {
	for _, c := range cqCorpus {
		ours, theirs := cqcode.Parse(c.text), message.ParseMessageFromString(c.text)
		if len(ours) != len(theirs) {
			t.Fatalf("%s: %d segments, ZeroBot %d", c.name, len(ours), len(theirs))
		}
		for i := range ours {
			if ours[i].Type != theirs[i].Type || len(ours[i].Data) != len(theirs[i].Data) {
				t.Errorf("%s segment %d: %+v, ZeroBot %+v", c.name, i, ours[i], theirs[i])
				continue
			}
			for _, p := range ours[i].Data {
				if theirs[i].Data[p.Key] != p.Value {
					t.Errorf("%s segment %d: %s=%q, ZeroBot %q", c.name, i, p.Key, p.Value, theirs[i].Data[p.Key])
				}
			}
		}
	}
}

// BenchmarkCQParseVsZeroBot interleaves onespec's and ZeroBot's parsers in chunks, so that
// whatever else the machine does weighs on both alike, and reports x-zerobot, how many times
// faster onespec is, with each side's allocations. A table is printed at the end.
func BenchmarkCQParseVsZeroBot(b *testing.B) {
	type row struct {
		name            string
		ns, zbNs        float64
		allocs, zbAlloc float64
	}
	var rows []row
	for _, c := range cqCorpus {
		ours := func() { cqcode.Parse(c.text) }
		theirs := func() { message.ParseMessageFromString(c.text) }
		b.Run(c.name, func(b *testing.B) {
			const chunk = 100
			var t, zbT time.Duration
			for done := 0; done < b.N; done += chunk {
				n := min(chunk, b.N-done)
				start := time.Now()
				for range n {
					ours()
				}
				mid := time.Now()
				for range n {
					theirs()
				}
				t, zbT = t+mid.Sub(start), zbT+time.Since(mid)
			}
			b.StopTimer()
			r := row{c.name, float64(t) / float64(b.N), float64(zbT) / float64(b.N), allocsPerOp(ours), allocsPerOp(theirs)}
			b.ReportMetric(r.ns, "ns/op")
			b.ReportMetric(r.allocs, "allocs/op")
			b.ReportMetric(r.zbNs, "zerobot-ns/op")
			b.ReportMetric(r.zbAlloc, "zerobot-allocs/op")
			b.ReportMetric(r.zbNs/r.ns, "x-zerobot")
			if len(rows) > 0 && rows[len(rows)-1].name == c.name {
				rows[len(rows)-1] = r // b.Run calls again with a larger b.N: keep the last
			} else {
				rows = append(rows, r)
			}
		})
	}
	var t strings.Builder
	fmt.Fprintf(&t, "\n%-12s %8s %7s %11s %7s %9s\n", "cq parse", "ns/op", "allocs", "zerobot ns", "allocs", "x-zerobot")
	for _, r := range rows {
		fmt.Fprintf(&t, "%-12s %8.0f %7.0f %11.0f %7.0f %9.2f\n", r.name, r.ns, r.allocs, r.zbNs, r.zbAlloc, r.zbNs/r.ns)
	}
	fmt.Fprint(os.Stdout, t.String())
}

func allocsPerOp(f func()) float64 {
	const n = 200
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / n
}
