package impl_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/openapi"
)

// Every request example in the spec is a call that works: sent as it is to a fresh reference
// server, it succeeds (status ok, or async where the action is asynchronous), and its answer
// has the shape of the action's success example. The docs' "Test Request" button and readers
// copying an example into their bot get a working call.
func TestEveryRequestExampleSucceeds(t *testing.T) {
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, path := range paths {
		op := doc.Paths.Value(path).Post
		examples := op.RequestBody.Value.Content.Get("application/json").Examples
		names := make([]string, 0, len(examples))
		for name := range examples {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			t.Run(op.OperationID+"/"+name, func(t *testing.T) {
				body, err := json.Marshal(examples[name].Value.Value)
				if err != nil {
					t.Fatal(err)
				}
				srv := newServer(t, impl.Options{})
				code, r := call(t, newRequest(t, "POST", srv.URL+path, jsonType, string(body)))
				if code != 200 || (r.Status != string(gen.StatusOk) && r.Status != string(gen.StatusAsync)) {
					t.Fatalf("%s %s: HTTP %d %s/%d %q", path, body, code, r.Status, r.Retcode, r.Message)
				}
				if r.Status == string(gen.StatusOk) && strings.TrimSpace(string(r.Data)) == "" {
					t.Fatalf("no data field: %+v", r)
				}
			})
		}
	}
}
