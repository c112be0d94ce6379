package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
)

// goMethod is one method of the generated Go client (gen.Client).
type goMethod struct {
	Name    string // SendGroupMsg
	Params  string // its params type (SendGroupMsgParams); "" when it takes none
	HasData bool   // it returns data besides the error
}

// clientMethods reads the generated client's methods, by the action each calls (the first
// string literal of its body), so that the Go samples name exactly what codegen/client wrote.
func clientMethods(file string) (map[string]goMethod, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("reading the Go client: %w", err)
	}
	out := map[string]goMethod{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || fn.Body == nil {
			continue
		}
		star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
		if ident, isIdent := star.X.(*ast.Ident); !ok || !isIdent || ident.Name != "Client" {
			continue
		}
		m := goMethod{Name: fn.Name.Name, HasData: fn.Type.Results != nil && len(fn.Type.Results.List) == 2}
		if params := fn.Type.Params.List; len(params) == 2 {
			if id, ok := params[1].Type.(*ast.Ident); ok {
				m.Params = id.Name
			}
		}
		var action string
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && action == "" {
				action, _ = strconv.Unquote(lit.Value)
			}
			return action == ""
		})
		if action != "" {
			out[action] = m
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no methods of Client found", file)
	}
	return out, nil
}
