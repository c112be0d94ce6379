package openapi_test

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/openapi"
)

// The embedded documents are valid OpenAPI, examples included: Doc and WorldDoc skip checking
// the examples on every start, so it is done here.
func TestEmbeddedDocsValidate(t *testing.T) {
	for name, src := range map[string][]byte{"openapi.yaml": openapi.YAML, "world.yaml": openapi.WorldYAML} {
		t.Run(name, func(t *testing.T) {
			d, err := openapi3.NewLoader().LoadFromData(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Validate(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
