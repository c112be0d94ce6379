// Command compat writes the compatibility matrix of the bundled spec (package openapi/compat) as
// Markdown: docs/compat.md, checked fresh by make check-generated.
//
// Usage: compat -spec openapi/openapi.yaml -out docs/compat.md
package main

import (
	"flag"
	"log"
	"os"

	"github.com/onespec/onespec/openapi/compat"
)

func main() {
	spec := flag.String("spec", "", "the bundled spec (YAML)")
	out := flag.String("out", "", "the Markdown file to write")
	flag.Parse()
	if *spec == "" || *out == "" {
		log.Fatal("compat: -spec and -out are required")
	}
	src, err := os.ReadFile(*spec)
	if err != nil {
		log.Fatalf("compat: %v", err)
	}
	m, err := compat.Build(src)
	if err != nil {
		log.Fatalf("compat: %v", err)
	}
	if err := os.WriteFile(*out, m.Markdown(*spec), 0o644); err != nil {
		log.Fatalf("compat: %v", err)
	}
}
