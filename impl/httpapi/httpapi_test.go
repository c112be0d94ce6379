package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/httpapi"
	"github.com/onespec/onespec/impl/inflight"
	"github.com/onespec/onespec/openapi"
)

// handler is the HTTP API of a dispatcher whose get_login_info answers, with opts.
func handler(t testing.TB, opts httpapi.Options) http.Handler {
	t.Helper()
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(gen.GetLoginInfo200JSONResponse(openapi.Envelope[*gen.LoginInfo]{
		Status: string(gen.StatusOk), Data: &gen.LoginInfo{UserID: 10001, Nickname: "bot"},
	}), nil).Maybe()
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	d, err := dispatch.NewFor(doc, gen.Actions, gen.StrictServerInterface(m), dispatch.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	return httpapi.Handler(d, opts)
}

// countingBody is a request body that counts the bytes read from it.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	return n, err
}

func (b *countingBody) Close() error { return nil }

func serve(h http.Handler, r *http.Request) (int, map[string]any) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var env map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &env)
	return rec.Code, env
}

// A request that will be refused for its token is refused before its body is read: an
// unauthenticated client can make the server hold nothing beyond the headers.
func TestRefusedRequestBodyIsNeverRead(t *testing.T) {
	h := handler(t, httpapi.Options{AccessToken: "secret"})
	for _, tc := range []struct {
		name, auth string
		status     int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := &countingBody{r: strings.NewReader(`{"message":[` + strings.Repeat(`{"type":"text","data":{"text":"a"}},`, 10000) + `{}]}`)}
			r := httptest.NewRequest(http.MethodPost, "/send_private_msg?echo=e1", body)
			r.Header.Set("Content-Type", "application/json")
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			status, env := serve(h, r)
			require.Equal(t, tc.status, status)
			require.Equal(t, "e1", env["echo"], "the query's echo still comes back")
			require.Zero(t, body.read.Load(), "the body of a refused request is not read")
		})
	}
}

// A body of many tiny JSON values is refused before it is decoded: decoded, each costs a
// hundred times its bytes.
func TestTooManyJSONValuesRefused(t *testing.T) {
	h := handler(t, httpapi.Options{MaxValues: 1000})
	segs := strings.Repeat(`{"type":"text","data":{"text":"a"}},`, 400) // 6 values each
	r := httptest.NewRequest(http.MethodPost, "/get_login_info", strings.NewReader(`{"message":[`+segs+`{}]}`))
	status, env := serve(h, r)
	require.Equal(t, http.StatusRequestEntityTooLarge, status)
	require.EqualValues(t, gen.RetcodeBadRequest, env["retcode"])
	require.Contains(t, env["message"], "more than 1000 JSON values")

	r = httptest.NewRequest(http.MethodPost, "/get_login_info", strings.NewReader(`{"message":[{"type":"text","data":{"text":"a"}}]}`))
	status, env = serve(h, r)
	require.Equal(t, http.StatusOK, status, "%v", env)
}

// The bytes every request in flight holds are bounded: when the budget is spent a request is
// refused at once (503) instead of read, and the bytes come back once requests are answered.
func TestInFlightBodyBudget(t *testing.T) {
	budget := inflight.NewBudget(256 << 10)
	h := handler(t, httpapi.Options{Budget: budget, MaxBody: 1 << 20})
	big := `{"pad":"` + strings.Repeat("x", 512<<10) + `"}`
	status, env := serve(h, httptest.NewRequest(http.MethodPost, "/get_login_info", strings.NewReader(big)))
	require.Equal(t, http.StatusServiceUnavailable, status, "%v", env)
	require.Zero(t, budget.Used(), "a refused request gives its bytes back")

	// Of unknown length (chunked), it is refused as its bytes pass the budget.
	status, env = serve(h, httptest.NewRequest(http.MethodPost, "/get_login_info", io.NopCloser(strings.NewReader(big))))
	require.Equal(t, http.StatusServiceUnavailable, status, "%v", env)
	require.Zero(t, budget.Used())

	status, env = serve(h, httptest.NewRequest(http.MethodPost, "/get_login_info", strings.NewReader(`{"pad":"x"}`)))
	require.Equal(t, http.StatusOK, status, "%v", env)
	status, env = serve(h, httptest.NewRequest(http.MethodPost, "/get_login_info", io.NopCloser(strings.NewReader(`{"pad":"x"}`))))
	require.Equal(t, http.StatusOK, status, "%v", env)
	require.Zero(t, budget.Used(), "an answered request gives its bytes back")
}

// A body declared larger than the limit is refused without reading it.
func TestDeclaredTooLargeBodyIsNotRead(t *testing.T) {
	h := handler(t, httpapi.Options{MaxBody: 1024})
	body := &countingBody{r: strings.NewReader(strings.Repeat("x", 2048))}
	r := httptest.NewRequest(http.MethodPost, "/get_login_info", body)
	r.ContentLength = 2048
	status, _ := serve(h, r)
	require.Equal(t, http.StatusRequestEntityTooLarge, status)
	require.Zero(t, body.read.Load())
}

// FuzzBody sends arbitrary bodies under arbitrary Content-Types and methods to the transport:
// every answer is an envelope with a status below 500.
func FuzzBody(f *testing.F) {
	h := handler(f, httpapi.Options{AccessToken: "tok", MaxValues: 1000, MaxBody: 1 << 16})
	for _, tc := range [][3]string{
		{"POST", "application/json", `{"echo":1}`}, {"POST", "", `null`}, {"POST", "application/x-www-form-urlencoded", `a=1&b=%zz`},
		{"POST", "application/x-www-form-urlencoded", `{"echo":"curl"}`}, {"GET", "", ``}, {"PUT", "application/json", `{}`},
		{"POST", "text/plain; charset=", `x`}, {"POST", "application/json", `{"a":` + `[[[[[[` + `]]]]]]}`}, {"POST", "application/json", `[1,2`},
	} {
		f.Add(tc[0], tc[1], tc[2])
	}
	f.Fuzz(func(t *testing.T, method, contentType, body string) {
		if method != "GET" && method != "POST" {
			method = "PUT"
		}
		r := httptest.NewRequest(method, "/get_login_info?access_token=tok", strings.NewReader(body))
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var env map[string]any
		if rec.Code >= 500 || json.Unmarshal(rec.Body.Bytes(), &env) != nil || env["status"] == nil {
			t.Fatalf("%s %q %q: HTTP %d %s", method, contentType, body, rec.Code, rec.Body)
		}
	})
}
