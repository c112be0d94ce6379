package names

import (
	"strings"
	"testing"
)

// sample is a small spec's worth of names, shaped like the real cases: a standard action no
// family renames, a go-cqhttp hidden twin, a notice action whose families disagree, and a
// family that knows only its own name.
var sample = []Action{
	{Name: "get_status", Sources: []string{Standard, "gocq", "napcat"}},
	{Name: "ocr_image", Sources: []string{"gocq", "napcat", "lagrange"},
		Families: map[string][]string{"gocq": {"ocr_image", ".ocr_image"}, "lagrange": {".ocr_image", "ocr_image"}}},
	{Name: "_del_group_notice", Sources: []string{"gocq", "napcat", "llonebot"},
		Families: map[string][]string{"llonebot": {"_delete_group_notice"}}},
	{Name: "_get_group_notice", Sources: []string{"gocq", "napcat"},
		Families: map[string][]string{"napcat": {"get_group_notice", "_get_group_notice"}, "icqq": {"get_group_notice"}}},
	{Name: "send_group_sign", Sources: []string{"gocq", "napcat", "llonebot"},
		Families: map[string][]string{"napcat": {"set_group_sign", "send_group_sign"}}},
}

func mustNew(t *testing.T, actions []Action) *Resolver {
	t.Helper()
	r, err := New(actions)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Every name of every action, with and without each suffix, resolves to its action.
func TestResolveEveryName(t *testing.T) {
	r := mustNew(t, sample)
	tests := []struct {
		called, action string
		suffix         Suffix
		ok             bool
	}{
		{"get_status", "get_status", None, true},
		{"get_status_async", "get_status", Async, true},
		{"get_status_rate_limited", "get_status", RateLimited, true},
		{"ocr_image", "ocr_image", None, true},
		{".ocr_image", "ocr_image", None, true},
		{".ocr_image_async", "ocr_image", Async, true},
		{"_del_group_notice", "_del_group_notice", None, true},
		{"_delete_group_notice", "_del_group_notice", None, true},
		{"_delete_group_notice_rate_limited", "_del_group_notice", RateLimited, true},
		{"_get_group_notice", "_get_group_notice", None, true},
		{"get_group_notice", "_get_group_notice", None, true},
		{"send_group_sign", "send_group_sign", None, true},
		{"set_group_sign", "send_group_sign", None, true},
		{"get_statuss", "", None, false},
		{"_async", "", None, false},
		{"get_status_async_async", "", None, false},
		{"", "", None, false},
	}
	for _, tt := range tests {
		action, suffix, ok := r.Resolve(tt.called)
		if action != tt.action || suffix != tt.suffix || ok != tt.ok {
			t.Errorf("Resolve(%q) = %q, %q, %v; want %q, %q, %v", tt.called, action, suffix, ok, tt.action, tt.suffix, tt.ok)
		}
	}
	// And the table above covers every declared name.
	for _, a := range sample {
		for _, n := range r.Names(a.Name) {
			if got, _, _ := r.Resolve(n); got != a.Name {
				t.Errorf("Resolve(%q) = %q, want %q", n, got, a.Name)
			}
		}
	}
}

// Action × family → the name to call.
func TestCall(t *testing.T) {
	r := mustNew(t, sample)
	tests := []struct {
		action, family, want string
	}{
		// Standard actions: the standard name, whoever asks.
		{"get_status", "", "get_status"},
		{"get_status", "gocq", "get_status"},
		{"get_status", "lagrange", "get_status"},
		// A family that knows the canonical name is called by it, even when it lists a twin.
		{"ocr_image", "gocq", "ocr_image"},
		{"ocr_image", "lagrange", "ocr_image"},
		{"ocr_image", "napcat", "ocr_image"},
		{"ocr_image", "", "ocr_image"},
		// A family that does not know the canonical name: its own (first) name.
		{"_del_group_notice", "llonebot", "_delete_group_notice"},
		{"_del_group_notice", "gocq", "_del_group_notice"},
		{"_get_group_notice", "napcat", "_get_group_notice"},
		{"_get_group_notice", "icqq", "get_group_notice"},
		{"send_group_sign", "napcat", "send_group_sign"},
		// No family, non-standard action: the name most families know. gocq and napcat know
		// _get_group_notice, napcat and icqq get_group_notice: a tie keeps the canonical name.
		{"_get_group_notice", "", "_get_group_notice"},
		{"_del_group_notice", "", "_del_group_notice"},
		// A family that does not serve the action gets the general answer.
		{"_del_group_notice", "lagrange", "_del_group_notice"},
		// Unknown actions are called by what was asked.
		{"nope", "gocq", "nope"},
	}
	for _, tt := range tests {
		if got := r.Call(tt.action, tt.family); got != tt.want {
			t.Errorf("Call(%q, %q) = %q, want %q", tt.action, tt.family, got, tt.want)
		}
	}
}

// With no family, a non-standard action whose other name more families know is called by it.
func TestCallMostKnown(t *testing.T) {
	r := mustNew(t, []Action{{Name: "_x", Sources: []string{"gocq", "napcat", "llonebot"},
		Families: map[string][]string{"napcat": {"x"}, "llonebot": {"x", "_x"}, "lagrange": {"x"}}}})
	if got := r.Call("_x", ""); got != "x" {
		t.Errorf("Call(_x, \"\") = %q, want x (napcat, llonebot and lagrange know it; gocq and llonebot _x)", got)
	}
}

// A test server acting as a family answers only the names that family knows.
func TestResolveFor(t *testing.T) {
	r := mustNew(t, sample)
	tests := []struct {
		family, called, action string
		ok                     bool
	}{
		{"gocq", "get_status", "get_status", true},
		{"gocq", ".ocr_image", "ocr_image", true},
		{"napcat", ".ocr_image", "", false},
		{"napcat", "ocr_image", "ocr_image", true},
		{"llonebot", "_delete_group_notice", "_del_group_notice", true},
		{"llonebot", "_del_group_notice", "", false},
		{"gocq", "_delete_group_notice", "", false},
		{"napcat", "get_group_notice", "_get_group_notice", true},
		{"gocq", "get_group_notice", "", false},
		{"gocq", "get_status_async", "", false},
	}
	for _, tt := range tests {
		action, ok := r.ResolveFor(tt.family, tt.called)
		if action != tt.action || ok != tt.ok {
			t.Errorf("ResolveFor(%q, %q) = %q, %v; want %q, %v", tt.family, tt.called, action, ok, tt.action, tt.ok)
		}
	}
}

func TestNames(t *testing.T) {
	r := mustNew(t, sample)
	tests := map[string]string{
		"get_status":        "get_status",
		"ocr_image":         "ocr_image .ocr_image",
		"_get_group_notice": "_get_group_notice get_group_notice",
		"send_group_sign":   "send_group_sign set_group_sign",
		"nope":              "",
	}
	for action, want := range tests {
		if got := strings.Join(r.Names(action), " "); got != want {
			t.Errorf("Names(%q) = %q, want %q", action, got, want)
		}
	}
}

// The resolver refuses names it could not route.
func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name    string
		actions []Action
		wantErr string
	}{
		{"a name two actions share", []Action{{Name: "a"}, {Name: "b", Families: map[string][]string{"gocq": {"a"}}}},
			`b: gocq's names: the name "a" is already a's`},
		{"two actions' other names collide", []Action{
			{Name: "a", Families: map[string][]string{"gocq": {"c"}}},
			{Name: "b", Families: map[string][]string{"napcat": {"c"}}}},
			`the name "c" is already a's`},
		{"a suffix form", []Action{{Name: "a", Families: map[string][]string{"gocq": {"a_async"}}}},
			`ends in the standard's _async suffix`},
		{"a rate-limited form", []Action{{Name: "a", Families: map[string][]string{"gocq": {"b_rate_limited"}}}},
			`ends in the standard's _rate_limited suffix`},
		{"a path", []Action{{Name: "a", Families: map[string][]string{"gocq": {"a/b"}}}}, `is not an action name`},
		{"a space", []Action{{Name: "a", Families: map[string][]string{"gocq": {"a b"}}}}, `is not an action name`},
		{"an empty name", []Action{{Name: "a", Families: map[string][]string{"gocq": {""}}}}, `is not an action name`},
		{"two dots", []Action{{Name: "a", Families: map[string][]string{"gocq": {"..a"}}}}, `is not an action name`},
		{"a family with no name", []Action{{Name: "a", Families: map[string][]string{"gocq": {}}}}, `knows it by no name`},
		{"an action twice", []Action{{Name: "a"}, {Name: "a"}}, `action a is given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.actions)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New: %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
	// A family may list the canonical name beside its own: that is no clash.
	if _, err := New([]Action{{Name: "a", Families: map[string][]string{"gocq": {"a", ".a"}}}}); err != nil {
		t.Errorf("a family listing the canonical name: %v", err)
	}
}
