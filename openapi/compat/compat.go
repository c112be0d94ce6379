// Package compat builds the compatibility matrix of a bundled OneBot spec: every action against
// every implementation family of the root's x-onebot-families, from the operations'
// x-onebot-sources (who serves the action) and x-onebot-families (how each family differs:
// other names, renamed or re-valued response fields, ignored parameters, extra retcodes, no
// support). It knows no action or family by name: everything comes from the spec.
//
// codegen/compat writes the matrix as docs/compat.md; the reference server shows it at /compat.
package compat

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// StandardSource is the x-onebot-sources entry that says the OneBot v11 standard defines the
// action.
const StandardSource = "v11std"

// Family is one implementation family (a column).
type Family struct {
	Key, Name, Repo string
	// Surveyed says some operation lists the family in its x-onebot-sources; a family that
	// none lists was described at the envelope level only, and its cells say "not surveyed".
	Surveyed bool
}

// Status is what a family does with an action.
type Status int

const (
	// Same: the family serves the action as the spec says.
	Same Status = iota
	// Differs: it serves the action with the differences in Notes (or under other Names).
	Differs
	// Unsupported: the spec records that it lacks the action.
	Unsupported
	// Absent: its sources do not include the action.
	Absent
	// NotSurveyed: the spec has no per-action data on the family.
	NotSurveyed
)

// Cell is one family's support of one action.
type Cell struct {
	Status Status
	// Names are the names the family knows the action by, when they are not just its
	// canonical name.
	Names []string
	// Notes say how it differs, one difference each.
	Notes []string
}

// Row is one action.
type Row struct {
	Action, NameZh, Tag string
	Standard            bool
	Cells               []Cell // in the order of Matrix.Families
}

// Matrix is every action against every family.
type Matrix struct {
	Title    string
	Families []Family
	Rows     []Row // by tag, in the document's tag order, then by action name
	// Surface is how much of the surveyed surface the spec covers (surface.go).
	Surface Surface
}

type familyData struct {
	Names       []string          `yaml:"names"`
	Renames     map[string]string `yaml:"renames"`
	Values      []map[string]any  `yaml:"values"`
	Ignores     []string          `yaml:"ignores"`
	Unsupported bool              `yaml:"unsupported"`
	Retcodes    []int             `yaml:"retcodes"`
	Note        string            `yaml:"note"`
}

type operation struct {
	OperationID string                `yaml:"operationId"`
	Tags        []string              `yaml:"tags"`
	NameZh      string                `yaml:"x-onebot-name-zh"`
	Sources     []string              `yaml:"x-onebot-sources"`
	Families    map[string]familyData `yaml:"x-onebot-families"`
	RequestBody struct {
		Content map[string]struct {
			Examples map[string]any `yaml:"examples"`
		} `yaml:"content"`
	} `yaml:"requestBody"`
	Responses map[string]struct {
		Data    string `yaml:"x-onebot-data"`
		Content map[string]struct {
			Examples map[string]any `yaml:"examples"`
		} `yaml:"content"`
	} `yaml:"responses"`
}

type document struct {
	Info struct {
		Title string `yaml:"title"`
	} `yaml:"info"`
	Tags []struct {
		Name string `yaml:"name"`
	} `yaml:"tags"`
	Families   yaml.Node                       `yaml:"x-onebot-families"`
	Paths      map[string]map[string]operation `yaml:"paths"`
	Components struct {
		Schemas map[string]schema `yaml:"schemas"`
	} `yaml:"components"`
}

// Build reads the matrix from a bundled spec (YAML).
func Build(spec []byte) (*Matrix, error) {
	var doc document
	if err := yaml.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("compat: reading the spec: %w", err)
	}
	if doc.Families.Kind != yaml.MappingNode || len(doc.Families.Content) == 0 {
		return nil, errors.New("compat: the spec's root has no x-onebot-families")
	}
	m := &Matrix{Title: doc.Info.Title}
	index := map[string]int{}
	for i := 0; i+1 < len(doc.Families.Content); i += 2 {
		var f struct{ Name, Repo string }
		if err := doc.Families.Content[i+1].Decode(&f); err != nil {
			return nil, fmt.Errorf("compat: x-onebot-families.%s: %w", doc.Families.Content[i].Value, err)
		}
		key := doc.Families.Content[i].Value
		index[key] = len(m.Families)
		m.Families = append(m.Families, Family{Key: key, Name: cmpOr(f.Name, key), Repo: f.Repo})
	}
	tagOrder := map[string]int{}
	for i, t := range doc.Tags {
		tagOrder[t.Name] = i
	}

	var ops []operation
	for p, item := range doc.Paths {
		for method, op := range item {
			if op.OperationID == "" {
				return nil, fmt.Errorf("compat: %s %s has no operationId", method, p)
			}
			for key := range op.Families {
				if _, ok := index[key]; !ok {
					return nil, fmt.Errorf("compat: %s: x-onebot-families names %q, which the root does not define", op.OperationID, key)
				}
			}
			for _, s := range op.Sources {
				if i, ok := index[s]; ok {
					m.Families[i].Surveyed = true
				}
			}
			ops = append(ops, op)
		}
	}
	for _, op := range ops {
		row := Row{Action: op.OperationID, NameZh: op.NameZh, Standard: slices.Contains(op.Sources, StandardSource)}
		if len(op.Tags) > 0 {
			row.Tag = op.Tags[0]
		}
		for _, f := range m.Families {
			row.Cells = append(row.Cells, cell(op, f))
		}
		m.Rows = append(m.Rows, row)
	}
	surface, err := coverage(ops, doc.Components.Schemas)
	if err != nil {
		return nil, err
	}
	m.Surface = surface
	sort.Slice(m.Rows, func(i, j int) bool {
		a, b := m.Rows[i], m.Rows[j]
		if tagOrder[a.Tag] != tagOrder[b.Tag] {
			return tagOrder[a.Tag] < tagOrder[b.Tag]
		}
		return a.Action < b.Action
	})
	return m, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func cell(op operation, f Family) Cell {
	d, described := op.Families[f.Key]
	switch {
	case described && d.Unsupported:
		return Cell{Status: Unsupported, Notes: notes(d)}
	case !slices.Contains(op.Sources, f.Key) && !described:
		if !f.Surveyed {
			return Cell{Status: NotSurveyed}
		}
		return Cell{Status: Absent}
	case !described:
		return Cell{Status: Same}
	}
	c := Cell{Status: Differs, Notes: notes(d)}
	if len(d.Names) > 0 && !(len(d.Names) == 1 && d.Names[0] == op.OperationID) {
		c.Names = d.Names
	}
	if len(c.Notes) == 0 && len(c.Names) == 0 {
		c.Status = Same
	}
	return c
}

// notes spells out a family's differences for one action.
func notes(d familyData) []string {
	var out []string
	for _, from := range slices.Sorted(maps.Keys(d.Renames)) {
		out = append(out, fmt.Sprintf("answers `%s` for `%s`", from, d.Renames[from]))
	}
	for _, v := range d.Values {
		out = append(out, fmt.Sprintf("sends `%v` = `%v` meaning `%v`", v["field"], jsonish(v["from"]), jsonish(v["to"])))
	}
	if len(d.Ignores) > 0 {
		out = append(out, "ignores `"+strings.Join(d.Ignores, "`, `")+"`")
	}
	if len(d.Retcodes) > 0 {
		codes := make([]string, len(d.Retcodes))
		for i, c := range d.Retcodes {
			codes[i] = fmt.Sprint(c)
		}
		out = append(out, "also answers retcodes "+strings.Join(codes, ", "))
	}
	if d.Note != "" {
		out = append(out, d.Note)
	}
	return out
}

func jsonish(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}
