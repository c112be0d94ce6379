//go:build tools

// Package tools pins the code generators in go.mod, so `go generate` runs the versions the
// module requires instead of whatever happens to be installed.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	_ "github.com/vektra/mockery/v2"
)
