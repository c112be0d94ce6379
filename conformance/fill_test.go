package conformance

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
)

// fill puts discovered ids where the spec marks an id parameter with x-onebot-ref, and nowhere
// else. Expectations are by ref kind, so that they follow the spec's parameter names.
func TestFill(t *testing.T) {
	cat := mustCatalogue(t)
	found := targets{group: 777, member: 888, user: 999}
	tests := []struct {
		name   string
		action string
		t      targets
		want   map[string]int64 // by x-onebot-ref kind: each must be filled somewhere at the top level
		notes  int
	}{
		{name: "group and member", action: gen.ActionSetGroupCard, t: found,
			want: map[string]int64{refGroup: 777, refMember: 888}},
		{name: "user", action: gen.ActionSendPrivateMsg, t: found,
			want: map[string]int64{refUser: 999}},
		{name: "message ids keep the example", action: gen.ActionGetMsg, t: found},
		{name: "nothing found keeps the example and says so", action: gen.ActionGetGroupInfo, t: targets{}, notes: 1},
		{name: "no parameters", action: gen.ActionGetLoginInfo, t: found},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := cat.byName[tt.action]
			require.NotNil(t, o)
			got, notes := fill(o.params, o.example, tt.t)
			assert.Len(t, notes, tt.notes)
			gotMap, ok := got.(map[string]any)
			require.True(t, ok)
			example := o.example.(map[string]any)
			require.Len(t, gotMap, len(example), "fill neither adds nor drops parameters")
			filled := map[string]bool{}
			for k, v := range example {
				kind := refOf(property(o.params, k))
				if want, ok := tt.want[kind]; ok {
					assert.Equal(t, want, gotMap[k], k)
					filled[kind] = true
				} else {
					assert.Equal(t, v, gotMap[k], k)
				}
			}
			assert.Len(t, filled, len(tt.want), "every expected ref kind was filled")
		})
	}

	t.Run("nested refs are filled and the spec's example is left alone", func(t *testing.T) {
		o := cat.byName[gen.ActionHandleQuickOperation]
		require.NotNil(t, o)
		before := deepCopy(o.example)
		got, _ := fill(o.params, o.example, found)
		assert.Equal(t, before, o.example)
		// Some value below the top level carries a user ref and now holds the user target.
		var users []any
		var walk func(s *openapi3.Schema, v any)
		walk = func(s *openapi3.Schema, v any) {
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			for k, e := range m {
				p := property(s, k)
				if refOf(p) == refUser {
					users = append(users, e)
				}
				walk(p, e)
			}
		}
		for k, v := range got.(map[string]any) {
			walk(property(o.params, k), v)
		}
		require.NotEmpty(t, users, "the example has a nested user ref")
		for _, u := range users {
			assert.Equal(t, int64(999), u)
		}
	})
}
