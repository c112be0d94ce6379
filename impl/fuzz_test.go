package impl_test

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/openapi"
)

// FuzzActions sends arbitrary bodies to every action and holds the server to the spec: no
// panic, no 5xx, every answer an envelope, and a 200 answer's retcode one the action documents
// in x-onebot-retcodes. The seed corpus (every action's examples, mangled) runs in `go test`;
// `go test -fuzz FuzzActions ./impl/` explores further.
func FuzzActions(f *testing.F) {
	doc, err := openapi.Doc()
	if err != nil {
		f.Fatal(err)
	}
	documented := map[string][]int{}
	var names []string
	for path, item := range doc.Paths.Map() {
		name := strings.TrimPrefix(path, "/")
		names = append(names, name)
		codes, _ := item.Post.Extensions["x-onebot-retcodes"].([]any)
		for _, c := range codes {
			documented[name] = append(documented[name], int(c.(float64)))
		}
		for _, ex := range item.Post.RequestBody.Value.Content.Get("application/json").Examples {
			raw, _ := json.Marshal(ex.Value.Value)
			f.Add(name, string(raw))
			f.Add(name, strings.ReplaceAll(string(raw), "1", `"x"`))
			f.Add(name, strings.ReplaceAll(string(raw), ":", `:null,"z":`))
		}
	}
	sort.Strings(names)
	for _, body := range []string{``, `null`, `[]`, `"s"`, `{"message":[{"type":"node","data":{"content":{"type":"node"}}}]}`, `{"group_id":1e309}`, `{"user_id":-1,"group_id":9223372036854775807}`} {
		f.Add(names[0], body)
	}

	h := handler(f, seededWorld(f, nil), impl.Options{})
	f.Fuzz(func(t *testing.T, action, body string) {
		if _, known := documented[action]; !known {
			action = names[len(action)%len(names)]
		}
		req := loopbackRequest(httptest.NewRequest("POST", "/"+action, strings.NewReader(body)))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q: HTTP %d", action, body, rec.Code)
		}
		var env struct {
			Status  string `json:"status"`
			Retcode *int   `json:"retcode"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Retcode == nil || env.Status == "" {
			t.Fatalf("%s %q: not an envelope: %q", action, body, rec.Body)
		}
		if rec.Code == 200 && !slices.Contains(documented[action], *env.Retcode) {
			t.Fatalf("%s %q: retcode %d is not among the documented %v: %s", action, body, *env.Retcode, documented[action], rec.Body)
		}
	})
}
