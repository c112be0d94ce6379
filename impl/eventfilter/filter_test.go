package eventfilter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	groupMsg   = `{"post_type":"message","message_type":"group","group_id":20001,"user_id":10002,"raw_message":"!!ping 通知","anonymous":null,"sender":{"sex":"male"},"message":[{"type":"text","data":{"text":"!!ping"}}]}`
	privateMsg = `{"post_type":"message","message_type":"private","user_id":44444,"raw_message":"hi","sender":{"sex":"female"},"message":[{"type":"face","data":{"id":"14"}}]}`
	notice     = `{"post_type":"notice","notice_type":"group_increase","group_id":11111,"user_id":10005}`
)

// The examples of go-cqhttp's docs/EventFilter.md, and each operator on its own.
func TestFilter(t *testing.T) {
	tests := []struct {
		name, rules string
		pass        map[string]bool // event -> delivered
	}{
		{"drop everything", `{".not": {}}`, map[string]bool{groupMsg: false, privateMsg: false, notice: false}},
		{"empty passes everything", `{}`, map[string]bool{groupMsg: true, privateMsg: true, notice: true}},
		{"regex on raw_message", `{"raw_message": {".regex": "^!!"}}`, map[string]bool{groupMsg: true, privateMsg: false, notice: false}},
		{"group, not anonymous", `{"message_type": "group", "anonymous": {".eq": null}}`, map[string]bool{groupMsg: true, privateMsg: false, notice: false}},
		{"or of objects", `{".or": [{"message_type": "private"}, {"message_type": "group", "group_id": {".in": [123456]}}]}`, map[string]bool{groupMsg: false, privateMsg: true, notice: false}},
		{"in a list, neq", `{".or": [{"group_id": {".in": [11111, 20001]}, "user_id": {".neq": 10005}}, {"user_id": 66666}]}`, map[string]bool{groupMsg: true, privateMsg: false, notice: false}},
		{"nested not and neq", `{"message_type": "private", "user_id": {".not": {".in": [11111]}, ".neq": 44444}}`, map[string]bool{groupMsg: false, privateMsg: false, notice: false}},
		// A missing value is "", which every string contains: go-cqhttp's notices pass too.
		{"in a string", `{"message_type": {".in": "group|discuss"}}`, map[string]bool{groupMsg: true, privateMsg: false, notice: true}},
		{"contains", `{"raw_message": {".contains": "通知"}}`, map[string]bool{groupMsg: true, privateMsg: false, notice: false}},
		{"dotted path", `{"sender.sex": "female"}`, map[string]bool{groupMsg: false, privateMsg: true, notice: false}},
		{"nested object path", `{"sender": {"sex": "male"}}`, map[string]bool{groupMsg: true, privateMsg: false, notice: false}},
		{"array index", `{"message.0.type": "text"}`, map[string]bool{groupMsg: true, privateMsg: false, notice: false}},
		{"explicit and", `{".and": {"post_type": "notice", "group_id": 11111}}`, map[string]bool{groupMsg: false, privateMsg: false, notice: true}},
		{"missing field is empty", `{"group_id": {".eq": ""}}`, map[string]bool{groupMsg: false, privateMsg: true, notice: false}},
		{"number compared as text", `{"group_id": "20001"}`, map[string]bool{groupMsg: true, privateMsg: false, notice: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.rules))
			if err != nil {
				t.Fatal(err)
			}
			for ev, want := range tt.pass {
				if got := f.Allows([]byte(ev)); got != want {
					t.Errorf("Allows(%.60s...) = %v, want %v", ev, got, want)
				}
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct{ rules, says string }{
		{`[]`, "$.and: the argument must be an object, not an array"},
		{`{".or": {}}`, "$.and.or: the argument must be an array of objects"},
		{`{".or": [1]}`, "$.and.or[0]: each item must be an object, not a number"},
		{`{"a": {".nope": 1}}`, "$.and.a.nope: no such operator"},
		{`{"a": {".regex": "("}}`, "$.and.a.regex: error parsing regexp"},
		{`{"a": {".in": {}}}`, "the argument must be a string or an array"},
		{`{"a": {".contains": [1]}}`, "the argument must be a string, not an array"},
		{`{"a": 1} {}`, "text after the rules object"},
		{`{"a": `, "the filter is not JSON"},
		{`{"": 1}`, "an empty key names no field"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.rules))
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("Parse(%s) = %v, want an error saying %q", tt.rules, err, tt.says)
		}
	}
}

func TestSetPerBotAndReload(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "filter.json")
	write := func(path, rules string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(rules), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(file, `{}`)
	s, err := NewSet(file)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Allows(1, []byte(notice)) {
		t.Fatal("an empty filter withheld an event")
	}
	write(file, `{"post_type": "message"}`)
	if !s.Allows(1, []byte(notice)) {
		t.Fatal("the file was read again before a reload")
	}
	if err := s.Reload(1); err != nil {
		t.Fatal(err)
	}
	if s.Allows(1, []byte(notice)) || !s.Allows(1, []byte(groupMsg)) {
		t.Error("bot 1's reloaded filter is not applied")
	}
	if !s.Allows(2, []byte(notice)) {
		t.Error("bot 2 got bot 1's reload")
	}
	other := filepath.Join(dir, "other.json")
	write(other, `{"post_type": {".neq": "message"}}`)
	if err := s.Use(2, other); err != nil {
		t.Fatal(err)
	}
	if s.Allows(2, []byte(groupMsg)) || s.File(2) != other {
		t.Error("bot 2's own file is not applied")
	}
	write(other, `{"a":`)
	if err := s.Reload(2); err == nil {
		t.Error("a broken file was reloaded without error")
	}
	if s.Allows(2, []byte(groupMsg)) {
		t.Error("a failed reload dropped the filter in use")
	}
	if err := s.Use(2, ""); err != nil || !s.Allows(2, []byte(groupMsg)) {
		t.Errorf("removing bot 2's filter: %v", err)
	}
	if _, err := NewSet(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file was accepted at start")
	}
	shadow := filepath.Join(dir, "shadow")
	write(shadow, `{}`)
	if err := s.Use(1, shadow); err == nil || !strings.Contains(err.Error(), "not a .json file") {
		t.Errorf("a file not named .json: %v", err)
	}
	write(filepath.Join(dir, "pass.json"), `{}`)
	if err := s.Use(1, filepath.Join(dir, "..", filepath.Base(dir), "pass.json")); err != nil {
		t.Errorf("a .json path through ..: %v", err)
	}
	big := filepath.Join(dir, "big.json")
	write(big, `{"a":"`+strings.Repeat("x", MaxFileBytes)+`"}`)
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("an oversized file: %v", err)
	}
}
