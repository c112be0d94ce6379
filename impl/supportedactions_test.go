package impl_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/openapi"
)

// get_supported_actions lists every name of every action, the families' names included, once
// each and sorted; prefix keeps those that start with it.
func TestGetSupportedActions(t *testing.T) {
	api, err := impl.New(seededWorld(t, nil), nil).API(impl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Shutdown(context.Background())
	resolver, err := openapi.Names(gen.Actions)
	if err != nil {
		t.Fatal(err)
	}
	var every []string
	for _, a := range gen.Actions {
		every = append(every, resolver.Names(a.Name)...)
	}
	slices.Sort(every)
	tests := []struct {
		name   string
		params map[string]any
		want   func(string) bool
	}{
		{"every name", nil, func(string) bool { return true }},
		{"hidden names", map[string]any{"prefix": "."}, func(n string) bool { return strings.HasPrefix(n, ".") }},
		{"no match", map[string]any{"prefix": "no_such_"}, func(string) bool { return false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := api.Dispatcher.Dispatch(context.Background(), dispatch.Call{Action: "get_supported_actions", Params: tt.params})
			raw, _ := json.Marshal(r.Data)
			var got []string
			if err := json.Unmarshal(raw, &got); err != nil || r.Retcode != 0 {
				t.Fatalf("%d %s %s", r.Retcode, r.Message, raw)
			}
			want := []string{}
			for _, n := range every {
				if tt.want(n) {
					want = append(want, n)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %q,\nwant %q", got, want)
			}
		})
	}
}
