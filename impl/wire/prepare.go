package wire

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Prepare coerces params (decoded JSON, or strings from a query or form) to the action's
// request schema, fills in the spec's defaults and validates the result. The returned error
// names the offending field and says what is wrong with it; it is meant for the envelope's
// message (retcode 1400).
func (a *Action) Prepare(params map[string]any) (map[string]any, error) {
	if params == nil {
		params = map[string]any{}
	}
	Coerce(a.Params, params)
	// Not VisitAsRequest: that mode only adds readOnly/writeOnly checks (the spec has none) and
	// default injection (Coerce has done it), and makes kin-openapi deep-copy the value for
	// every oneOf branch it tries, which tripled the cost of a segment array.
	if err := a.Params.VisitJSON(params, openapi3.DisableSchemaErrorDetails()); err != nil {
		return nil, fmt.Errorf("invalid parameters for %s: %s", a.Name, describe(err))
	}
	return params, nil
}

// describe turns a kin-openapi validation error into one line: the parameter's path and the
// reason, e.g. `user_id: value must be an integer`. For a union (the message parameter) it
// follows the branch that got furthest instead of reporting "must be a string".
func describe(err error) string {
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) > 0 {
		return describe(deepest(me))
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return err.Error()
	}
	path := strings.Join(se.JSONPointer(), ".")
	if se.Origin != nil {
		inner := describe(se.Origin)
		if path == "" || strings.HasPrefix(inner, path) {
			return inner
		}
		return path + ": " + inner
	}
	reason := se.Reason
	if reason == "" {
		reason = "does not match the schema's " + se.SchemaField
	}
	if (se.SchemaField == "anyOf" || se.SchemaField == "oneOf") && se.Schema != nil && se.Schema.Description != "" {
		// The schema's own description says what the alternatives are.
		reason += " (" + strings.TrimSpace(se.Schema.Description) + ")"
	}
	if path == "" {
		return reason
	}
	return path + ": " + reason
}

// deepest picks, among the errors of a union's branches, the one that matched the value's
// kind (its failure is not about the type) and reached deepest into it.
func deepest(errs openapi3.MultiError) error {
	best, bestScore := errs[0], -1
	for _, e := range errs {
		score := 0
		var se *openapi3.SchemaError
		if errors.As(e, &se) {
			score = len(se.JSONPointer()) * 2
			if se.SchemaField != "type" {
				score++
			}
			if se.Origin != nil {
				score += 2
			}
		}
		if score > bestScore {
			best, bestScore = e, score
		}
	}
	return best
}
