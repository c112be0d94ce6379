// Package inventory is the survey the spec is measured against: every action name any OneBot v11
// implementation serves (the standard, go-cqhttp, NapCat, LLOneBot, Lagrange.OneBot and the
// seed documents), with the other names it answers to and who serves it, read from their code
// at the commits docs/compat.md's sources name. It is data, kept as the tab-separated table it
// was compiled as (onebot-actions.tsv: name, aliases, category, sources, params, response,
// notes), so that the spec's coverage of the real surface is a figure the tests and the
// compatibility matrix compute, not a claim.
package inventory

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed onebot-actions.tsv
var tsv string

// Entry is one action name of the survey.
type Entry struct {
	Name string
	// Aliases are the other names it answers to (".ocr_image", "_delete_group_notice").
	Aliases []string
	// Category is the survey's grouping (message, group, napcat-ext, ...).
	Category string
	// Sources are who serves it (v11std, gocq, napcat, llonebot, lagrange, seedNNN).
	Sources []string
}

// Load reads the survey.
func Load() ([]Entry, error) { return parse(tsv) }

func parse(text string) ([]Entry, error) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "name\taliases\tcategory\tsources\t") {
		return nil, fmt.Errorf("inventory: the table has no header name, aliases, category, sources")
	}
	seen := map[string]bool{}
	var out []Entry
	for i, line := range lines[1:] {
		cols := strings.Split(line, "\t")
		if len(cols) < 4 || cols[0] == "" {
			return nil, fmt.Errorf("inventory: line %d: want name, aliases, category and sources, got %q", i+2, line)
		}
		e := Entry{Name: cols[0], Category: cols[2], Sources: splitList(cols[3])}
		// An alias is written name[who;notes]: the name is what a client calls.
		for _, a := range splitList(cols[1]) {
			name, _, _ := strings.Cut(a, "[")
			e.Aliases = append(e.Aliases, strings.TrimSpace(name))
		}
		if seen[e.Name] {
			return nil, fmt.Errorf("inventory: line %d: %s listed twice", i+2, e.Name)
		}
		seen[e.Name] = true
		out = append(out, e)
	}
	return out, nil
}

// splitList splits a comma-separated cell, keeping the commas inside [...].
func splitList(cell string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range cell {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case ',':
			if depth == 0 {
				if s := strings.TrimSpace(cell[start:i]); s != "" {
					out = append(out, s)
				}
				start = i + 1
			}
		}
	}
	if s := strings.TrimSpace(cell[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
