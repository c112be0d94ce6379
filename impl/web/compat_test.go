package web_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/web"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/compat"
)

// The compatibility page shows every action and family of the bundled spec, builds the matrix
// once (on the first request, not at start), links only within the server, and says so when the
// matrix cannot be built.
func TestCompat(t *testing.T) {
	builds := 0
	h := web.Compat(func() (*compat.Matrix, error) { builds++; return compat.Build(openapi.YAML) }, nil)
	if builds != 0 {
		t.Fatal("the matrix was built before any request")
	}
	m, err := compat.Build(openapi.YAML)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:5700/compat", nil))
		body := rec.Body.String()
		if rec.Code != 200 || rec.Header().Get("Content-Type") != web.ContentTypeHTML || !strings.Contains(body, "<title>"+web.CompatTitle+"</title>") {
			t.Fatalf("HTTP %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		for _, r := range m.Rows {
			if !strings.Contains(body, "<code>"+r.Action+"</code>") {
				t.Errorf("no row for %s", r.Action)
			}
		}
		for _, f := range m.Families {
			if !strings.Contains(body, "<th>"+f.Name+"</th>") {
				t.Errorf("no column for %s", f.Name)
			}
		}
		if !strings.Contains(body, "answers <code>messages</code> for <code>message</code>") {
			t.Error("the differences do not render their code spans")
		}
		for _, u := range externalURL.FindAllString(body, -1) {
			t.Errorf("page refers to another host: %s", u)
		}
	}
	if builds != 1 {
		t.Errorf("built %d times, want once", builds)
	}

	failing := web.Compat(func() (*compat.Matrix, error) { return nil, errors.New("no families") }, nil)
	rec := httptest.NewRecorder()
	failing.ServeHTTP(rec, httptest.NewRequest("GET", "/compat", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != 500 || !strings.Contains(string(body), "no families") {
		t.Errorf("HTTP %d %s", rec.Code, body)
	}
}
