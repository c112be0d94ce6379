package impl_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
	"github.com/onespec/onespec/openapi"
)

// Every request example in the spec is a call that works, and every response example is what a
// fresh reference server answers: each request example, sent as it is to the default world,
// gets the answer the response example shows (the one of the same name, else `ok`, else the
// one success example), volatile fields aside. A failure example says which request makes it
// (x-onespec-request) and gets the same check. The docs' "Test Request" button and readers
// copying an example into their bot see what the docs promise.
//
// One server serves every example; the world is filled afresh between examples through the
// world's own API (Refill, what reset_world does), so a write cannot leak into the next example
// and the cost grows with the number of examples, not with its square. The refill goes
// through a world the server does not observe, so it publishes no events, and the examples of
// read operations run before those of writes: what a read answers from the server's own
// history (list_events) is then what a fresh server answers.
func TestEveryRequestExampleSucceeds(t *testing.T) {
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	w, api := sharedServer(t, impl.Options{})
	checkExamples(t, doc, w, api, "")
}

// checkExamples sends every request example of doc, and every failure example's
// x-onespec-request, to api under prefix (the world control API's, or none), each on the
// default world filled afresh, and compares each answer with its response example.
func checkExamples(t *testing.T, doc *openapi3.T, w *world.World, api *impl.API, prefix string) {
	t.Helper()
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	// Reads first (stable, so by path within each kind): they publish nothing.
	sort.SliceStable(paths, func(i, j int) bool { return isRead(doc, paths[i]) && !isRead(doc, paths[j]) })
	checked := 0
	for _, path := range paths {
		op := doc.Paths.Value(path).Post
		requests := op.RequestBody.Value.Content.Get("application/json").Examples
		responses := op.Responses.Value("200").Value.Content.Get("application/json").Examples
		for _, name := range sortedNames(requests) {
			t.Run(op.OperationID+"/"+name, func(t *testing.T) {
				answer, want, err := answerFor(name, responses)
				if err != nil {
					t.Fatal(err)
				}
				got := serve(t, w, api, prefix+path, requests[name].Value.Value)
				// An action the server documents it cannot do (1404 not_supported: raw
				// protocol packets) answers its request example with that documented failure,
				// its response example of the same name.
				if documentedFailure(want, gen.RetcodeUnsupportedAction) {
					sameAnswer(t, got, answer, want)
					checked++
					return
				}
				if got["status"] != string(gen.StatusOk) && got["status"] != string(gen.StatusAsync) {
					t.Fatalf("the request example failed: %v", got)
				}
				sameAnswer(t, got, answer, want)
				checked++
			})
		}
		for _, name := range sortedNames(responses) {
			params, paired := responses[name].Value.Extensions[requestExtension]
			if !paired {
				continue
			}
			t.Run(op.OperationID+"/"+name, func(t *testing.T) {
				sameAnswer(t, serve(t, w, api, prefix+path, params), name, responses[name].Value.Value)
				checked++
			})
		}
	}
	if checked == 0 {
		t.Fatal("no example was checked")
	}
}

// isRead says whether the operation at path only reads (x-onebot-effect read).
func isRead(doc *openapi3.T, path string) bool {
	return doc.Paths.Value(path).Post.Extensions["x-onebot-effect"] == "read"
}

// requestExtension, on a failure response example, is the request that makes it: a request
// example of its own would be sent by tools as a working call.
const requestExtension = "x-onespec-request"

// volatile are the fields whose value in an answer depends on when, where and in what order
// calls were made, not on what was asked, so an example cannot show the value a reader will
// get:
//   - time and every *_time (join_time, last_sent_time...), and NapCat's latestTime: readings
//     of the server's clock;
//   - message_id and real_id: the store's next id (an example cannot know how many messages
//     came first);
//   - file_id: a group file's id, made from the clock reading of its upload;
//   - notice_id: a new announcement's id, the store's next one (ids are never reused);
//   - stat and transports: get_status's counters of this process (calls, packets, events);
//   - runtime_os and runtime_version: the machine and Go release the server runs on.
//
// Any other difference between an example and the answer is a wrong example (or server).
var volatile = []string{"time", "latestTime", "message_id", "real_id", "file_id", "notice_id", "stat", "transports", "runtime_os", "runtime_version"}

// isVolatile says whether a field's value is volatile (see volatile).
func isVolatile(field string) bool {
	return slices.Contains(volatile, field) || strings.HasSuffix(field, "_time")
}

// sharedServer is one reference server on the default world for a whole test, its clock
// fixed; opts.World, when set, gets the world's change feed. The world it returns is the
// server's store seen through a world the server does not observe: filling it afresh
// (refill) publishes nothing.
func sharedServer(t *testing.T, opts impl.Options) (*world.World, *impl.API) {
	t.Helper()
	feed := world.NewFeed(nil)
	st, err := sqlite.Open(context.Background(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := func() time.Time { return fixedNow }
	w := world.New(st, world.Options{Now: clock, Retention: world.DefaultRetention, OnChange: feed.Publish})
	w.SetMediaURLBase("http://127.0.0.1:5700") // the address the examples show
	if err := world.Seed(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	if opts.World != nil {
		opts.World.Feed = feed
	}
	opts.StreamDir = cmp.Or(opts.StreamDir, t.TempDir()) // stream uploads go with the test
	api, err := impl.New(w, nil).API(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = api.Shutdown(context.Background()) })
	return world.New(st, world.Options{Now: clock, Retention: world.DefaultRetention}), api
}

// refill makes w the default world again, as reset_world does.
func refill(t *testing.T, w *world.World) {
	t.Helper()
	if err := w.Refill(context.Background(), world.SeedUniverse); err != nil {
		t.Fatal(err)
	}
}

// serve sends params to path over HTTP on the default world and decodes the answer.
func serve(t *testing.T, w *world.World, api *impl.API, path string, params any) map[string]any {
	t.Helper()
	refill(t, w)
	body, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	api.HTTP.ServeHTTP(rec, loopbackRequest(httptest.NewRequest("POST", path, bytes.NewReader(body)).WithContext(context.Background())))
	var got map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("%s: %v", rec.Body, err)
	}
	if rec.Code != 200 {
		t.Fatalf("%s %s: HTTP %d %s", path, body, rec.Code, rec.Body)
	}
	return got
}

// answerFor is the response example a request example is answered with: the one of its name,
// else `ok`, else the only success example.
func answerFor(request string, responses openapi3.Examples) (string, any, error) {
	for _, name := range []string{request, "ok"} {
		if ex := responses[name]; ex != nil {
			if _, paired := ex.Value.Extensions[requestExtension]; !paired {
				return name, ex.Value.Value, nil
			}
		}
	}
	var found []string
	for _, name := range sortedNames(responses) {
		if v, ok := responses[name].Value.Value.(map[string]any); ok && v["status"] != "failed" {
			found = append(found, name)
		}
	}
	if len(found) != 1 {
		return "", nil, fmt.Errorf("request example %q: no response example of its name, no `ok`, and %d success examples %v: name the one it gets", request, len(found), found)
	}
	return found[0], responses[found[0]].Value.Value, nil
}

// documentedFailure says whether a response example is the failure with retcode code.
func documentedFailure(example any, code gen.Retcode) bool {
	if ref, isRef := example.(*openapi3.ExampleRef); isRef {
		if ref == nil || ref.Value == nil {
			return false
		}
		example = ref.Value.Value
	}
	v, ok := example.(map[string]any)
	return ok && v["status"] == string(gen.StatusFailed) && fmt.Sprint(v["retcode"]) == fmt.Sprint(int(code))
}

// sameAnswer compares an answer with a response example, volatile fields aside.
func sameAnswer(t *testing.T, got map[string]any, name string, want any) {
	t.Helper()
	g, w := stable(roundTrip(t, got)), stable(roundTrip(t, want))
	if !reflect.DeepEqual(g, w) {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		t.Errorf("the answer differs from the spec's response example %q (volatile fields %v and *_time aside):\nserver  %s\nexample %s", name, volatile, gj, wj)
	}
}

// roundTrip gives v the shape JSON decoding gives (float64 numbers, map[string]any objects).
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// stable replaces the value of every volatile field by a marker, at any depth.
func stable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if isVolatile(k) {
				out[k] = "<volatile>"
				continue
			}
			out[k] = stable(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = stable(val)
		}
		return out
	}
	return v
}

func sortedNames(examples openapi3.Examples) []string {
	names := make([]string, 0, len(examples))
	for name := range examples {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
