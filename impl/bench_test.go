package impl_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onespec/onespec/impl"
	onespecruntime "github.com/onespec/onespec/impl/runtime"
)

// benchCases are the calls the action path is measured on: the cheapest action, the three
// parameter forms, and sends in both message forms.
var benchCases = []struct{ name, action, contentType, body string }{
	{"get_login_info-null", "get_login_info", "", `null`},
	{"get_group_info-form", "get_group_info", formType, `group_id=20001`},
	{"get_group_member_info-json", "get_group_member_info", jsonType, `{"group_id":20001,"user_id":"10002"}`},
	{"send_group_msg-cqstring", "send_group_msg", jsonType, `{"group_id":20001,"message":"你好[CQ:face,id=14]"}`},
	{"send_group_msg-3segments", "send_group_msg", jsonType,
		`{"group_id":20001,"message":[{"type":"at","data":{"qq":"10002"}},{"type":"text","data":{"text":" 你好"}},{"type":"face","data":{"id":"14"}}]}`},
}

// worldResetEvery bounds the state a benchmark builds up: sends store messages, and a world
// that grows with b.N would make later iterations slower than earlier ones.
const worldResetEvery = 2000

// BenchmarkActionPath measures whole action calls through the reference server's HTTP handler
// (parameters, coercion and validation, the handler, the envelope, the call log as `serve`
// writes it) against a bare Echo handler that reads the same request and answers an envelope,
// both driven through the same httptest loop, interleaved in chunks so that whatever else the
// machine does weighs on both alike. It reports ns/op and allocs/op of the reference server and
// x-bare, its throughput as a fraction of the bare handler's (1.0 = as fast; the targets are
// ≥ 0.5 for every standard action and ≥ 0.4 for a 3-segment send), and prints the table.
func BenchmarkActionPath(b *testing.B) {
	type row struct {
		name             string
		bare, full       time.Duration
		bareAlloc, alloc float64
	}
	var rows []row
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			h, reset := benchServer(b, true)
			r := row{name: c.name}
			r.bare, r.full, r.bareAlloc, r.alloc = interleaved(b, bareEcho(), h, reset, c.action, c.contentType, c.body)
			// ns/op above counts both handlers' calls; these are each one's.
			b.ReportMetric(float64(r.full.Nanoseconds()), "onespec-ns/call")
			b.ReportMetric(float64(r.bare.Nanoseconds()), "bare-ns/call")
			b.ReportMetric(float64(r.bare)/float64(r.full), "x-bare")
			if len(rows) > 0 && rows[len(rows)-1].name == c.name {
				rows[len(rows)-1] = r // b.Run calls a benchmark again with a larger b.N: keep the last
			} else {
				rows = append(rows, r)
			}
		})
	}
	// The call log's cost on the cheapest action (target: ~5% at most).
	b.Run("get_login_info-null/log-vs-nolog", func(b *testing.B) {
		// get_login_info changes nothing, so neither world needs resetting (a reset costs the
		// side it happens on some 10% in garbage, which would be charged to the log).
		quiet, _ := benchServer(b, false)
		logged, _ := benchServer(b, true)
		noLog, withLog, _, _ := interleaved(b, quiet, logged, nil, "get_login_info", "", `null`)
		b.ReportMetric(float64(noLog)/float64(withLog), "x-nolog")
	})
	fmt.Fprintf(os.Stdout, "\n%-28s %11s %11s %7s %11s %9s\n", "call", "bare ns/op", "onespec", "x-bare", "bare allocs", "allocs")
	for _, r := range rows {
		fmt.Fprintf(os.Stdout, "%-28s %11d %11d %7.2f %11.0f %9.0f\n", r.name, r.bare.Nanoseconds(), r.full.Nanoseconds(),
			float64(r.bare)/float64(r.full), r.bareAlloc, r.alloc)
	}
}

// interleaved runs b.N calls on each of base and h, alternating chunks of them, and returns
// the time and allocations per call of each. reset, when set, gives h a fresh world every
// worldResetEvery calls, outside the timing.
func interleaved(b *testing.B, base, h http.Handler, reset func() http.Handler, action, contentType, body string) (baseT, hT time.Duration, baseAllocs, hAllocs float64) {
	const chunk = 250
	call := func(h http.Handler) {
		req := loopbackRequest(httptest.NewRequest("POST", "/"+action, strings.NewReader(body)))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"retcode":0`) {
			b.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
		}
	}
	measure := func(h http.Handler, n int) (time.Duration, uint64) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		for range n {
			call(h)
		}
		d := time.Since(start)
		runtime.ReadMemStats(&after)
		return d, after.Mallocs - before.Mallocs
	}
	b.ReportAllocs()
	b.ResetTimer()
	var baseAllocsN, hAllocsN uint64
	for done, sinceReset := 0, 0; done < b.N; {
		n := min(chunk, b.N-done)
		if reset != nil && sinceReset+n > worldResetEvery {
			h, sinceReset = reset(), 0
		}
		d, a := measure(base, n)
		baseT, baseAllocsN = baseT+d, baseAllocsN+a
		d, a = measure(h, n)
		hT, hAllocsN = hT+d, hAllocsN+a
		done, sinceReset = done+n, sinceReset+n
	}
	b.StopTimer()
	n := time.Duration(b.N)
	return baseT / n, hT / n, float64(baseAllocsN) / float64(b.N), float64(hAllocsN) / float64(b.N)
}

// benchServer is a reference server as `serve` runs it (buffered call log at info), with a
// way to start again on a fresh world.
func benchServer(b *testing.B, logCalls bool) (http.Handler, func() http.Handler) {
	logOut := onespecruntime.NewLogWriter(io.Discard, 100*time.Millisecond)
	b.Cleanup(func() { logOut.Close() })
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	build := func() http.Handler {
		api, err := impl.New(seededWorld(b, nil), log).API(impl.Options{LogCalls: logCalls})
		if err != nil {
			b.Fatal(err)
		}
		return api.HTTP
	}
	return build(), build
}

// bareEcho is the least a JSON server on Echo does with the same request: route it, read the
// parameters (JSON, or the form), and answer an envelope.
func bareEcho() http.Handler {
	e := echo.New()
	e.Any("/*", func(c echo.Context) error {
		params := map[string]any{}
		if c.Request().Header.Get("Content-Type") == formType {
			form, err := c.FormParams()
			if err != nil {
				return err
			}
			for k, v := range form {
				params[k] = v[0]
			}
		} else {
			raw, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &params); err != nil {
				return err
			}
		}
		return c.JSON(http.StatusOK, map[string]any{"status": "ok", "retcode": 0, "data": params, "message": "", "wording": ""})
	})
	return e
}
