package docs

import (
	"net/http"
	"sync"
)

// Lazy is New(spec, opts) built at the first request rather than at start: preparing the
// answers (converting the spec to JSON, compressing it, checking the Scalar bundle) costs
// ~100 ms, which a server would otherwise pay on every start before answering anything. A
// spec Handler refuses is answered 500 with the reason, on every request; a server serving an
// embedded spec checks it in its tests (TestLazyServesTheBundledSpec for openapi.YAML).
func Lazy(spec []byte, opts Options) http.Handler {
	build := sync.OnceValues(func() (http.Handler, error) { return New(spec, opts) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, err := build()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		h.ServeHTTP(w, r)
	})
}
