package openapi_test

import (
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/openapi"
)

// The request documents the server starts from (openapi/requests) say of every operation's
// parameters what the whole documents say: the same operations, and for each the same
// properties, required ones, types, defaults and aliases, all the way down.
func TestRequestsMatchDoc(t *testing.T) {
	for _, c := range []struct {
		name      string
		full, req func() (*openapi3.T, error)
	}{
		{"OneBot", openapi.Doc, openapi.Requests},
		{"world", openapi.WorldDoc, openapi.WorldRequests},
	} {
		t.Run(c.name, func(t *testing.T) {
			full, err := c.full()
			if err != nil {
				t.Fatal(err)
			}
			req, err := c.req()
			if err != nil {
				t.Fatal(err)
			}
			for path, item := range full.Paths.Map() {
				if item.Post == nil {
					continue
				}
				r := req.Paths.Value(path)
				if r == nil || r.Post == nil {
					t.Errorf("%s: missing from the request document", path)
					continue
				}
				sameSchema(t, path, body(item.Post), body(r.Post), map[*openapi3.Schema]bool{})
			}
			if got, want := req.Paths.Len(), full.Paths.Len(); got != want {
				t.Errorf("%d paths in the request document, %d in the spec", got, want)
			}
		})
	}
}

func body(op *openapi3.Operation) *openapi3.Schema {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// sameSchema compares what the server reads of a schema (impl/params, impl/outgoing).
func sameSchema(t *testing.T, at string, a, b *openapi3.Schema, seen map[*openapi3.Schema]bool) {
	t.Helper()
	if (a == nil) != (b == nil) {
		t.Errorf("%s: present in one document only", at)
		return
	}
	if a == nil || seen[a] {
		return
	}
	seen[a] = true
	if a.Type.Slice() == nil != (b.Type.Slice() == nil) || !slices.Equal(a.Type.Slice(), b.Type.Slice()) ||
		a.Format != b.Format || a.Nullable != b.Nullable || !slices.Equal(a.Required, b.Required) ||
		a.Pattern != b.Pattern || a.MinLength != b.MinLength || !equalPtr(a.MaxLength, b.MaxLength) ||
		!equalPtr(a.Min, b.Min) || !equalPtr(a.Max, b.Max) || len(a.Enum) != len(b.Enum) ||
		(a.Default == nil) != (b.Default == nil) ||
		!slices.Equal(stringsOf(a.Extensions["x-onebot-aliases"]), stringsOf(b.Extensions["x-onebot-aliases"])) ||
		a.Extensions["x-onebot-direction"] != b.Extensions["x-onebot-direction"] ||
		len(a.Properties) != len(b.Properties) || len(a.OneOf) != len(b.OneOf) || len(a.AnyOf) != len(b.AnyOf) ||
		len(a.AllOf) != len(b.AllOf) ||
		(len(a.AnyOf)+len(a.OneOf) > 0 && a.Description != b.Description) {
		t.Errorf("%s: the request document's schema differs from the spec's", at)
		return
	}
	for name, p := range a.Properties {
		q := b.Properties[name]
		if q == nil {
			t.Errorf("%s.%s: missing from the request document", at, name)
			continue
		}
		sameSchema(t, at+"."+name, p.Value, q.Value, seen)
	}
	for i := range a.OneOf {
		sameSchema(t, at+"|oneOf", a.OneOf[i].Value, b.OneOf[i].Value, seen)
	}
	for i := range a.AnyOf {
		sameSchema(t, at+"|anyOf", a.AnyOf[i].Value, b.AnyOf[i].Value, seen)
	}
	for i := range a.AllOf {
		sameSchema(t, at+"|allOf", a.AllOf[i].Value, b.AllOf[i].Value, seen)
	}
	if a.Items != nil && b.Items != nil {
		sameSchema(t, at+"[]", a.Items.Value, b.Items.Value, seen)
	}
}

func equalPtr[T comparable](a, b *T) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func stringsOf(v any) []string {
	items, _ := v.([]any)
	var out []string
	for _, it := range items {
		s, _ := it.(string)
		out = append(out, s)
	}
	return out
}
