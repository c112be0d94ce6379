// Package names is the one resolver of OneBot action names. An action has its canonical name
// (its operationId and path) and, in some implementation families, other names: go-cqhttp's
// `.ocr_image` beside `ocr_image`, LLOneBot's `_delete_group_notice` for `_del_group_notice`.
// The spec says which family knows which name (x-onebot-families.<family>.names on the
// operation); this package turns that into the two answers everyone needs:
//
//   - a called name → its action (and the standard's _async or _rate_limited suffix): the
//     reference server's dispatcher, which answers to every name;
//   - an action and a family → the name to call: the conformance suite, which must call a
//     go-cqhttp by the name go-cqhttp knows.
//
// It knows no spec format: the dispatcher feeds it the generated registry, the conformance
// suite the spec document it reads, the bundler the YAML it checks. So the rules (which names
// may exist, which one is called) live here once.
package names

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Suffix is one of the standard's action-name suffixes (api/README.md): "_async" runs the
// action in the background, "_rate_limited" queues it.
type Suffix string

const (
	// None is a call without suffix.
	None Suffix = ""
	// Async is the standard's _async suffix.
	Async Suffix = "_async"
	// RateLimited is the standard's _rate_limited suffix.
	RateLimited Suffix = "_rate_limited"
)

// Suffixes are the standard's suffixes, in the order they are tried.
var Suffixes = []Suffix{Async, RateLimited}

// Standard is the x-onebot-sources entry of the OneBot v11 standard itself: an action it
// lists is called by its canonical, standard name.
const Standard = "v11std"

// Action is what the spec says of one action's names.
type Action struct {
	// Name is the canonical name (operationId and path).
	Name string
	// Sources are the x-onebot-sources: the standard (Standard) and the families that serve it.
	Sources []string
	// Families maps a family to every name it knows the action by, the canonical one included
	// when it knows it (x-onebot-families.<family>.names). A family absent here knows only the
	// canonical name.
	Families map[string][]string
}

// valid is the form of an action name: letters, digits and underscores, with at most a leading
// dot for the hidden actions (.handle_quick_operation). No '/', space or '-': a name is a path
// segment and a WebSocket "action" alike.
var valid = regexp.MustCompile(`^\.?[A-Za-z_][A-Za-z0-9_]*$`)

// Check says why name cannot be an action's name, or nil: it must be of the valid form and
// must not end in a suffix, since "x_async" already means x called asynchronously.
func Check(name string) error {
	if !valid.MatchString(name) {
		return fmt.Errorf("%q is not an action name (letters, digits and _, an optional leading dot)", name)
	}
	for _, s := range Suffixes {
		if strings.HasSuffix(name, string(s)) {
			return fmt.Errorf("%q ends in the standard's %s suffix, which every action already takes", name, s)
		}
	}
	return nil
}

// Resolver answers which action a name calls and which name to call an action by.
type Resolver struct {
	actions map[string]*Action // canonical name -> action
	owner   map[string]string  // every name -> canonical name
	order   []string           // canonical names as given
}

// New builds a resolver. It refuses a family's name that is not an action name (Check), and a
// name that two actions share: a dispatcher could not tell them apart. Canonical names are the
// document's paths, whose form the bundler's conventions already fix (the world control API's
// are actions too).
func New(actions []Action) (*Resolver, error) {
	r := &Resolver{actions: map[string]*Action{}, owner: map[string]string{}}
	for i := range actions {
		a := actions[i]
		if _, dup := r.actions[a.Name]; dup {
			return nil, fmt.Errorf("action %s is given twice", a.Name)
		}
		r.actions[a.Name] = &a
		r.order = append(r.order, a.Name)
		r.owner[a.Name] = a.Name
	}
	for _, name := range r.order {
		a := r.actions[name]
		for _, family := range sortedKeys(a.Families) {
			if len(a.Families[family]) == 0 {
				return nil, fmt.Errorf("%s: family %s knows it by no name (leave the family out if it knows the canonical name)", name, family)
			}
			for _, n := range a.Families[family] {
				if n == name {
					continue // the family knows the canonical name too
				}
				if err := Check(n); err != nil {
					return nil, fmt.Errorf("%s: %s's names: %w", name, family, err)
				}
				if other, taken := r.owner[n]; taken && other != name {
					return nil, fmt.Errorf("%s: %s's names: the name %q is already %s's", name, family, n, other)
				}
				r.owner[n] = name
			}
		}
	}
	return r, nil
}

// Resolve finds the action a called name means: the canonical name of the action and the
// suffix it was called with; ok is false for an unknown name. An exact name wins over a
// suffix reading (Check keeps names from ending in one, so the two never compete).
func (r *Resolver) Resolve(called string) (action string, suffix Suffix, ok bool) {
	if a, ok := r.owner[called]; ok {
		return a, None, true
	}
	for _, s := range Suffixes {
		if base, cut := strings.CutSuffix(called, string(s)); cut && base != "" {
			if a, ok := r.owner[base]; ok {
				return a, s, true
			}
		}
	}
	return "", None, false
}

// ResolveFor finds the action a called name means to one family: only the names that family
// knows (no suffix). Test servers that act as a family answer through it.
func (r *Resolver) ResolveFor(family, called string) (action string, ok bool) {
	a, ok := r.owner[called]
	if !ok || !slices.Contains(r.known(r.actions[a], family), called) {
		return "", false
	}
	return a, true
}

// Names lists every name of an action, the canonical one first, then the others in the order
// of their families' keys; nil for an unknown action.
func (r *Resolver) Names(action string) []string {
	a := r.actions[action]
	if a == nil {
		return nil
	}
	out := []string{a.Name}
	for _, family := range sortedKeys(a.Families) {
		for _, n := range a.Families[family] {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// Call is the name to call an action by for a family; family "" means no family in
// particular (the standard's view). A family that knows the canonical name is called by it;
// one that does not, by the first name it lists. With no family, or for a family that does not
// serve the action at all, a standard action is called by its canonical name and any other by
// the name the most families know (the canonical one on a tie). Call returns action itself
// when the action is unknown.
func (r *Resolver) Call(action, family string) string {
	a := r.actions[action]
	if a == nil {
		return action
	}
	if family != "" && r.serves(a, family) {
		known := r.known(a, family)
		if slices.Contains(known, a.Name) {
			return a.Name
		}
		return known[0]
	}
	if slices.Contains(a.Sources, Standard) {
		return a.Name
	}
	best, most := a.Name, r.knownBy(a, a.Name)
	for _, n := range r.Names(action)[1:] {
		if c := r.knownBy(a, n); c > most {
			best, most = n, c
		}
	}
	return best
}

// known lists the names family knows a by.
func (r *Resolver) known(a *Action, family string) []string {
	if names, ok := a.Families[family]; ok {
		return names
	}
	return []string{a.Name}
}

// serves reports whether the family is documented to serve a: it is a source of it, or it
// declares its own names for it.
func (r *Resolver) serves(a *Action, family string) bool {
	_, named := a.Families[family]
	return named || slices.Contains(a.Sources, family)
}

// knownBy counts the families that know a by name.
func (r *Resolver) knownBy(a *Action, name string) int {
	n := 0
	families := slices.Clone(a.Sources)
	for f := range a.Families {
		if !slices.Contains(families, f) {
			families = append(families, f)
		}
	}
	for _, f := range families {
		if f != Standard && slices.Contains(r.known(a, f), name) {
			n++
		}
	}
	return n
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
