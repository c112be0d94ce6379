package wire

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func typed(t string) *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{t}}
}

func TestCoerceScalars(t *testing.T) {
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
		{"non-numeric string left for validation", typed("integer"), "abc", "abc"},
		{"fraction left for validation", typed("integer"), json.Number("1.5"), json.Number("1.5")},
		{"number from string", typed("number"), "1.5", 1.5},
		{"boolean true", typed("boolean"), "true", true},
		{"boolean 1", typed("boolean"), "1", true},
		{"boolean FALSE", typed("boolean"), "FALSE", false},
		{"boolean 0", typed("boolean"), "0", false},
		{"boolean yes", typed("boolean"), "yes", true},
		{"boolean from number 1", typed("boolean"), json.Number("1"), true},
		{"boolean garbage left", typed("boolean"), "maybe", "maybe"},
		{"string from number", typed("string"), json.Number("10002"), "10002"},
		{"string from bool", typed("string"), true, "true"},
		{"object from JSON string", typed("object"), `{"a":1}`, map[string]any{"a": json.Number("1")}},
		{"array from JSON string", typed("array"), `[1,2]`, []any{json.Number("1"), json.Number("2")}},
		{"nil schema passes through", nil, "x", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Coerce(tt.schema, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Coerce(%#v) = %#v (%T), want %#v (%T)", tt.in, got, got, tt.want, tt.want)
			}
		})
	}
}

func TestCoerceObjectDefaultsAndNesting(t *testing.T) {
	schema := typed("object")
	schema.Properties = openapi3.Schemas{
		"group_id": {Value: typed("integer")},
		"duration": {Value: &openapi3.Schema{Type: &openapi3.Types{"integer"}, Default: float64(1800)}},
		"enable":   {Value: &openapi3.Schema{Type: &openapi3.Types{"boolean"}, Default: true}},
	}
	got := Coerce(schema, map[string]any{"group_id": "20001", "enable": "0"})
	want := map[string]any{"group_id": int64(20001), "duration": float64(1800), "enable": false}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

// A message is a string, an array of segments or one segment. Strings stay strings unless they
// hold JSON segments (a message sent through a query string or a form).
func TestCoerceMessageUnion(t *testing.T) {
	text := typed("object")
	text.Properties = openapi3.Schemas{"type": {Value: typed("string")}, "data": {Value: typed("object")}}
	at := typed("object")
	atData := typed("object")
	atData.Properties = openapi3.Schemas{"qq": {Value: typed("string")}}
	at.Properties = openapi3.Schemas{"type": {Value: typed("string")}, "data": {Value: atData}}
	segment := &openapi3.Schema{
		OneOf: openapi3.SchemaRefs{{Ref: "#/text", Value: text}, {Ref: "#/at", Value: at}},
		Discriminator: &openapi3.Discriminator{PropertyName: "type", Mapping: map[string]openapi3.MappingRef{
			"text": {Ref: "#/text"}, "at": {Ref: "#/at"},
		}},
	}
	array := typed("array")
	array.Items = &openapi3.SchemaRef{Value: segment}
	message := &openapi3.Schema{OneOf: openapi3.SchemaRefs{{Value: typed("string")}, {Value: array}, {Value: segment}}}

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
			if got := Coerce(message, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// An object with anyOf constraints ("id or message_id") is still coerced property by property.
func TestCoerceObjectWithAnyOfConstraints(t *testing.T) {
	schema := typed("object")
	schema.Properties = openapi3.Schemas{"id": {Value: typed("string")}}
	schema.AnyOf = openapi3.SchemaRefs{{Value: &openapi3.Schema{Required: []string{"id"}}}}
	got := Coerce(schema, map[string]any{"id": json.Number("12")})
	if want := map[string]any{"id": "12"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}
