package impl_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onespec/onespec/impl"
)

// BenchmarkTransport measures a whole action call through the reference server's HTTP handler
// (parameter parsing, coercion, kin-openapi validation, the handler, the envelope) and reports
// it as a ratio against the least any JSON server does with the same request, measured in the
// same run: decode the body and encode an envelope. The ratio ("x-baseline") is what to watch;
// absolute times depend on the machine.
func BenchmarkTransport(b *testing.B) {
	h, err := impl.New(seededWorld(b, nil), nil).Handler(impl.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct{ name, action, contentType, body string }{
		{"get_login_info-null", "get_login_info", "", `null`},
		{"get_group_info-form", "get_group_info", formType, `group_id=20001`},
		{"get_group_member_info-json", "get_group_member_info", jsonType, `{"group_id":20001,"user_id":"10002"}`},
		{"send_group_msg-cqstring", "send_group_msg", jsonType, `{"group_id":20001,"message":"你好[CQ:face,id=14]"}`},
		{"send_group_msg-3segments", "send_group_msg", jsonType,
			`{"group_id":20001,"message":[{"type":"at","data":{"qq":"10002"}},{"type":"text","data":{"text":" 你好"}},{"type":"face","data":{"id":"14"}}]}`},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			baseline := timeLoop(b.N, func() {
				var params map[string]any
				_ = json.Unmarshal([]byte(c.body), &params)
				_, _ = json.Marshal(map[string]any{"status": "ok", "retcode": 0, "data": params, "message": "", "wording": ""})
			})
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("POST", "/"+c.action, strings.NewReader(c.body))
				if c.contentType != "" {
					req.Header.Set("Content-Type", c.contentType)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			if baseline > 0 {
				b.ReportMetric(float64(elapsed)/float64(baseline), "x-baseline")
			}
		})
	}
}

func timeLoop(n int, f func()) time.Duration {
	start := time.Now()
	for i := 0; i < n; i++ {
		f()
	}
	return time.Since(start)
}
