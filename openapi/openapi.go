// Package openapi holds the bundled OneBot v11 spec (openapi.yaml, built from src/ by the bundle
// command), its one parsed form, and the one Go type the spec maps to by name: the generic
// response envelope.
package openapi

import (
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/openapi/wire"
)

// YAML is the bundled spec document.
//
//go:embed openapi.yaml
var YAML []byte

var doc = sync.OnceValues(func() (*openapi3.T, error) {
	d, err := openapi3.NewLoader().LoadFromData(YAML)
	if err != nil {
		return nil, fmt.Errorf("loading the embedded OneBot spec: %w", err)
	}
	// The schemas are validated (kin-openapi's request and response checks rely on it), the
	// examples not: checking them costs most of a start (~80 ms) and they cannot change after
	// the build, so TestEmbeddedDocsValidate checks them instead.
	if err := d.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("the embedded OneBot spec is not valid OpenAPI: %w", err)
	}
	return d, nil
})

// Doc returns the parsed spec. It is parsed and validated once per process (its examples by
// the tests only); callers share it and must not modify it.
func Doc() (*openapi3.T, error) { return doc() }

// RequestsJSON is the request document of YAML (openapi/requests): each action with only its
// request schema and the components it reaches, without prose. What the server needs at start,
// parsed in a fraction of the time the whole document takes.
//
//go:embed openapi.requests.json
var RequestsJSON []byte

var requests = sync.OnceValues(func() (*openapi3.T, error) { return loadRequests(RequestsJSON, "OneBot") })

// Requests returns the parsed request document: what validates and coerces the parameters of
// every action (the dispatcher) and the segments of a sent message. Parsed once per process;
// callers must not modify it. Its schemas are those of Doc, less their prose
// (TestRequestsMatchDoc).
func Requests() (*openapi3.T, error) { return requests() }

// WorldRequestsJSON is the request document of WorldYAML.
//
//go:embed world.requests.json
var WorldRequestsJSON []byte

var worldRequests = sync.OnceValues(func() (*openapi3.T, error) {
	return loadRequests(WorldRequestsJSON, "world control API")
})

// WorldRequests returns the parsed request document of the world control API (see Requests).
func WorldRequests() (*openapi3.T, error) { return worldRequests() }

func loadRequests(data []byte, what string) (*openapi3.T, error) {
	d, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("loading the embedded %s request document: %w", what, err)
	}
	if err := d.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("the embedded %s request document is not valid OpenAPI: %w", what, err)
	}
	return d, nil
}

// WorldYAML is the bundled world control API document (openapi/world/src).
//
//go:embed world.yaml
var WorldYAML []byte

var worldDoc = sync.OnceValues(func() (*openapi3.T, error) {
	d, err := openapi3.NewLoader().LoadFromData(WorldYAML)
	if err != nil {
		return nil, fmt.Errorf("loading the embedded world control API spec: %w", err)
	}
	if err := d.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil { // see doc
		return nil, fmt.Errorf("the embedded world control API spec is not valid OpenAPI: %w", err)
	}
	return d, nil
})

// WorldDoc returns the parsed world control API document, parsed and validated once per
// process like Doc; callers must not modify it.
func WorldDoc() (*openapi3.T, error) { return worldDoc() }

// DocsJSON is the docs rendition of YAML (openapi/rendition): what the Scalar page shows, with
// Chinese names in the summaries, retcode tables, code samples and the events as webhooks. YAML
// stays the source of truth.
//
//go:embed openapi.docs.json
var DocsJSON []byte

// WorldDocsJSON is the docs rendition of WorldYAML.
//
//go:embed world.docs.json
var WorldDocsJSON []byte

// Envelope is the OneBot response envelope around an action's data (see package wire, where
// it lives so that the transports using it do not depend on the embedded documents).
type Envelope[T any] = wire.Envelope[T]

// Reply is an envelope whose data type is erased: what a dispatcher hands to any transport.
type Reply = wire.Reply

// Erase turns a typed envelope into a Reply (see wire.Erase).
func Erase[T any](e Envelope[*T]) Reply { return wire.Erase(e) }
