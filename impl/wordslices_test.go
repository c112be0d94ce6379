package impl_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
)

// .get_word_slices answers what a test scripted for the text (set_word_slices), else the
// deterministic segmenter's words; each name of the action does the same.
func TestGetWordSlices(t *testing.T) {
	w := seededWorld(t, nil)
	api, err := impl.New(w, nil).API(impl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	if err := w.ScriptWordSlices(context.Background(), "机器人你好", []string{"机器人", "你好"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, action, content string
		want                  []string
	}{
		{"scripted", ".get_word_slices", "机器人你好", []string{"机器人", "你好"}},
		{"scripted, icqq's name", "get_word_slices", "机器人你好", []string{"机器人", "你好"}},
		{"not scripted: segmented", ".get_word_slices", "机器人你好呀", []string{"机器", "人你", "好呀"}},
		{"nothing to split", ".get_word_slices", "，。", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := api.Dispatcher.Dispatch(context.Background(), dispatch.Call{Action: tt.action, Params: map[string]any{"content": tt.content}})
			raw, _ := json.Marshal(r.Data)
			var data struct{ Slices []string }
			if err := json.Unmarshal(raw, &data); err != nil || r.Retcode != 0 {
				t.Fatalf("%d %s %s", r.Retcode, r.Message, raw)
			}
			if !slices.Equal(data.Slices, tt.want) || data.Slices == nil {
				t.Errorf("slices %q, want %q", data.Slices, tt.want)
			}
		})
	}
}
