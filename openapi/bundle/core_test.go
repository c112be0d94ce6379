package main

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Shared schemas are typed as gen/core's, by the Go name gen/core has; the document's own
// schemas, and shared ones that name their Go type already, are left alone.
func TestMarkCore(t *testing.T) {
	doc := []byte(header + `openapi: 3.0.3
components:
  schemas:
    JsonSegment: {type: object}
    NoDataResult: {x-go-type: 'openapi.Envelope[*struct{}]', type: object}
    SendMsgParams: {type: object}
`)
	fsys := fstest.MapFS{
		"components/message.yaml": {Data: []byte("components:\n  schemas:\n    JsonSegment: {type: object}\n    NoDataResult: {type: object}\n")},
		"core/core.gen.go":        {Data: []byte("package core\n\ntype JSONSegment struct{}\ntype NoDataResult = struct{}\n")},
	}
	out, err := markCore(doc, fsys, "components", "example.com/gen/core", "core/core.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"JsonSegment: {x-go-type: core.JSONSegment, x-go-type-import: {path: example.com/gen/core}, type: object}",
		"NoDataResult: {x-go-type: 'openapi.Envelope[*struct{}]', type: object}",
		"SendMsgParams: {type: object}",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in:\n%s", want, s)
		}
	}
	if strings.Count(s, header) != 1 {
		t.Errorf("want the generated-file header once:\n%s", s)
	}

	fsys["core/core.gen.go"] = &fstest.MapFile{Data: []byte("package core\n")}
	if _, err := markCore(doc, fsys, "components", "example.com/gen/core", "core/core.gen.go"); err == nil || !strings.Contains(err.Error(), "regenerate") {
		t.Errorf("err = %v, want a stale core package named", err)
	}
}
