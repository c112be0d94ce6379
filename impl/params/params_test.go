package params

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func typed(t string) *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{t}}
}

func object(props map[string]*openapi3.Schema, required ...string) *openapi3.Schema {
	s := typed("object")
	s.Properties = openapi3.Schemas{}
	for name, p := range props {
		s.Properties[name] = &openapi3.SchemaRef{Value: p}
	}
	s.Required = required
	return s
}

func TestCoerceScalars(t *testing.T) {
	int32Schema := typed("integer")
	int32Schema.Format = "int32"
	tests := []struct {
		name   string
		schema *openapi3.Schema
		in     any
		want   any
	}{
		{"integer from string", typed("integer"), "20001", int64(20001)},
		{"integer from padded string", typed("integer"), " 42 ", int64(42)},
		{"integer from json.Number", typed("integer"), json.Number("10001"), int64(10001)},
		{"integer from integral float", typed("integer"), 3.0, int64(3)},
		{"big QQ number keeps precision", typed("integer"), json.Number("9007199254740993"), int64(9007199254740993)},
		{"int32 at its bound", int32Schema, json.Number("2147483647"), int64(2147483647)},
		{"number from string", typed("number"), "1.5", 1.5},
		{"boolean true", typed("boolean"), "true", true},
		{"boolean 1", typed("boolean"), "1", true},
		{"boolean FALSE", typed("boolean"), "FALSE", false},
		{"boolean 0", typed("boolean"), "0", false},
		{"boolean yes", typed("boolean"), "yes", true},
		{"boolean from number 1", typed("boolean"), json.Number("1"), true},
		{"string from number", typed("string"), json.Number("10002"), "10002"},
		{"string from bool", typed("string"), true, "true"},
		{"object from JSON string", typed("object"), `{"a":1}`, map[string]any{"a": json.Number("1")}},
		{"array from JSON string", typed("array"), `[1,2]`, []any{json.Number("1"), json.Number("2")}},
		{"nil schema passes anything", nil, "x", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Compile(tt.schema).Value(tt.in)
			if err != nil {
				t.Fatalf("Value(%#v): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Value(%#v) = %#v (%T), want %#v (%T)", tt.in, got, got, tt.want, tt.want)
			}
		})
	}
}

// Values that cannot be read as the schema says are refused with the field's path and what was
// sent, in words a bot developer reads.
func TestInvalidValues(t *testing.T) {
	int32Schema := typed("integer")
	int32Schema.Format = "int32"
	enum := typed("string")
	enum.Enum = []any{"talkative", "performer"}
	closed := object(map[string]*openapi3.Schema{"a": typed("string")})
	closed.AdditionalProperties = openapi3.AdditionalProperties{Has: openapi3.Ptr(false)}
	short := typed("string")
	short.MaxLength = openapi3.Ptr(uint64(2))
	few := typed("array")
	few.Items = typed("integer").NewRef()
	few.MinItems, few.MaxItems = 1, openapi3.Ptr(uint64(2))
	params := object(map[string]*openapi3.Schema{
		"card":       short,
		"ids":        few,
		"group_id":   typed("integer"),
		"message_id": int32Schema,
		"enable":     typed("boolean"),
		"type":       enum,
		"inner":      closed,
	}, "group_id")
	tests := []struct {
		name string
		in   map[string]any
		want string
	}{
		{"missing required", map[string]any{}, `property "group_id" is missing`},
		{"not a number", map[string]any{"group_id": "abc"}, `group_id: must be an integer, got the string "abc"`},
		{"2^63 is out of range", map[string]any{"group_id": json.Number("9223372036854775808")}, "group_id: must be an integer between"},
		{"-2^63-1 is out of range", map[string]any{"group_id": json.Number("-9223372036854775809")}, "group_id: must be an integer between"},
		{"fraction", map[string]any{"group_id": json.Number("1.5")}, "group_id: must be an integer between"},
		{"int32 overflow", map[string]any{"group_id": int64(1), "message_id": json.Number("2147483648")}, "message_id: must be a 32-bit integer"},
		{"boolean garbage", map[string]any{"group_id": int64(1), "enable": "maybe"}, `enable: must be a boolean`},
		{"enum", map[string]any{"group_id": int64(1), "type": "all"}, "type: value is not one of the allowed values"},
		{"closed object", map[string]any{"group_id": int64(1), "inner": map[string]any{"b": "x"}}, `inner: property "b" is not allowed`},
		{"null for a required integer", map[string]any{"group_id": nil}, "group_id: must be an integer, got null"},
		{"too long", map[string]any{"group_id": int64(1), "card": "字字字"}, "card: maximum string length is 2"},
		{"too many items", map[string]any{"group_id": int64(1), "ids": []any{int64(1), int64(2), int64(3)}}, "ids: 3 items, more than the maximum of 2"},
		{"too few items", map[string]any{"group_id": int64(1), "ids": []any{}}, "ids: 0 items, fewer than the minimum of 1"},
	}
	s := Compile(params)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Prepare(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Prepare(%v) = %v, want an error containing %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestDefaultsAndAliases(t *testing.T) {
	duration := typed("integer")
	duration.Default = float64(1800)
	enable := typed("boolean")
	enable.Default = true
	id := typed("string")
	id.Extensions = map[string]any{AliasesExtension: []any{"message_id"}}
	s := Compile(object(map[string]*openapi3.Schema{
		"group_id": typed("integer"), "duration": duration, "enable": enable, "id": id,
	}, "id"))
	tests := []struct {
		name string
		in   map[string]any
		want map[string]any
	}{
		{"defaults fill what is absent", map[string]any{"group_id": "20001", "enable": "0", "id": "F"},
			map[string]any{"group_id": int64(20001), "duration": float64(1800), "enable": false, "id": "F"}},
		{"an alias folds into its canonical name", map[string]any{"message_id": json.Number("12")},
			map[string]any{"id": "12", "duration": float64(1800), "enable": true}},
		{"the canonical name wins over its alias", map[string]any{"id": "A", "message_id": "B"},
			map[string]any{"id": "A", "duration": float64(1800), "enable": true}},
		{"null for an optional parameter means not given", map[string]any{"id": "A", "duration": nil, "enable": nil},
			map[string]any{"id": "A", "duration": float64(1800), "enable": true}},
		{"an alias stands in for a null canonical name", map[string]any{"id": nil, "message_id": "B"},
			map[string]any{"id": "B", "duration": float64(1800), "enable": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Prepare(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// messageSchema is the shape of the spec's Message: a CQ string, an array of segments or one
// segment, segments told apart by their type.
func messageSchema() *openapi3.Schema {
	text := object(map[string]*openapi3.Schema{"type": typed("string"), "data": object(map[string]*openapi3.Schema{"text": typed("string")}, "text")}, "type", "data")
	at := object(map[string]*openapi3.Schema{"type": typed("string"), "data": object(map[string]*openapi3.Schema{"qq": typed("string")}, "qq")}, "type", "data")
	segment := &openapi3.Schema{
		OneOf: openapi3.SchemaRefs{{Ref: "#/text", Value: text}, {Ref: "#/at", Value: at}},
		Discriminator: &openapi3.Discriminator{PropertyName: "type", Mapping: map[string]openapi3.MappingRef{
			"text": {Ref: "#/text"}, "at": {Ref: "#/at"},
		}},
	}
	array := typed("array")
	array.Items = &openapi3.SchemaRef{Value: segment}
	return &openapi3.Schema{OneOf: openapi3.SchemaRefs{{Value: typed("string")}, {Value: array}, {Value: segment}}}
}

// A message is a string, an array of segments or one segment. Strings stay strings unless they
// hold JSON segments (a message sent through a query string or a form).
func TestMessageUnion(t *testing.T) {
	s := Compile(messageSchema())
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"cq string stays", "[CQ:face,id=14]", "[CQ:face,id=14]"},
		{"text that looks like JSON but is not segments stays", "[1,2]", "[1,2]"},
		{"segments in a string are parsed", `[{"type":"at","data":{"qq":10002}}]`,
			[]any{map[string]any{"type": "at", "data": map[string]any{"qq": "10002"}}}},
		{"segment data numbers become strings", []any{map[string]any{"type": "at", "data": map[string]any{"qq": json.Number("10002")}}},
			[]any{map[string]any{"type": "at", "data": map[string]any{"qq": "10002"}}}},
		{"single segment object", map[string]any{"type": "at", "data": map[string]any{"qq": json.Number("1")}},
			map[string]any{"type": "at", "data": map[string]any{"qq": "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Value(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
	bad := []struct {
		name string
		in   any
		want string
	}{
		{"segment without its required data", []any{map[string]any{"type": "text", "data": map[string]any{}}, map[string]any{"type": "at", "data": map[string]any{}}},
			`0.data: property "text" is missing`},
		{"the second segment's fault is named by its index", []any{map[string]any{"type": "text", "data": map[string]any{"text": "hi"}}, map[string]any{"type": "at", "data": map[string]any{}}},
			`1.data: property "qq" is missing`},
		{"unknown segment type", []any{map[string]any{"type": "nope", "data": map[string]any{}}}, `0.type: unknown value "nope" (one of: at, text)`},
		{"segment without a type", map[string]any{"data": map[string]any{}}, `property "type" is missing`},
		{"a number is no message", json.Number("1"), "must be a string, an array or an object, got the number 1"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Value(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// An object with anyOf constraints ("group_id or user_id") is coerced property by property and
// the constraint checked on the result.
func TestObjectWithAnyOfConstraints(t *testing.T) {
	schema := object(map[string]*openapi3.Schema{"id": typed("string"), "other": typed("string")})
	schema.Description = "id or other is required"
	schema.AnyOf = openapi3.SchemaRefs{{Value: &openapi3.Schema{Required: []string{"id"}}}, {Value: &openapi3.Schema{Required: []string{"other"}}}}
	s := Compile(schema)
	got, err := s.Prepare(map[string]any{"id": json.Number("12")})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"id": "12"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
	if _, err := s.Prepare(map[string]any{}); err == nil || !strings.Contains(err.Error(), "id or other is required") {
		t.Errorf("empty parameters: %v, want the constraint's description", err)
	}
}
