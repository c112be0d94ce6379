// Package specops reads the actions of a bundled spec document for the code generators
// (codegen/registry, codegen/client), so that each reads the same facts the same way.
package specops

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Operation is what the generators read of one action.
type Operation struct {
	Name     string
	NameZh   string // x-onebot-name-zh
	Sources  []string
	Names    []FamilyNames // x-onebot-families.<family>.names, by family
	Tag      string
	Effect   string
	Retcodes []int
	Result   string // the Go type of the 200 envelope, e.g. GetLoginInfoResult
}

// Read reads the actions of a bundled document, in its path order, checking the spec's
// conventions (the path is the operationId, one tag, a component as the 200 schema).
func Read(raw []byte) ([]Operation, error) {
	var doc struct {
		Paths yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	if doc.Paths.Kind != yaml.MappingNode {
		return nil, errors.New("no paths")
	}
	var ops []Operation
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		path := doc.Paths.Content[i].Value
		var item struct {
			Post *struct {
				OperationID string    `yaml:"operationId"`
				NameZh      string    `yaml:"x-onebot-name-zh"`
				Tags        []string  `yaml:"tags"`
				Effect      string    `yaml:"x-onebot-effect"`
				Retcodes    []int     `yaml:"x-onebot-retcodes"`
				Sources     []string  `yaml:"x-onebot-sources"`
				Families    yaml.Node `yaml:"x-onebot-families"`
				Responses   map[string]struct {
					Content map[string]struct {
						Schema struct {
							Ref string `yaml:"$ref"`
						} `yaml:"schema"`
					} `yaml:"content"`
				} `yaml:"responses"`
			} `yaml:"post"`
		}
		if err := doc.Paths.Content[i+1].Decode(&item); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		op := item.Post
		if op == nil {
			return nil, fmt.Errorf("%s: no post operation", path)
		}
		if "/"+op.OperationID != path || len(op.Tags) != 1 {
			return nil, fmt.Errorf("%s: operationId %q and tags %v break the spec's conventions", path, op.OperationID, op.Tags)
		}
		ref := op.Responses["200"].Content["application/json"].Schema.Ref
		result, ok := strings.CutPrefix(ref, "#/components/schemas/")
		if !ok {
			return nil, fmt.Errorf("%s: the 200 response's schema %q is not a component", path, ref)
		}
		names, err := familiesNames(&op.Families)
		if err != nil {
			return nil, fmt.Errorf("%s: x-onebot-families: %w", path, err)
		}
		ops = append(ops, Operation{
			Name: op.OperationID, NameZh: op.NameZh, Sources: op.Sources, Names: names, Tag: op.Tags[0], Effect: op.Effect,
			Retcodes: op.Retcodes, Result: result,
		})
	}
	return ops, nil
}

// FamilyNames is the names one family knows an action by.
type FamilyNames struct {
	Family string
	Names  []string
}

// familiesNames reads the names of an operation's family entries, in the spec's family order
// (the bundler has validated them).
func familiesNames(fam *yaml.Node) ([]FamilyNames, error) {
	var out []FamilyNames
	for i := 0; i+1 < len(fam.Content); i += 2 {
		var entry struct {
			Names []string `yaml:"names"`
		}
		if err := fam.Content[i+1].Decode(&entry); err != nil {
			return nil, fmt.Errorf("%s: %w", fam.Content[i].Value, err)
		}
		if len(entry.Names) > 0 {
			out = append(out, FamilyNames{Family: fam.Content[i].Value, Names: entry.Names})
		}
	}
	return out, nil
}
