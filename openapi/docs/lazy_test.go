package docs_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

// Lazy serves what Handler serves, for the bundled specs, and answers a spec Handler refuses
// with 500 and the reason.
func TestLazyServesTheBundledSpec(t *testing.T) {
	for _, spec := range [][]byte{openapi.YAML, openapi.WorldYAML} {
		eager, err := docs.Handler(spec)
		if err != nil {
			t.Fatal(err)
		}
		lazy := docs.Lazy(spec, docs.Options{})
		for _, path := range docs.Paths {
			want, wantBody := do(t, eager, http.MethodGet, path, nil)
			got, gotBody := do(t, lazy, http.MethodGet, path, nil)
			if got.StatusCode != want.StatusCode || got.Header.Get("ETag") != want.Header.Get("ETag") || !bytes.Equal(gotBody, wantBody) {
				t.Errorf("%s: lazy %d %s (%d bytes), eager %d %s (%d bytes)", path, got.StatusCode, got.Header.Get("ETag"), len(gotBody),
					want.StatusCode, want.Header.Get("ETag"), len(wantBody))
			}
		}
	}
	res, body := do(t, docs.Lazy([]byte("a: ["), docs.Options{}), http.MethodGet, "/openapi.json", nil)
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(string(body), "docs:") {
		t.Errorf("a bad spec: %d %s", res.StatusCode, body)
	}
}
