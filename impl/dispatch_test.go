package impl_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/openapi"
)

// Every action of the registry, by every name any family knows it by, reaches its handler over
// HTTP and over a direct Dispatch call, and both answer the same envelope (volatile fields
// aside). One server serves every call; the world is filled afresh before each (as reset_world
// does), so that a write answered over one transport is answered the same way over the other.
func TestEveryActionSameOverHTTPAndDispatch(t *testing.T) {
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	names, err := openapi.Names(gen.Actions)
	if err != nil {
		t.Fatal(err)
	}
	w, api := sharedServer(t, impl.Options{})
	for _, a := range gen.Actions {
		op := doc.Paths.Value("/" + a.Name).Post
		params := defaultExample(t, op.RequestBody.Value.Content.Get("application/json").Examples)
		// An action documented as not supported (1404 not_supported: raw protocol packets)
		// answers its example with that documented failure, the same over both.
		notSupported := documentedFailure(op.Responses.Value("200").Value.Content.Get("application/json").Examples["default"], gen.RetcodeUnsupportedAction)
		for _, name := range names.Names(a.Name) {
			t.Run(name, func(t *testing.T) {
				body, _ := json.Marshal(map[string]any{"echo": "e-1"})
				if len(params) > 0 {
					body = withEcho(t, params, "e-1")
				}
				refill(t, w)
				rec := httptest.NewRecorder()
				api.HTTP.ServeHTTP(rec, loopbackRequest(httptest.NewRequest("POST", "/"+name, bytes.NewReader(body))))
				if rec.Code != 200 {
					t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
				}

				var decoded map[string]any
				dec := json.NewDecoder(bytes.NewReader(params))
				dec.UseNumber()
				if err := dec.Decode(&decoded); err != nil {
					t.Fatal(err)
				}
				refill(t, w)
				direct := api.Dispatcher.Dispatch(context.Background(), dispatch.Call{Action: name, Params: decoded, Echo: json.RawMessage(`"e-1"`)})
				if direct.Retcode != 0 && direct.Retcode != int(gen.RetcodeAsync) && !(notSupported && direct.Retcode == int(gen.RetcodeUnsupportedAction)) {
					t.Fatalf("the spec's example failed: %d %s", direct.Retcode, direct.Message)
				}
				// The answers match but for the volatile fields (the store's next message id,
				// the process's counters), which moved between the two calls.
				want, _ := json.Marshal(direct)
				var overHTTP, overDispatch any
				if err := json.Unmarshal(rec.Body.Bytes(), &overHTTP); err != nil {
					t.Fatalf("%s: %v", rec.Body, err)
				}
				_ = json.Unmarshal(want, &overDispatch)
				if !reflect.DeepEqual(stable(overHTTP), stable(overDispatch)) {
					t.Errorf("HTTP and Dispatch differ:\nHTTP     %s\nDispatch %s", rec.Body, want)
				}
			})
		}
	}
}

// defaultExample is the request example tools send: "default", or else the first by name.
func defaultExample(t *testing.T, examples map[string]*openapi3.ExampleRef) []byte {
	t.Helper()
	names := make([]string, 0, len(examples))
	for name := range examples {
		names = append(names, name)
	}
	sort.Strings(names)
	pick := "default"
	if examples[pick] == nil {
		pick = names[0]
	}
	raw, err := json.Marshal(examples[pick].Value.Value)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func withEcho(t *testing.T, params []byte, echo string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(params, &m); err != nil {
		t.Fatal(err)
	}
	if m == nil {
		m = map[string]any{}
	}
	m["echo"] = echo
	out, _ := json.Marshal(m)
	return out
}
