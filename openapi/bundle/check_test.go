package main

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Each authoring trap is refused at bundle time, in the source file, naming the line, the path
// inside the file and the rule, and saying the fix; what looks like a trap but is not (a
// property named description, example data, extensions) passes.
func TestTraps(t *testing.T) {
	component := func(schema string) map[string]string {
		return map[string]string{"components/p.yaml": "components:\n  schemas:\n    P:\n" + schema}
	}
	tests := []struct {
		name    string
		files   map[string]string
		wantErr []string // substrings of the error; none means success
	}{
		{
			name:    "a description split at \", \" in a flow mapping",
			files:   component("      type: object\n      properties:\n        id: {type: string, description: Song id, e.g. 123}\n"),
			wantErr: []string{"components/p.yaml:6: components.schemas.P.properties.id.e.g. 123:", `"e.g. 123" is not a key a schema may have`, "quote the description"},
		},
		{
			name:    "a misspelt keyword in a block schema",
			files:   component("      type: object\n      descripton: the params\n"),
			wantErr: []string{"components/p.yaml:5: components.schemas.P.descripton:", "remove it, or make it an extension"},
		},
		{
			name:    "a stray key in a request schema of an action",
			files:   map[string]string{"actions/meta/get_status.yaml": strings.Replace(action, "schema: {$ref: '#/components/schemas/NoParams'}", "schema: {type: object, description: No params, none}", 1)},
			wantErr: []string{"actions/meta/get_status.yaml:15: paths./get_status.post.requestBody.content.application/json.schema.none:", "is not a key a schema may have"},
		},
		{
			name:    "an inline object property",
			files:   component("      type: object\n      properties:\n        inner:\n          type: object\n          properties:\n            a: {type: string}\n"),
			wantErr: []string{"components/p.yaml:7: components.schemas.P.properties.inner:", "anonymous Go struct", "e.g. PInner, and $ref it"},
		},
		{
			name:    "an inline object as array items",
			files:   component("      type: array\n      items: {type: object, properties: {a: {type: string}}}\n"),
			wantErr: []string{"components.schemas.P.items:", "under items becomes an anonymous Go struct"},
		},
		{
			name:    "a description YAML read as a sequence",
			files:   component("      type: string\n      description: [a, b]\n"),
			wantErr: []string{"components/p.yaml:5: components.schemas.P.description:", "description must be a string, but YAML read a sequence", "quote it"},
		},
		{
			name:    "a description YAML read as a mapping",
			files:   component("      type: string\n      description: {Note: x}\n"),
			wantErr: []string{"description must be a string, but YAML read a mapping"},
		},
		{
			name:    "a summary YAML read as a number",
			files:   map[string]string{"actions/meta/get_status.yaml": strings.Replace(action, "summary: s", "summary: 404", 1)},
			wantErr: []string{"actions/meta/get_status.yaml:6: paths./get_status.post.summary:", "summary must be a string, but YAML read a number"},
		},
		{
			name:    "an empty description",
			files:   component("      type: string\n      description:\n"),
			wantErr: []string{"description must be a string, but YAML read nothing (null)"},
		},
		{
			name:    "a reference to a schema nobody defines fails as the server would at start",
			files:   map[string]string{"actions/meta/get_status.yaml": strings.Replace(action, "#/components/schemas/NoParams", "#/components/schemas/NoSuchParams", 1)},
			wantErr: []string{"actions/meta/get_status.yaml: the bundled document is not valid OpenAPI", "NoSuchParams"},
		},
		{
			name: "not traps: properties named like keywords, named objects, example data, extensions",
			files: component("      type: object\n      x-note: {anything: [1, 2]}\n      properties:\n" +
				"        description: {type: string, description: \"The text, e.g. 123\"}\n" +
				"        summary: {type: string}\n" +
				"        title: {$ref: '#/components/schemas/GetStatusData'}\n" +
				"        list: {type: array, items: {$ref: '#/components/schemas/GetStatusData'}}\n" +
				"        open: {type: object, additionalProperties: {type: string}}\n" +
				"        typed: {type: object, x-go-type: T, properties: {a: {type: string}}}\n" +
				"      example: {description: d, title: {summary: 404}}\n"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"openapi.yaml": {Data: []byte(root)}, "components/base.yaml": {Data: []byte(base)}, "components/noparams.yaml": {Data: []byte(noParams)}}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			_, err := Bundle(fsys)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want one containing %q", tt.wantErr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v\nwant it to contain %q", err, w)
				}
			}
		})
	}
}
