// Package wire turns OneBot's lenient wire format into the canonical, validated requests the
// generated handlers expect, and turns transport failures into OneBot envelopes.
//
// Real clients send parameters as JSON, as form bodies or as query strings, send numbers as
// strings, booleans as "1", bodies of null and no Content-Type at all. Everything here is driven
// by the spec's request schemas: which fields are integers or booleans, which defaults apply and
// what is valid all come from openapi/openapi.yaml, never from per-action code. The same
// Prepare step serves every transport (HTTP now, WebSocket frames later).
package wire

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Action is one operation of the spec, ready to prepare requests for.
type Action struct {
	// Name is the action name, e.g. "send_msg" (the operationId and the path without "/").
	Name string
	// Operation is the spec's operation.
	Operation *openapi3.Operation
	// Params is the request body schema (an object schema).
	Params *openapi3.Schema
}

// Index finds actions by name.
type Index struct {
	actions map[string]*Action
}

// NewIndex indexes every POST operation of doc by its action name.
func NewIndex(doc *openapi3.T) (*Index, error) {
	idx := &Index{actions: map[string]*Action{}}
	for path, item := range doc.Paths.Map() {
		op := item.Post
		if op == nil {
			continue
		}
		name := strings.TrimPrefix(path, "/")
		a := &Action{Name: name, Operation: op, Params: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}}}
		if rb := op.RequestBody; rb != nil && rb.Value != nil {
			if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
				a.Params = mt.Schema.Value
			}
		}
		if !a.Params.Type.Is(openapi3.TypeObject) {
			return nil, fmt.Errorf("action %s: request body schema must be an object", name)
		}
		idx.actions[name] = a
	}
	if len(idx.actions) == 0 {
		return nil, fmt.Errorf("the spec has no actions")
	}
	return idx, nil
}

// Lookup returns the action with the given name, or nil.
func (idx *Index) Lookup(name string) *Action {
	return idx.actions[name]
}

// Len is the number of actions.
func (idx *Index) Len() int { return len(idx.actions) }
