package main

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The family extensions (documented in src/openapi.yaml): the root's x-onebot-families lists
// the implementation families and their envelope; an operation's x-onebot-families says how
// each family differs for that action. The conformance suite builds its profiles from them, so
// a typo here would silently turn a documented difference into a reported violation: the
// bundler refuses anything it does not understand.
const extFamilies = "x-onebot-families"

// Keys of a root family entry, and of its envelope.
var (
	rootFamilyKeys     = []string{"name", "repo", "envelope", "failure-retcodes", "transport", "evidence"}
	transportKeys      = []string{"deviates", "evidence"}
	envelopeFamilyKeys = []string{"omits", "omits-when", "adds", "data-when-none"}
	omitsWhen          = []string{"ok", "none", "always", "never"}
	dataWhenNone       = []string{"null", "absent"}
)

// Keys of an operation's family entry.
var opFamilyKeys = []string{"names", "renames", "values", "ignores", "unsupported", "retcodes", "note", "evidence"}

// listItems is the path step that stands for every item of an array in renames and values.
const listItems = "[]"

// checkFamilies validates the root's and every operation's x-onebot-families against each
// other and against the schemas they talk about, and writes the operations' differences into
// their descriptions, where the docs show them.
func checkFamilies(root *yaml.Node) error {
	families, err := rootFamilies(root)
	if err != nil {
		return fmt.Errorf("openapi.yaml: %s: %w", extFamilies, err)
	}
	if fam := get(root, extFamilies); fam != nil {
		if desc := get(get(root, "info"), "description"); desc != nil {
			desc.Value = strings.TrimRight(desc.Value, "\n") + "\n\n" + rootFamiliesTable(fam)
			desc.Style = yaml.LiteralStyle
		}
	}
	schemas := get(get(root, "components"), "schemas")
	paths := get(root, "paths")
	if paths == nil {
		return nil
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		op := get(item, "post")
		fam := get(op, extFamilies)
		if fam == nil {
			continue
		}
		if err := checkOpFamilies(fam, op, schemas, families); err != nil {
			return fmt.Errorf("%s: %s: %w", path, extFamilies, err)
		}
		if desc := get(op, "description"); desc != nil {
			desc.Value = strings.TrimRight(desc.Value, "\n") + "\n\n" + familiesTable(strings.TrimPrefix(path, "/"), fam, families)
			desc.Style = yaml.LiteralStyle
		}
	}
	return nil
}

// rootFamilies checks the root's family list and returns family key -> display name.
func rootFamilies(root *yaml.Node) (map[string]string, error) {
	fam := get(root, extFamilies)
	if fam == nil {
		// No families documented: then no operation may name one (checkOpFamilies says so).
		return map[string]string{}, nil
	}
	if fam.Kind != yaml.MappingNode || len(fam.Content) == 0 {
		return nil, errors.New("must map each implementation family to its description")
	}
	names := map[string]string{}
	for i := 0; i+1 < len(fam.Content); i += 2 {
		key, f := fam.Content[i].Value, fam.Content[i+1]
		if err := onlyKeys(f, rootFamilyKeys); err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		for _, k := range []string{"name", "repo"} {
			if scalar(f, k) == "" {
				return nil, fmt.Errorf("%s: %s is missing", key, k)
			}
		}
		env := get(f, "envelope")
		if err := onlyKeys(env, envelopeFamilyKeys); err != nil {
			return nil, fmt.Errorf("%s.envelope: %w", key, err)
		}
		if w := scalar(env, "omits-when"); !slices.Contains(omitsWhen, w) {
			return nil, fmt.Errorf("%s.envelope.omits-when %q must be one of %s", key, w, strings.Join(omitsWhen, ", "))
		}
		if d := scalar(env, "data-when-none"); !slices.Contains(dataWhenNone, d) {
			return nil, fmt.Errorf("%s.envelope.data-when-none %q must be one of %s", key, d, strings.Join(dataWhenNone, ", "))
		}
		for _, k := range []string{"omits", "adds"} {
			if _, err := strings_(get(env, k)); err != nil {
				return nil, fmt.Errorf("%s.envelope.%s: %w", key, k, err)
			}
		}
		if t := get(f, "transport"); t != nil {
			if err := checkTransport(t); err != nil {
				return nil, fmt.Errorf("%s.transport: %w", key, err)
			}
		}
		if _, err := ints(get(f, "failure-retcodes")); err != nil {
			return nil, fmt.Errorf("%s.failure-retcodes: %w", key, err)
		}
		if ev, err := strings_(get(f, "evidence")); err != nil || len(ev) == 0 {
			return nil, fmt.Errorf("%s.evidence must list where the behaviour was read", key)
		}
		names[key] = scalar(f, "name")
	}
	return names, nil
}

// checkName is the form of a conformance check's name (transport/<name>).
var checkName = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

// checkTransport checks a family's transport deviations: check names (the conformance suite
// refuses names it does not have) and the evidence for them.
func checkTransport(t *yaml.Node) error {
	if err := onlyKeys(t, transportKeys); err != nil {
		return err
	}
	names, err := strings_(get(t, "deviates"))
	if err != nil || len(names) == 0 {
		return errors.New("deviates must list transport check names")
	}
	for _, n := range names {
		if !checkName.MatchString(n) {
			return fmt.Errorf("deviates: %q is not a check name (lower-case words joined by -)", n)
		}
	}
	if ev, err := strings_(get(t, "evidence")); err != nil || len(ev) == 0 {
		return errors.New("evidence must list where the behaviour was read")
	}
	return nil
}

func checkOpFamilies(fam, op, schemas *yaml.Node, families map[string]string) error {
	if fam.Kind != yaml.MappingNode {
		return errors.New("must map family names to their differences")
	}
	params := schemaProperties(schemas, get(get(get(get(op, "requestBody"), "content"), "application/json"), "schema"))
	dataName := scalar(get(get(op, "responses"), "200"), "x-onebot-data")
	for i := 0; i+1 < len(fam.Content); i += 2 {
		key, f := fam.Content[i].Value, fam.Content[i+1]
		if _, ok := families[key]; !ok {
			return fmt.Errorf("unknown family %q (the root's %s has %s)", key, extFamilies, strings.Join(sortedKeys(families), ", "))
		}
		if err := onlyKeys(f, opFamilyKeys); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		if len(f.Content) <= 2 {
			return fmt.Errorf("%s: says nothing but its evidence", key)
		}
		if ev, err := strings_(get(f, "evidence")); err != nil || len(ev) == 0 {
			return fmt.Errorf("%s: evidence must list where the behaviour was read", key)
		}
		ignores, err := strings_(get(f, "ignores"))
		if err != nil {
			return fmt.Errorf("%s.ignores: %w", key, err)
		}
		for _, p := range ignores {
			if !slices.Contains(params, p) {
				return fmt.Errorf("%s.ignores: %q is not a parameter of this action (%s)", key, p, strings.Join(params, ", "))
			}
		}
		if _, err := ints(get(f, "retcodes")); err != nil {
			return fmt.Errorf("%s.retcodes: %w", key, err)
		}
		if u := get(f, "unsupported"); u != nil && u.Tag != "!!bool" {
			return fmt.Errorf("%s.unsupported must be true or false", key)
		}
		if r := get(f, "renames"); r != nil {
			if r.Kind != yaml.MappingNode {
				return fmt.Errorf("%s.renames must map the family's field to the standard's", key)
			}
			for j := 1; j < len(r.Content); j += 2 {
				if err := dataField(schemas, dataName, r.Content[j].Value); err != nil {
					return fmt.Errorf("%s.renames: %w", key, err)
				}
			}
		}
		if v := get(f, "values"); v != nil {
			if v.Kind != yaml.SequenceNode {
				return fmt.Errorf("%s.values must list {field, from, to}", key)
			}
			for _, entry := range v.Content {
				if err := onlyKeys(entry, []string{"field", "from", "to"}); err != nil || get(entry, "from") == nil || get(entry, "to") == nil {
					return fmt.Errorf("%s.values: each entry is {field, from, to}", key)
				}
				if err := dataField(schemas, dataName, scalar(entry, "field")); err != nil {
					return fmt.Errorf("%s.values: %w", key, err)
				}
			}
		}
	}
	return nil
}

// dataField checks that a renames/values field path names a property of the response data.
func dataField(schemas *yaml.Node, dataName, field string) error {
	if dataName == "" {
		return fmt.Errorf("%q: the action has no response data", field)
	}
	s := get(schemas, dataName)
	for _, step := range strings.Split(field, ".") {
		if step == listItems {
			s = resolve(schemas, get(s, "items"))
			continue
		}
		if !slices.Contains(schemaProperties(schemas, s), step) {
			return fmt.Errorf("%q: %s has no property %q", field, dataName, step)
		}
		s = resolve(schemas, propertyNode(schemas, s, step))
	}
	return nil
}

// resolve follows a local $ref to its component schema.
func resolve(schemas, s *yaml.Node) *yaml.Node {
	if ref := scalar(s, "$ref"); ref != "" {
		return get(schemas, strings.TrimPrefix(ref, "#/components/schemas/"))
	}
	return s
}

// schemaProperties lists a schema's property names, through $ref and allOf.
func schemaProperties(schemas, s *yaml.Node) []string {
	s = resolve(schemas, s)
	var names []string
	if props := get(s, "properties"); props != nil {
		for i := 0; i < len(props.Content); i += 2 {
			names = append(names, props.Content[i].Value)
		}
	}
	if all := get(s, "allOf"); all != nil {
		for _, part := range all.Content {
			names = append(names, schemaProperties(schemas, part)...)
		}
	}
	return names
}

func propertyNode(schemas, s *yaml.Node, name string) *yaml.Node {
	s = resolve(schemas, s)
	if p := get(get(s, "properties"), name); p != nil {
		return p
	}
	if all := get(s, "allOf"); all != nil {
		for _, part := range all.Content {
			if p := propertyNode(schemas, part, name); p != nil {
				return p
			}
		}
	}
	return nil
}

// familiesTable renders an operation's family differences as a Markdown table for the docs.
func familiesTable(action string, fam *yaml.Node, families map[string]string) string {
	var b strings.Builder
	b.WriteString("**Implementations 实现差异** (`" + extFamilies + "`)\n\n| family | differs | source |\n| --- | --- | --- |\n")
	for i := 0; i+1 < len(fam.Content); i += 2 {
		f := fam.Content[i+1]
		var says []string
		if names, _ := strings_(get(f, namesKey)); len(names) > 0 {
			line := "answers to `" + strings.Join(names, "`, `") + "`"
			if !slices.Contains(names, action) {
				line += ", not to `" + action + "`"
			}
			says = append(says, line)
		}
		if r := get(f, "renames"); r != nil {
			for j := 0; j+1 < len(r.Content); j += 2 {
				says = append(says, fmt.Sprintf("answers `%s` for `%s`", r.Content[j].Value, r.Content[j+1].Value))
			}
		}
		if v := get(f, "values"); v != nil {
			for _, e := range v.Content {
				says = append(says, fmt.Sprintf("sends `%s` as `%s` meaning `%s`", scalar(e, "field"), shown(get(e, "from")), shown(get(e, "to"))))
			}
		}
		if ig, _ := strings_(get(f, "ignores")); len(ig) > 0 {
			says = append(says, "ignores `"+strings.Join(ig, "`, `")+"`")
		}
		if scalar(f, "unsupported") == "true" {
			says = append(says, "does not serve this action")
		}
		if rc, _ := ints(get(f, "retcodes")); len(rc) > 0 {
			says = append(says, fmt.Sprintf("retcodes %v", rc))
		}
		if n := scalar(f, "note"); n != "" {
			says = append(says, n)
		}
		ev, _ := strings_(get(f, "evidence"))
		fmt.Fprintf(&b, "| %s | %s | %s |\n", families[fam.Content[i].Value], cell(strings.Join(says, "; ")), cell(strings.Join(ev, "; ")))
	}
	return b.String()
}

// shown renders a YAML scalar as the JSON value it stands for.
func shown(n *yaml.Node) string {
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!str":
		return strconv.Quote(n.Value)
	}
	return n.Value
}

// rootFamiliesTable renders the root's families for the docs' introduction.
func rootFamiliesTable(fam *yaml.Node) string {
	var b strings.Builder
	b.WriteString("## Implementation families 实现家族 (`" + extFamilies + "`)\n\n")
	b.WriteString("| family | envelope | failure retcodes | breaks the transport rules of | source |\n| --- | --- | --- | --- | --- |\n")
	for i := 0; i+1 < len(fam.Content); i += 2 {
		key, f := fam.Content[i].Value, fam.Content[i+1]
		env := get(f, "envelope")
		var says []string
		if omits, _ := strings_(get(env, "omits")); len(omits) > 0 {
			says = append(says, fmt.Sprintf("leaves out `%s` (%s)", strings.Join(omits, "`, `"), scalar(env, "omits-when")))
		}
		if adds, _ := strings_(get(env, "adds")); len(adds) > 0 {
			says = append(says, "adds `"+strings.Join(adds, "`, `")+"`")
		}
		says = append(says, "data when none: "+scalar(env, "data-when-none"))
		rc, _ := ints(get(f, "failure-retcodes"))
		dev, _ := strings_(get(get(f, "transport"), "deviates"))
		ev, _ := strings_(get(f, "evidence"))
		tev, _ := strings_(get(get(f, "transport"), "evidence"))
		codes := make([]string, len(rc))
		for j, c := range rc {
			codes[j] = strconv.Itoa(c)
		}
		fmt.Fprintf(&b, "| %s (`%s`, %s) | %s | %s | %s | %s |\n", scalar(f, "name"), key, scalar(f, "repo"),
			cell(strings.Join(says, "; ")), strings.Join(codes, ", "), cell(strings.Join(dev, ", ")), cell(strings.Join(append(ev, tev...), "; ")))
	}
	b.WriteString("\nEach profile of `onespec conform --profile` is built from this table and the operations' own `" + extFamilies + "`.\n")
	return b.String()
}

// cell keeps a Markdown table cell on one line and its pipes literal.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
}

func onlyKeys(m *yaml.Node, allowed []string) error {
	if m == nil || m.Kind != yaml.MappingNode {
		return errors.New("must be a mapping")
	}
	for i := 0; i < len(m.Content); i += 2 {
		if k := m.Content[i].Value; !slices.Contains(allowed, k) {
			return fmt.Errorf("unknown key %q (allowed: %s)", k, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// strings_ reads a sequence of strings; nil is an empty list.
func strings_(n *yaml.Node) ([]string, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, errors.New("must be a list")
	}
	var out []string
	for _, e := range n.Content {
		if e.Kind != yaml.ScalarNode || e.Tag != "!!str" {
			return nil, fmt.Errorf("%q is not a string", e.Value)
		}
		out = append(out, e.Value)
	}
	return out, nil
}

// ints reads a sequence of integers; nil is an empty list.
func ints(n *yaml.Node) ([]int, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, errors.New("must be a list")
	}
	var out []int
	for _, e := range n.Content {
		v, err := strconv.Atoi(e.Value)
		if err != nil || e.Tag != "!!int" {
			return nil, fmt.Errorf("%q is not an integer", e.Value)
		}
		out = append(out, v)
	}
	return out, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
