package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// markCore types every schema that the component files in dir define as the same-named Go type
// of package pkg (x-go-type), so that each generated package aliases the one definition of the
// shared components (gen/core) instead of generating its own copy. The document of the shared
// components themselves, from which that package is generated, is bundled without it.
//
// The Go names are read from goFile, the code generated into pkg, so that the bundler never
// re-derives oapi-codegen's naming rules (JsonSegment is JSONSegment in Go). Schemas that
// already name their Go type (the generic envelopes) keep it.
func markCore(doc []byte, fsys fs.FS, dir, pkg, goFile string) ([]byte, error) {
	goNames, err := typeNames(fsys, goFile)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	files, err := fs.Glob(fsys, path.Join(filepath.ToSlash(dir), "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no component files in %s", dir)
	}
	for _, name := range files {
		part, err := readMapping(fsys, name)
		if err != nil {
			return nil, err
		}
		schemas := get(get(part, "components"), "schemas")
		for i := 0; schemas != nil && i+1 < len(schemas.Content); i += 2 {
			names[schemas.Content[i].Value] = true
		}
	}

	var node yaml.Node
	if err := yaml.Unmarshal(bytes.TrimPrefix(doc, []byte(header)), &node); err != nil {
		return nil, fmt.Errorf("re-reading the bundle: %w", err)
	}
	root := node.Content[0]
	schemas := get(get(root, "components"), "schemas")
	alias := pkg[strings.LastIndex(pkg, "/")+1:]
	for i := 0; schemas != nil && i+1 < len(schemas.Content); i += 2 {
		name, schema := schemas.Content[i].Value, schemas.Content[i+1]
		if !names[name] || get(schema, "x-go-type") != nil {
			continue
		}
		goName, ok := goNames[strings.ToLower(name)]
		if !ok {
			return nil, fmt.Errorf("%s has no type for the shared schema %s: bundle its component file into openapi/core.yaml (generate.go) and regenerate it first", goFile, name)
		}
		var hint yaml.Node
		src := fmt.Sprintf("x-go-type: %s.%s\nx-go-type-import: {path: %s}\n", alias, goName, pkg)
		if err := yaml.Unmarshal([]byte(src), &hint); err != nil {
			return nil, err
		}
		schema.Content = append(hint.Content[0].Content, schema.Content...)
	}
	// Only x-go-type hints were added to a document Bundle validated: no need to load it again.
	return encode(root)
}

// typeNames maps the lower-cased name of every exported type declared in a Go file to the name.
func typeNames(fsys fs.FS, file string) (map[string]string, error) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			if name := spec.(*ast.TypeSpec).Name.Name; ast.IsExported(name) {
				names[strings.ToLower(name)] = name
			}
		}
	}
	return names, nil
}
