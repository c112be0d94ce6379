// Command registry writes gen/registry.gen.go: the action registry, one entry per operation of
// the bundled spec, that every transport of the reference server dispatches through.
//
// An entry carries what the spec says of the action (its name, aliases, tag, effect and
// documented retcodes) and a typed Invoke that decodes the validated parameters into the
// action's request object and calls its method of the strict server interface. The Go names
// are read from the strict interface oapi-codegen generated (gen/server.gen.go), where every
// method is documented with its "(POST /<action>)" path, so this generator never re-derives
// oapi-codegen's naming rules; it runs after oapi-codegen in generate.go.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"
)

func main() {
	spec := flag.String("spec", "openapi/openapi.yaml", "the bundled spec")
	server := flag.String("server", "gen/server.gen.go", "oapi-codegen's strict server interface")
	out := flag.String("out", "gen/registry.gen.go", "the registry file to write")
	raw := flag.String("raw", "", "the test double answering raw bytes to write (in package mocks); empty: none")
	flag.StringVar(&pkg, "package", pkg, "the Go package of the registry (that of the strict server interface)")
	flag.Parse()
	if err := run(*spec, *server, *out, *raw); err != nil {
		fmt.Fprintln(os.Stderr, "registry:", err)
		os.Exit(1)
	}
}

func run(specPath, serverPath, outPath, rawPath string) error {
	rawSpec, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	ops, err := operations(rawSpec)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	methods, err := strictMethods(serverPath)
	if err != nil {
		return fmt.Errorf("%s: %w", serverPath, err)
	}
	for i := range ops {
		name, ok := methods[ops[i].Name]
		if !ok {
			return fmt.Errorf("the strict server interface has no method for action %s: regenerate it first", ops[i].Name)
		}
		ops[i].GoName = name
		delete(methods, ops[i].Name)
	}
	for action := range methods {
		return fmt.Errorf("the strict server interface has a method for %s, which the spec does not define", action)
	}
	for _, f := range []struct {
		path string
		tmpl *template.Template
	}{{outPath, registryTemplate}, {rawPath, rawTemplate}} {
		if f.path == "" {
			continue
		}
		src, err := render(f.tmpl, ops)
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.path, src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// operation is what the registry needs of one action.
type operation struct {
	Name     string
	GoName   string
	Sources  []string
	Names    []familyNames // x-onebot-families.<family>.names, by family
	Tag      string
	Effect   string
	Retcodes []int
	Result   string // the Go type of the 200 envelope, e.g. GetLoginInfoResult
}

// operations reads the actions of the bundled document, in its path order.
func operations(raw []byte) ([]operation, error) {
	var doc struct {
		Paths yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	if doc.Paths.Kind != yaml.MappingNode {
		return nil, errors.New("no paths")
	}
	var ops []operation
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		path := doc.Paths.Content[i].Value
		var item struct {
			Post *struct {
				OperationID string    `yaml:"operationId"`
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
		ops = append(ops, operation{
			Name: op.OperationID, Sources: op.Sources, Names: names, Tag: op.Tags[0], Effect: op.Effect,
			Retcodes: op.Retcodes, Result: result,
		})
	}
	return ops, nil
}

// familyNames is the names one family knows an action by.
type familyNames struct {
	Family string
	Names  []string
}

// familiesNames reads the names of an operation's family entries, in the spec's family order
// (the bundler has validated them).
func familiesNames(fam *yaml.Node) ([]familyNames, error) {
	var out []familyNames
	for i := 0; i+1 < len(fam.Content); i += 2 {
		var entry struct {
			Names []string `yaml:"names"`
		}
		if err := fam.Content[i+1].Decode(&entry); err != nil {
			return nil, fmt.Errorf("%s: %w", fam.Content[i].Value, err)
		}
		if len(entry.Names) > 0 {
			out = append(out, familyNames{Family: fam.Content[i].Value, Names: entry.Names})
		}
	}
	return out, nil
}

var pathComment = regexp.MustCompile(`\(POST /([^)\s]+)\)`)

// strictMethods maps action names to the strict server interface's method names.
func strictMethods(path string) (map[string]string, error) {
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	methods := map[string]string{}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.TypeSpec)
		if !ok || spec.Name.Name != "StrictServerInterface" {
			return true
		}
		iface, ok := spec.Type.(*ast.InterfaceType)
		if !ok {
			return false
		}
		for _, m := range iface.Methods.List {
			if m.Doc == nil || len(m.Names) != 1 {
				continue
			}
			if match := pathComment.FindStringSubmatch(m.Doc.Text()); match != nil {
				methods[match[1]] = m.Names[0].Name
			}
		}
		return false
	})
	if len(methods) == 0 {
		return nil, errors.New("no StrictServerInterface methods documented with their paths")
	}
	return methods, nil
}

var effects = map[string]string{"read": "openapi.EffectRead", "write": "openapi.EffectWrite", "disruptive": "openapi.EffectDisruptive"}

func render(tmpl *template.Template, ops []operation) ([]byte, error) {
	var buf bytes.Buffer
	err := tmpl.Execute(&buf, ops)
	if err != nil {
		return nil, err
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting %s: %w\n%s", tmpl.Name(), err, buf.Bytes())
	}
	return src, nil
}

// pkg is the Go package the registry is written into.
var pkg = "gen"

var registryTemplate = template.Must(template.New("registry").Funcs(template.FuncMap{
	"package": func() string { return pkg },
	"effect": func(e string) (string, error) {
		if c, ok := effects[e]; ok {
			return c, nil
		}
		return "", fmt.Errorf("unknown x-onebot-effect %q", e)
	},
	"quote": func(s string) string { return fmt.Sprintf("%q", s) },
}).Parse(`// Code generated by codegen/registry from the bundled spec and its strict server interface. DO NOT EDIT.

package {{package}}

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/openapi"
)

// Action is one action of this document, callable on its strict server interface.
type Action = openapi.Action[StrictServerInterface]
{{range .}}
// Reply is the envelope of a {{.Name}} answer.
func (r {{.GoName}}200JSONResponse) Reply() openapi.Reply { return openapi.Erase({{.Result}}(r)) }
{{end}}
// The actions' names, for code that must name one (the transports' quick operations, tests).
const (
{{- range .}}
	// Action{{.GoName}} is {{.Name}}.
	Action{{.GoName}} = {{quote .Name}}
{{- end}}
)

// Actions are the spec's actions, in the spec's order.
var Actions = []Action{
{{- range .}}
	{
		Name: Action{{.GoName}},
		{{- if .Sources}}
		Sources: []string{ {{- range .Sources}}{{quote .}}, {{end -}} },
		{{- end}}
		{{- if .Names}}
		FamilyNames: map[string][]string{
			{{- range .Names}}
			{{quote .Family}}: { {{- range .Names}}{{quote .}}, {{end -}} },
			{{- end}}
		},
		{{- end}}
		Tag: {{quote .Tag}},
		Effect: {{effect .Effect}},
		Retcodes: []int{ {{- range .Retcodes}}{{.}}, {{end -}} },
		Invoke: func(ctx context.Context, h StrictServerInterface, params []byte) (any, error) {
			var body {{.GoName}}JSONRequestBody
			if err := json.Unmarshal(params, &body); err != nil {
				return nil, fmt.Errorf("decoding the parameters of {{.Name}}: %w", err)
			}
			return h.{{.GoName}}(ctx, {{.GoName}}RequestObject{Body: &body})
		},
	},
{{- end}}
}
`))

// rawTemplate is a test double: an answer of any status and bytes that every action's handler
// may return, for tests that need a deliberately wrong server (the conformance suite's own).
var rawTemplate = template.Must(template.New("raw").Parse(`// Code generated by codegen/registry from the bundled spec and its strict server interface. DO NOT EDIT.

package mocks

import "net/http"

// Raw is an answer written verbatim, whatever it is: the HTTP status and the body. It
// satisfies every action's response object, so a mock handler can answer any action with
// bytes no well-typed handler could produce.
type Raw struct {
	Status int
	Body   string
}

// Write writes the answer as JSON-labelled bytes.
func (r Raw) Write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.Status)
	_, err := w.Write([]byte(r.Body))
	return err
}
{{range .}}
// Visit{{.GoName}}Response writes the raw answer to {{.Name}}.
func (r Raw) Visit{{.GoName}}Response(w http.ResponseWriter) error { return r.Write(w) }
{{end}}`))
