package openapi_test

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The segment rules the standard states in prose are in the schemas, for both directions: what
// a bot may send (Message) and what it may receive (ReceivedMessage, which also takes segment
// types outside the standard).
func TestSegmentRules(t *testing.T) {
	doc := load(t)
	schema := func(name string) *openapi3.Schema {
		ref := doc.Components.Schemas[name]
		if ref == nil {
			t.Fatalf("no schema %s", name)
		}
		return ref.Value
	}
	tests := []struct {
		name, schema, value string
		valid               bool
	}{
		{"node forwarding a message by id", "Message", `[{"type":"node","data":{"id":"1001"}}]`, true},
		{"custom node", "Message", `[{"type":"node","data":{"user_id":"10002","nickname":"小明","content":"hi"}}]`, true},
		{"node with nothing", "Message", `[{"type":"node","data":{}}]`, false},
		{"custom node without content", "Message", `[{"type":"node","data":{"user_id":"10002","nickname":"小明"}}]`, false},
		{"platform music by id", "Message", `[{"type":"music","data":{"type":"163","id":"28949129"}}]`, true},
		{"platform music without id", "Message", `[{"type":"music","data":{"type":"qq"}}]`, false},
		{"custom music", "Message", `[{"type":"music","data":{"type":"custom","url":"u","audio":"a","title":"t"}}]`, true},
		{"custom music without url", "Message", `[{"type":"music","data":{"type":"custom","audio":"a","title":"t"}}]`, false},
		{"unknown type sent", "Message", `[{"type":"mface","data":{"emoji_id":"1"}}]`, false},
		{"unknown type received", "ReceivedMessage", `[{"type":"text","data":{"text":"hi"}},{"type":"mface","data":{"emoji_id":"1"}}]`, true},
		{"unknown type received without object data", "ReceivedMessage", `[{"type":"markdown","data":"# hi"}]`, false},
		{"known type received must still be valid", "ReceivedMessage", `[{"type":"at","data":{}}]`, false},
		{"received CQ string", "ReceivedMessage", `"你好[CQ:face,id=14]"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(tt.value), &v); err != nil {
				t.Fatal(err)
			}
			err := schema(tt.schema).VisitJSON(v)
			if (err == nil) != tt.valid {
				t.Errorf("%s %s: valid = %v, want %v (%v)", tt.schema, tt.value, err == nil, tt.valid, err)
			}
		})
	}
	for _, seg := range []string{"ShakeSegment", "MusicSegment", "NodeSegment", "ForwardSegment", "TextSegment", "UnknownSegment"} {
		if d, _ := schema(seg).Extensions["x-onebot-direction"].(string); d == "" {
			t.Errorf("%s has no x-onebot-direction", seg)
		}
	}
}
