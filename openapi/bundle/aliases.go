package main

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// aliasesKey lists other names: of an action on its operation, of a parameter on its property.
const aliasesKey = "x-onebot-aliases"

// checkAliases makes every name unique: an action alias may not be another action's name or
// alias (a dispatcher could not tell them apart), nor end in the standard's _async or
// _rate_limited suffix; a parameter alias may not name a sibling property. It also says, in
// each aliased operation's description, which other names it answers to, so the docs show it.
func checkAliases(root *yaml.Node) error {
	paths := get(root, "paths")
	owner := map[string]string{} // name -> the action that has it
	for i := 0; i+1 < len(paths.Content); i += 2 {
		owner[strings.TrimPrefix(paths.Content[i].Value, "/")] = strings.TrimPrefix(paths.Content[i].Value, "/")
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		action := strings.TrimPrefix(paths.Content[i].Value, "/")
		op := get(paths.Content[i+1], "post")
		aliases, err := names(get(op, aliasesKey))
		if err != nil {
			return fmt.Errorf("%s: %s: %w", action, aliasesKey, err)
		}
		for _, alias := range aliases {
			if other, taken := owner[alias]; taken {
				return fmt.Errorf("%s: alias %q is already the name or an alias of %s", action, alias, other)
			}
			if strings.HasSuffix(alias, "_async") || strings.HasSuffix(alias, "_rate_limited") || strings.ContainsAny(alias, "/ ") {
				return fmt.Errorf("%s: alias %q is not an action name (no '/', spaces, or _async/_rate_limited suffix)", action, alias)
			}
			owner[alias] = action
		}
		if len(aliases) > 0 {
			if desc := get(op, "description"); desc != nil {
				desc.Value = strings.TrimRight(desc.Value, "\n") + "\n\nAlso answers to 别名: `" + strings.Join(aliases, "`, `") + "`.\n"
				desc.Style = yaml.LiteralStyle
			}
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
		aliases, err := names(get(props.Content[i+1], aliasesKey))
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

// names reads a list of non-empty strings.
func names(n *yaml.Node) ([]string, error) {
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
