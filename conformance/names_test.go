package conformance

import (
	"context"
	"maps"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/openapi/names"
)

// withFamilyNames is the spec with more family names: for each action, extra maps a family to
// the names it knows the action by (x-onebot-families.<family>.names). The catalogue is
// copied; the shared one stays as the spec says.
func withFamilyNames(t *testing.T, extra func(o *op) map[string][]string) *catalogue {
	t.Helper()
	cat := *mustCatalogue(t)
	cat.byName = map[string]*op{}
	cat.ops = nil
	var declared []names.Action
	for _, orig := range mustCatalogue(t).ops {
		o := *orig
		o.families = maps.Clone(orig.families)
		if o.families == nil {
			o.families = map[string]opFamily{}
		}
		a := names.Action{Name: o.name, Sources: o.sources, Families: map[string][]string{}}
		for family, f := range orig.families {
			if len(f.Names) > 0 {
				a.Families[family] = f.Names
			}
		}
		for family, list := range extra(&o) {
			f := o.families[family]
			f.Names = list
			o.families[family] = f
			a.Families[family] = list
		}
		declared = append(declared, a)
		cat.ops = append(cat.ops, &o)
		cat.byName[o.name] = &o
	}
	r, err := names.New(declared)
	require.NoError(t, err)
	cat.names = r
	return &cat
}

// The suite calls an action by the name the profile's family knows: go-cqhttp's own name
// under --profile gocq, the standard's under onebot11; under onespec, every name is checked.
func TestCalledNamePerProfile(t *testing.T) {
	cat := withFamilyNames(t, func(o *op) map[string][]string {
		if o.name != gen.ActionGetLoginInfo {
			return nil
		}
		return map[string][]string{"gocq": {".get_login_info"}, "napcat": {"get_login_info", "get_self_info"}}
	})
	tests := []struct {
		profile string
		call    string
		ids     []string
	}{
		{ProfileOneBot11, "get_login_info", []string{"action/get_login_info"}},
		{"gocq", ".get_login_info", []string{"action/get_login_info"}},
		{"napcat", "get_login_info", []string{"action/get_login_info"}},
		{"lagrange", "get_login_info", []string{"action/get_login_info"}},
		{ProfileOnespec, "get_login_info", []string{"action/get_login_info", "action/.get_login_info", "action/get_self_info"}},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			s, err := newSuite(Config{BaseURL: "http://onespec.invalid"}, cat)
			require.NoError(t, err)
			s.profile, err = cat.profile(tt.profile)
			require.NoError(t, err)
			assert.Equal(t, tt.call, s.nameOf(cat.byName[gen.ActionGetLoginInfo]))
			var ids []string
			for _, c := range s.plan() {
				if c.action == gen.ActionGetLoginInfo && strings.HasPrefix(c.id, "action/") {
					ids = append(ids, c.id)
				}
			}
			assert.Equal(t, tt.ids, ids)
		})
	}
}

// A go-cqhttp that knows every action only by its own name (as LLOneBot knows
// _del_group_notice only as _delete_group_notice) draws no false deviation under
// --profile gocq: the suite calls it by those names, in the action checks, in discovery and in
// the transport checks alike. The same server under onebot11, called by the standard's names,
// does not serve them: the family's names are what made the difference.
func TestFamilyNamesDrawNoFalseDeviation(t *testing.T) {
	cat := withFamilyNames(t, func(o *op) map[string][]string {
		return map[string][]string{"gocq": {"_gocq" + strings.TrimPrefix(o.name, ".")}}
	})
	srv := newFamilyServerOn(t, gocqShape, cat)
	every := regexp.MustCompile(`^(transport|action)/`)
	runIt := func(profile string) *Report {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		// Named targets: on a target that is not onespec, mutations act only on those.
		report, err := runOn(ctx, Config{BaseURL: srv.URL, Profile: profile, Only: every, AllowMutations: true, AllowDisruptive: true, GroupID: 20001, UserID: 10002}, cat)
		require.NoError(t, err)
		return report
	}

	report := runIt("gocq")
	assert.Empty(t, failures(report), "false alarms")
	judged := 0
	for _, res := range report.Results {
		assert.NotEqualf(t, Unsupported, res.Status, "%s: %s", res.Check, res.Reason)
		if strings.HasPrefix(res.Check, "action/") && res.Status != Skip {
			judged++
			assert.Containsf(t, res.Reason, "called as _gocq", "%s: the reason says which name was called", res.Check)
		}
	}
	assert.Equal(t, len(cat.ops), judged, "every action judged, by its go-cqhttp name")

	report = runIt(ProfileOneBot11)
	res := find(t, report, actionID(gen.ActionGetLoginInfo))
	assert.Equal(t, Unsupported, res.Status, "called by the standard's name, the server does not know it: %s", res.Reason)
}
