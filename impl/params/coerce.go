package params

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The conversions below read parameters the way OneBot implementations do:
//
//   - integer: "123" and 123.0 become int64(123);
//   - number: "1.5" becomes 1.5;
//   - boolean: "true"/"false", "1"/"0", "yes"/"no" (any case) and the numbers 1/0 become bools;
//   - string: numbers and booleans become their text (segment data such as {"qq": 10002});
//   - object/array: a string holding JSON (a query or form value) is parsed.
//
// A value that cannot be converted is returned as it is, for the walk to report it with the
// field's name.

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

func isNumber(v any) bool { return jsonKind(v) == "number" }

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
	case int:
		return int64(x)
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
