package eventfilter

import "testing"

// A filter file is read from wherever a call names (reload_event_filter, set_config): any
// bytes either parse into a filter that judges any event without panicking, or are refused.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{".not": {}}`), []byte(groupMsg))
	f.Add([]byte(`{".or": [{"message_type": "private"}, {"group_id": {".in": [1, 2]}}]}`), []byte(privateMsg))
	f.Add([]byte(`{"message.0.type": {".regex": "^te"}, "sender": {"sex": {".neq": null}}}`), []byte(notice))
	f.Add([]byte(`{"a": {".contains": 1}}`), []byte(`[]`))
	f.Fuzz(func(t *testing.T, rules, event []byte) {
		flt, err := Parse(rules)
		if err != nil {
			return
		}
		flt.Allows(event)
	})
}
