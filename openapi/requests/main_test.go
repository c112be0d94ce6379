package main

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestStrip(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"prose and unread extensions go",
			`{"type":"object","description":"d","title":"t","example":1,"x-onebot-ref":"user","properties":{}}`,
			`{"type":"object","properties":{}}`},
		{"a property may be called description",
			`{"type":"object","properties":{"description":{"type":"string","description":"the text"}}}`,
			`{"type":"object","properties":{"description":{"type":"string"}}}`},
		{"aliases, direction, defaults and enums stay",
			`{"type":"integer","default":3,"enum":[1,3],"x-onebot-aliases":["a"],"x-onebot-direction":"send","x-onebot-name-zh":"数"}`,
			`{"type":"integer","default":3,"enum":[1,3],"x-onebot-aliases":["a"],"x-onebot-direction":"send"}`},
		{"the description of alternatives stays",
			`{"type":"object","description":"Give a or b","anyOf":[{"required":["a"],"description":"x"}]}`,
			`{"type":"object","description":"Give a or b","anyOf":[{"required":["a"]}]}`},
		{"a default object is a value, not a schema",
			`{"type":"object","default":{"description":"kept","x-y":1}}`,
			`{"type":"object","default":{"description":"kept","x-y":1}}`},
		{"nested schemas are stripped",
			`{"oneOf":[{"type":"array","items":{"type":"string","description":"x"}}],"additionalProperties":{"title":"t"}}`,
			`{"oneOf":[{"type":"array","items":{"type":"string"}}],"additionalProperties":{}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var in, want any
			if err := json.Unmarshal([]byte(c.in), &in); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(c.want), &want); err != nil {
				t.Fatal(err)
			}
			if got := strip(in); !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// Only the components a request reaches are kept, and a missing one is an error.
func TestBuildKeepsWhatRequestsReach(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: a
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/AParams'}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/AResult'}}}}}
components:
  schemas:
    AParams: {type: object, properties: {m: {$ref: '#/components/schemas/Message'}}}
    Message: {type: string}
    AResult: {type: object}
`
	out, err := Build([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct{ Schemas map[string]any }
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Components.Schemas["AResult"]; ok || len(doc.Components.Schemas) != 2 {
		t.Errorf("schemas %v, want AParams and Message only", doc.Components.Schemas)
	}
	if _, err := Build([]byte(spec[:len(spec)-len("    AResult: {type: object}\n")] + "    X: {}\n")); err != nil {
		t.Errorf("unexpected error %v", err)
	}
	broken := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}}}
components: {schemas: {}}
`
	if _, err := Build([]byte(broken)); err == nil {
		t.Error("a reference to a missing component was accepted")
	}
}
