package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/onespec/onespec/openapi/names"
)

// aliasesKey lists a parameter's other names, on its property. An action's other names are
// per family: the names key of its x-onebot-families entries.
const aliasesKey = "x-onebot-aliases"

// namesKey, in an operation's family entry, lists every name that family knows the action by.
const namesKey = "names"

// checkAliases makes every name unique. Action names go through the one name resolver
// (package names), which refuses what it could not route: a name two actions share, a name
// ending in the standard's _async or _rate_limited suffix, a name that is no action name.
// Each operation's description then says which other names it answers to and who uses them,
// so the docs show it. A parameter alias may not name a sibling property.
func checkAliases(root *yaml.Node) error {
	paths := get(root, "paths")
	if paths == nil {
		paths = &yaml.Node{Kind: yaml.MappingNode}
	}
	families := familyDisplayNames(root)
	var actions []names.Action
	for i := 0; i+1 < len(paths.Content); i += 2 {
		action := strings.TrimPrefix(paths.Content[i].Value, "/")
		op := get(paths.Content[i+1], "post")
		if get(op, aliasesKey) != nil {
			return fmt.Errorf("%s: an action's other names are per family: %s.<family>.%s, not %s", action, extFamilies, namesKey, aliasesKey)
		}
		a, err := actionNames(action, op, families)
		if err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		actions = append(actions, a)
	}
	resolver, err := names.New(actions)
	if err != nil {
		return fmt.Errorf("action names: %w", err)
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		a := actions[i/2]
		others := resolver.Names(a.Name)[1:]
		if len(others) == 0 {
			continue
		}
		if desc := get(get(paths.Content[i+1], "post"), "description"); desc != nil {
			desc.Value = strings.TrimRight(desc.Value, "\n") + "\n\n" + namesLine(a, others, families)
			desc.Style = yaml.LiteralStyle
		}
	}
	schemas := get(get(root, "components"), "schemas")
	if schemas == nil {
		return nil
	}
	for i := 0; i+1 < len(schemas.Content); i += 2 {
		if err := checkPropertyAliases(schemas.Content[i].Value, schemas.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// actionNames reads what an operation says of its names: its sources and each family's names.
// A family's list must say something the canonical name alone does not, once per name, and a
// family that does not serve the action (not among its x-onebot-sources) knows it by no name.
func actionNames(action string, op *yaml.Node, families map[string]string) (names.Action, error) {
	a := names.Action{Name: action}
	sources, err := strings_(get(op, "x-onebot-sources"))
	if err != nil {
		return a, fmt.Errorf("x-onebot-sources: %w", err)
	}
	a.Sources = sources
	fam := get(op, extFamilies)
	if fam == nil || fam.Kind != yaml.MappingNode {
		return a, nil // checkFamilies says what is wrong with a malformed one
	}
	for i := 0; i+1 < len(fam.Content); i += 2 {
		family, entry := fam.Content[i].Value, fam.Content[i+1]
		n := get(entry, namesKey)
		if n == nil {
			continue
		}
		if _, known := families[family]; !known {
			return a, fmt.Errorf("%s: unknown family %q (the root's %s has %s)", extFamilies, family, extFamilies, strings.Join(sortedKeys(families), ", "))
		}
		list, err := strings_(n)
		if err != nil || len(list) == 0 {
			return a, fmt.Errorf("%s.%s.%s must list the names %s knows the action by", extFamilies, family, namesKey, family)
		}
		if len(list) == 1 && list[0] == action {
			return a, fmt.Errorf("%s.%s.%s lists only the canonical name: leave it out", extFamilies, family, namesKey)
		}
		for j, name := range list {
			if slices.Contains(list[:j], name) {
				return a, fmt.Errorf("%s.%s.%s lists %q twice", extFamilies, family, namesKey, name)
			}
		}
		if scalar(entry, "unsupported") == "true" || !slices.Contains(sources, family) {
			return a, fmt.Errorf("%s.%s: a family that does not serve the action (unsupported, or not in x-onebot-sources) knows it by no name", extFamilies, family)
		}
		if a.Families == nil {
			a.Families = map[string][]string{}
		}
		a.Families[family] = list
	}
	return a, nil
}

// namesLine says in the docs which other names an action answers to, and which families use
// them.
func namesLine(a names.Action, others []string, families map[string]string) string {
	parts := make([]string, len(others))
	for i, n := range others {
		var users []string
		for _, f := range slices.Sorted(maps.Keys(a.Families)) {
			if slices.Contains(a.Families[f], n) {
				users = append(users, families[f])
			}
		}
		parts[i] = fmt.Sprintf("`%s` (%s)", n, strings.Join(users, ", "))
	}
	return "Also answers to 别名: " + strings.Join(parts, ", ") + ".\n"
}

// familyDisplayNames maps the root's family keys to their names (gocq: go-cqhttp).
func familyDisplayNames(root *yaml.Node) map[string]string {
	out := map[string]string{}
	fam := get(root, extFamilies)
	if fam == nil {
		return out
	}
	for i := 0; i+1 < len(fam.Content); i += 2 {
		out[fam.Content[i].Value] = scalar(fam.Content[i+1], "name")
	}
	return out
}

func checkPropertyAliases(schema string, s *yaml.Node) error {
	props := get(s, "properties")
	if props == nil {
		return nil
	}
	taken := map[string]string{}
	for i := 0; i+1 < len(props.Content); i += 2 {
		taken[props.Content[i].Value] = props.Content[i].Value
	}
	for i := 0; i+1 < len(props.Content); i += 2 {
		prop := props.Content[i].Value
		aliases, err := nameList(get(props.Content[i+1], aliasesKey))
		if err != nil {
			return fmt.Errorf("%s.%s: %s: %w", schema, prop, aliasesKey, err)
		}
		for _, alias := range aliases {
			if other, dup := taken[alias]; dup {
				return fmt.Errorf("%s.%s: alias %q is already the property or an alias of %s", schema, prop, alias, other)
			}
			taken[alias] = prop
		}
	}
	return nil
}

// nameList reads a list of non-empty strings.
func nameList(n *yaml.Node) ([]string, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("must be a list of names")
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			return nil, fmt.Errorf("must be a list of non-empty names")
		}
		out = append(out, item.Value)
	}
	return out, nil
}
