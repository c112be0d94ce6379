package wire

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Coerce converts a decoded JSON value (nil, bool, string, json.Number or float64, []any,
// map[string]any) towards what schema says, the way OneBot implementations read parameters:
//
//   - integer: "123" and 123.0 become int64(123);
//   - number: "1.5" becomes 1.5;
//   - boolean: "true"/"false", "1"/"0", "yes"/"no" (any case) and the numbers 1/0 become bools;
//   - string: numbers and booleans become their text (segment data such as {"qq": 10002});
//   - object/array: a string holding JSON (a query or form value) is parsed;
//   - an object's missing properties get the schema's default.
//
// A value that cannot be converted is left as it is, so that validation reports it with the
// field's name. Maps are modified in place.
func Coerce(schema *openapi3.Schema, v any) any {
	if schema == nil {
		return v
	}
	// A union picks a branch to coerce by. An object schema that also lists anyOf/oneOf (e.g.
	// "id or message_id is required") is not a union: its branches only constrain.
	if schema.Type == nil && len(schema.Properties) == 0 {
		if len(schema.OneOf) > 0 {
			return coerceUnion(schema, schema.OneOf, v)
		}
		if len(schema.AnyOf) > 0 {
			return coerceUnion(schema, schema.AnyOf, v)
		}
	}
	for _, sub := range schema.AllOf {
		if sub.Value != nil {
			v = Coerce(sub.Value, v)
		}
	}
	t := schema.Type
	switch {
	case t == nil:
		return v
	case t.Is(openapi3.TypeInteger):
		return toInteger(v)
	case t.Is(openapi3.TypeNumber):
		return toNumber(v)
	case t.Is(openapi3.TypeBoolean):
		return toBoolean(v)
	case t.Is(openapi3.TypeString):
		return toString(v)
	case t.Is(openapi3.TypeObject):
		return coerceObject(schema, parseJSONString(v, '{'))
	case t.Is(openapi3.TypeArray):
		return coerceArray(schema, parseJSONString(v, '['))
	}
	return v
}

func coerceObject(schema *openapi3.Schema, v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for name, prop := range schema.Properties {
		if prop == nil || prop.Value == nil {
			continue
		}
		if val, present := m[name]; present {
			m[name] = Coerce(prop.Value, val)
		} else if prop.Value.Default != nil {
			m[name] = prop.Value.Default
		}
	}
	if ap := schema.AdditionalProperties.Schema; ap != nil && ap.Value != nil {
		for name, val := range m {
			if _, declared := schema.Properties[name]; !declared {
				m[name] = Coerce(ap.Value, val)
			}
		}
	}
	return m
}

func coerceArray(schema *openapi3.Schema, v any) any {
	items, ok := v.([]any)
	if !ok || schema.Items == nil || schema.Items.Value == nil {
		return v
	}
	for i, item := range items {
		items[i] = Coerce(schema.Items.Value, item)
	}
	return items
}

// coerceUnion picks the branch a value belongs to: by the discriminator when the schema has one
// (message segments, by "type"), otherwise the first branch whose JSON kind fits the value.
// A string is parsed as JSON only when it holds segments, so that a CQ-code string such as
// "[CQ:face,id=14]" stays a string.
func coerceUnion(schema *openapi3.Schema, branches openapi3.SchemaRefs, v any) any {
	if s, ok := v.(string); ok && !unionAccepts(branches, openapi3.TypeString) {
		v = parseJSONString(s, '{', '[')
	} else if ok && looksLikeSegments(s) {
		v = parseJSONString(s, '{', '[')
	}
	if d := schema.Discriminator; d != nil {
		if m, ok := v.(map[string]any); ok {
			if tag, ok := m[d.PropertyName].(string); ok {
				if ref, ok := d.Mapping[tag]; ok {
					for _, b := range branches {
						if b.Ref == ref.Ref && b.Value != nil {
							return Coerce(b.Value, v)
						}
					}
				}
			}
		}
		return v
	}
	kind := jsonKind(v)
	for _, b := range branches {
		if b.Value == nil {
			continue
		}
		if branchKind(b.Value) == kind {
			return Coerce(b.Value, v)
		}
	}
	return v
}

func unionAccepts(branches openapi3.SchemaRefs, typ string) bool {
	for _, b := range branches {
		if b.Value != nil && b.Value.Type.Is(typ) {
			return true
		}
	}
	return false
}

// looksLikeSegments reports whether a string is a JSON segment object or array of them, as a
// message sent through a query string or form body is.
func looksLikeSegments(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return false
	}
	var probe any
	if json.Unmarshal([]byte(s), &probe) != nil {
		return false
	}
	isSegment := func(x any) bool {
		m, ok := x.(map[string]any)
		_, typed := m["type"]
		return ok && typed
	}
	switch p := probe.(type) {
	case map[string]any:
		return isSegment(p)
	case []any:
		for _, x := range p {
			if !isSegment(x) {
				return false
			}
		}
		return true
	}
	return false
}

// branchKind is the JSON kind a union branch accepts ("object" for a $ref'd segment schema
// whose own type is object or which is itself a union of objects).
func branchKind(s *openapi3.Schema) string {
	switch {
	case s.Type.Is(openapi3.TypeString):
		return "string"
	case s.Type.Is(openapi3.TypeArray):
		return "array"
	case s.Type.Is(openapi3.TypeBoolean):
		return "boolean"
	case s.Type.Is(openapi3.TypeInteger), s.Type.Is(openapi3.TypeNumber):
		return "number"
	}
	return "object"
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case []any:
		return "array"
	case bool:
		return "boolean"
	case json.Number, float64, int64, int:
		return "number"
	case nil:
		return "null"
	}
	return "object"
}

func parseJSONString(v any, starts ...byte) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return v
	}
	for _, c := range starts {
		if trimmed[0] == c {
			var parsed any
			dec := json.NewDecoder(strings.NewReader(trimmed))
			dec.UseNumber()
			if dec.Decode(&parsed) == nil && !dec.More() {
				return parsed
			}
		}
	}
	return v
}

func toInteger(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return int64(f)
		}
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return int64(x)
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return i
		}
	}
	return v
}

func toNumber(v any) any {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return f
		}
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return f
		}
	}
	return v
}

func toBoolean(v any) any {
	switch x := v.(type) {
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "1", "yes":
			return true
		case "false", "0", "no":
			return false
		}
	case json.Number:
		switch x.String() {
		case "1":
			return true
		case "0":
			return false
		}
	case float64:
		switch x {
		case 1:
			return true
		case 0:
			return false
		}
	}
	return v
}

func toString(v any) any {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return v
}
