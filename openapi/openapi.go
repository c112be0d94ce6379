// Package openapi holds the bundled OneBot v11 spec (openapi.yaml, built from src/ by the bundle
// command), its one parsed form, and the one Go type the spec maps to by name: the generic
// response envelope.
package openapi

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
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
	if err := d.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the embedded OneBot spec is not valid OpenAPI: %w", err)
	}
	return d, nil
})

// Doc returns the parsed spec. It is parsed and validated once per process; callers share it
// and must not modify it.
func Doc() (*openapi3.T, error) { return doc() }

// WorldYAML is the bundled world control API document (openapi/world/src).
//
//go:embed world.yaml
var WorldYAML []byte

var worldDoc = sync.OnceValues(func() (*openapi3.T, error) {
	d, err := openapi3.NewLoader().LoadFromData(WorldYAML)
	if err != nil {
		return nil, fmt.Errorf("loading the embedded world control API spec: %w", err)
	}
	if err := d.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the embedded world control API spec is not valid OpenAPI: %w", err)
	}
	return d, nil
})

// WorldDoc returns the parsed world control API document, parsed and validated once per
// process like Doc; callers must not modify it.
func WorldDoc() (*openapi3.T, error) { return worldDoc() }

// Envelope is the OneBot response envelope around an action's data. Every operation's
// "<Name>Result" schema maps to Envelope[<its data type>] through x-go-type, so the generated
// code has one envelope type instead of one copy per action.
type Envelope[T any] struct {
	// Status is "ok", "async" or "failed" (the Status schema).
	Status string `json:"status"`
	// Retcode is one of the Retcode schema's codes.
	Retcode int `json:"retcode"`
	// Data is the action's data; the generated Result types instantiate T as a pointer, so an
	// unset Data (failed and async answers) encodes as null, as the spec requires.
	Data T `json:"data"`
	// Message is the error text for developers; empty on success.
	Message string `json:"message"`
	// Wording is the error text for people; empty on success.
	Wording string `json:"wording"`
	// Echo is the request's echo, returned byte for byte; absent when the request had none.
	Echo json.RawMessage `json:"echo,omitempty"`
}

// Reply is an envelope whose data type is erased: what a dispatcher hands to any transport.
type Reply = Envelope[any]

// Erase turns a typed envelope into a Reply. A nil data pointer becomes a nil Data, so that
// it encodes as null and reads as "no data" without reflection.
func Erase[T any](e Envelope[*T]) Reply {
	r := Reply{Status: e.Status, Retcode: e.Retcode, Message: e.Message, Wording: e.Wording, Echo: e.Echo}
	if e.Data != nil {
		r.Data = e.Data
	}
	return r
}
