#!/usr/bin/env bash
# Measures impl/cqcode's Parse against go-cqhttp's own CQ-code parser, in one process.
#
# go-cqhttp's parser lives in internal/msg, which no other module can import, so this runs the
# comparison inside a scratch copy of go-cqhttp v1.2.0 (downloaded through the Go module proxy
# into a temporary directory; nothing of it is kept or committed): impl/cqcode/cqcode.go is
# copied in as a package of that module, and a benchmark there interleaves go-cqhttp's
# ParseString and onespec's Parse on go-cqhttp's own benchmark string (internal/msg/
# parse_test.go), in chunks of 100 calls, so that load from anything else on the machine falls
# on both alike. It prints each parser's ns/op and allocs/op and x-gocqhttp, how many times
# faster onespec is (the target is 2 or more, with fewer than go-cqhttp's 12 allocations).
#
#   scripts/bench-gocqhttp.sh [count]     # count: benchmark repetitions, default 5
set -euo pipefail

VERSION=v1.2.0
COUNT="${1:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT

src="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/Mrs4s/go-cqhttp@$VERSION" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
cp -r "$src" "$work/gocqhttp"
chmod -R u+w "$work/gocqhttp"
msg="$work/gocqhttp/internal/msg"
mkdir -p "$msg/onespeccq"
sed 's/^package cqcode$/package onespeccq/' "$root/impl/cqcode/cqcode.go" >"$msg/onespeccq/cqcode.go"

# go-cqhttp's go.mod says go 1.20, so the benchmark is written without range-over-int or min.
cat >"$msg/onespec_compare_test.go" <<'EOF'
package msg

import (
	"runtime"
	"testing"
	"time"

	"github.com/Mrs4s/go-cqhttp/internal/msg/onespeccq"
)

func allocsPerOp(f func()) float64 {
	const n = 200
	f()
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	for i := 0; i < n; i++ {
		f()
	}
	runtime.ReadMemStats(&b)
	return float64(b.Mallocs-a.Mallocs) / n
}

func BenchmarkOnespecVsGocqhttp(b *testing.B) {
	if g, o := len(ParseString(bench)), len(onespeccq.Parse(bench)); g != o {
		b.Fatalf("go-cqhttp finds %d segments, onespec %d", g, o)
	}
	const chunk = 100
	var tg, to time.Duration
	for done := 0; done < b.N; done += chunk {
		n := chunk
		if b.N-done < n {
			n = b.N - done
		}
		start := time.Now()
		for i := 0; i < n; i++ {
			ParseString(bench)
		}
		mid := time.Now()
		for i := 0; i < n; i++ {
			onespeccq.Parse(bench)
		}
		tg, to = tg+mid.Sub(start), to+time.Since(mid)
	}
	b.ReportMetric(float64(tg)/float64(b.N), "gocqhttp-ns/op")
	b.ReportMetric(float64(to)/float64(b.N), "onespec-ns/op")
	b.ReportMetric(float64(tg)/float64(to), "x-gocqhttp")
	b.ReportMetric(allocsPerOp(func() { ParseString(bench) }), "gocqhttp-allocs/op")
	b.ReportMetric(allocsPerOp(func() { onespeccq.Parse(bench) }), "onespec-allocs/op")
}
EOF

cd "$work/gocqhttp"
GOFLAGS=-mod=mod go test -run '^$' -bench 'OnespecVsGocqhttp|ParseString' -benchmem -count "$COUNT" ./internal/msg/
