package compat

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/onespec/onespec/openapi/inventory"
)

// Surface is how much of the surveyed surface (package inventory: every action name any
// implementation serves) the spec covers: a name is covered when an operation answers to it,
// as its name or a family's (x-onebot-families.<family>.names), with typed data (a named
// schema that is not an open object, or no data) and request and response examples (which
// the reference server's tests run).
type Surface struct {
	Total, Covered int
	// Gaps are the names not covered, by category then name, each saying why.
	Gaps []Gap
}

// Gap is a surveyed name the spec does not cover.
type Gap struct {
	Name, Category, Why string
	Sources             []string
}

// Percent is Covered of Total, rounded down.
func (s Surface) Percent() int {
	if s.Total == 0 {
		return 0
	}
	return s.Covered * 100 / s.Total
}

// Bar draws the coverage in width cells.
func (s Surface) Bar(width int) string {
	full := 0
	if s.Total > 0 {
		full = s.Covered * width / s.Total
	}
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}

// schema is what the coverage reads of a component schema.
type schema struct {
	Type       any            `yaml:"type"`
	Ref        string         `yaml:"$ref"`
	Properties map[string]any `yaml:"properties"`
	Items      any            `yaml:"items"`
	AllOf      []any          `yaml:"allOf"`
	OneOf      []any          `yaml:"oneOf"`
	AnyOf      []any          `yaml:"anyOf"`
	Enum       []any          `yaml:"enum"`
}

// open says a schema tells nothing of its value's shape: an object without properties (or no
// type at all) and no composition, items or enum.
func (s schema) open() bool {
	if s.Ref != "" || len(s.Properties) > 0 || s.Items != nil || len(s.AllOf)+len(s.OneOf)+len(s.AnyOf)+len(s.Enum) > 0 {
		return false
	}
	return s.Type == nil || s.Type == "object"
}

// coverage measures ops against the survey.
func coverage(ops []operation, schemas map[string]schema) (Surface, error) {
	entries, err := inventory.Load()
	if err != nil {
		return Surface{}, fmt.Errorf("compat: %w", err)
	}
	byName := map[string]operation{}
	for _, op := range ops {
		byName[op.OperationID] = op
		for _, f := range op.Families {
			for _, n := range f.Names {
				if _, taken := byName[n]; !taken {
					byName[n] = op
				}
			}
		}
	}
	var s Surface
	for _, e := range entries {
		s.Total++
		why := ""
		op, ok := byName[e.Name]
		switch {
		case !ok:
			why = "no operation answers to it"
		default:
			why = opGap(op, schemas)
			for _, a := range e.Aliases {
				if other, ok := byName[a]; why == "" && (!ok || other.OperationID != op.OperationID) {
					why = fmt.Sprintf("%s answers to it, not to its other name %s", op.OperationID, a)
				}
			}
		}
		if why == "" {
			s.Covered++
			continue
		}
		s.Gaps = append(s.Gaps, Gap{Name: e.Name, Category: e.Category, Sources: e.Sources, Why: why})
	}
	slices.SortFunc(s.Gaps, func(a, b Gap) int { return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Name, b.Name)) })
	return s, nil
}

// opGap says what op lacks to cover a name, or "".
func opGap(op operation, schemas map[string]schema) string {
	ok := op.Responses["200"]
	if name := ok.Data; name != "" {
		sc, found := schemas[name]
		switch {
		case !found:
			return fmt.Sprintf("%s: its data schema %s is missing", op.OperationID, name)
		case sc.open():
			return fmt.Sprintf("%s: its data %s is an open object", op.OperationID, name)
		}
	}
	if len(op.RequestBody.Content["application/json"].Examples) == 0 {
		return op.OperationID + ": no request example"
	}
	if len(ok.Content["application/json"].Examples) == 0 {
		return op.OperationID + ": no response example"
	}
	return ""
}
