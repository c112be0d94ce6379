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
	"text/template"

	"github.com/onespec/onespec/codegen/internal/specops"
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
	read, err := specops.Read(rawSpec)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	ops := make([]operation, len(read))
	for i, op := range read {
		ops[i].Operation = op
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
		// The bundler names an action's envelope <Action>Result; oapi-codegen spells that
		// type's initialisms as it spells the method (get_flash_file_url: GetFlashFileURLResult).
		if ops[i].Result != "NoDataResult" {
			ops[i].Result = name + "Result"
		}
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

// operation is what the registry needs of one action: what the spec says, and its method's
// name in the strict server interface.
type operation struct {
	specops.Operation
	GoName string
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
