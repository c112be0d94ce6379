package openapi_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/openapi"
)

func load(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestEveryExampleValidates(t *testing.T) {
	doc := load(t)
	for path, item := range doc.Paths.Map() {
		op := item.Post
		if op == nil {
			t.Errorf("%s: no POST operation", path)
			continue
		}
		t.Run(op.OperationID, func(t *testing.T) {
			req := op.RequestBody.Value.Content.Get("application/json")
			checkExamples(t, "request", req)
			res := op.Responses.Value("200").Value.Content.Get("application/json")
			checkExamples(t, "response", res)
		})
	}
}

func checkExamples(t *testing.T, what string, mt *openapi3.MediaType) {
	t.Helper()
	if mt == nil || mt.Schema == nil {
		t.Fatalf("%s: no JSON schema", what)
	}
	n := 0
	if mt.Example != nil {
		n++
		if err := mt.Schema.Value.VisitJSON(mt.Example); err != nil {
			t.Errorf("%s example: %v", what, err)
		}
	}
	for name, ex := range mt.Examples {
		n++
		if err := mt.Schema.Value.VisitJSON(ex.Value.Value); err != nil {
			t.Errorf("%s example %q: %v", what, name, err)
		}
	}
	if n == 0 {
		t.Errorf("%s: no example", what)
	}
}

// Every operation follows the conventions tools rely on.
func TestOperationConventions(t *testing.T) {
	doc := load(t)
	retcodes := doc.Components.Schemas["Retcode"].Value.Enum
	tags := map[string]bool{}
	for _, tag := range doc.Tags {
		tags[tag.Name] = true
	}
	for path, item := range doc.Paths.Map() {
		op := item.Post
		name := strings.TrimPrefix(path, "/")
		if op.OperationID != name {
			t.Errorf("%s: operationId %q", path, op.OperationID)
		}
		if len(op.Tags) != 1 || !tags[op.Tags[0]] {
			t.Errorf("%s: tags %v", name, op.Tags)
		}
		zh, _ := op.Extensions["x-onebot-name-zh"].(string)
		if zh == "" || !strings.Contains(op.Description, zh) {
			t.Errorf("%s: x-onebot-name-zh %q must be set and appear in the description", name, zh)
		}
		codes, _ := op.Extensions["x-onebot-retcodes"].([]any)
		if len(codes) == 0 {
			t.Errorf("%s: no x-onebot-retcodes", name)
		}
		for _, c := range codes {
			if !slices.Contains(retcodes, c) {
				t.Errorf("%s: retcode %v is not in the Retcode catalogue", name, c)
			}
		}
		for _, code := range []string{"200", "400", "401", "403", "405", "406", "413"} {
			if op.Responses.Value(code) == nil {
				t.Errorf("%s: no %s response", name, code)
			}
		}
	}
}

// Every schema's own example validates against it: the event schemas' examples are what bot
// developers copy, and the reference server validates the events it emits against them.
func TestEverySchemaExampleValidates(t *testing.T) {
	doc := load(t)
	n := 0
	for name, ref := range doc.Components.Schemas {
		if ref.Value == nil || ref.Value.Example == nil {
			continue
		}
		n++
		if err := ref.Value.VisitJSON(ref.Value.Example); err != nil {
			t.Errorf("%s: its example does not validate: %v", name, err)
		}
	}
	if n < 20 {
		t.Errorf("only %d schemas carry an example", n)
	}
}

// The world control API's examples validate against their schemas too, and its operations
// carry the same extensions.
func TestWorldExamplesValidate(t *testing.T) {
	doc, err := openapi.WorldDoc()
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Paths.Map()) == 0 {
		t.Fatal("no operations")
	}
	retcodes := doc.Components.Schemas["Retcode"].Value.Enum
	for path, item := range doc.Paths.Map() {
		op := item.Post
		if op == nil {
			t.Errorf("%s: no POST operation", path)
			continue
		}
		t.Run(op.OperationID, func(t *testing.T) {
			checkExamples(t, "request", op.RequestBody.Value.Content.Get("application/json"))
			checkExamples(t, "response", op.Responses.Value("200").Value.Content.Get("application/json"))
			zh, _ := op.Extensions["x-onebot-name-zh"].(string)
			if zh == "" || !strings.Contains(op.Description, zh) {
				t.Errorf("x-onebot-name-zh %q missing from the description", zh)
			}
			codes, _ := op.Extensions["x-onebot-retcodes"].([]any)
			for _, c := range codes {
				if !slices.Contains(retcodes, c) {
					t.Errorf("x-onebot-retcodes: %v is not in the Retcode catalogue", c)
				}
			}
			if len(codes) == 0 {
				t.Error("no x-onebot-retcodes")
			}
		})
	}
}
