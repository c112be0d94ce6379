// Package openapi holds the bundled OneBot v11 spec (openapi.yaml, built from src/ by the bundle
// command) and the one Go type the spec maps to by name: the generic response envelope.
package openapi

import (
	_ "embed"
	"encoding/json"
)

// YAML is the bundled spec document.
//
//go:embed openapi.yaml
var YAML []byte

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
