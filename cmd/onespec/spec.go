package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/docs"
)

func printSpec(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("spec", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: onespec spec [--json]\n\nPrints the bundled OneBot v11 OpenAPI document.\n\n")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print the document as JSON instead of YAML")
	if err := parseFlags(fs, args, stdout, stderr); err != nil {
		return err
	}
	doc := openapi.YAML
	if *asJSON {
		var err error
		if doc, err = docs.YAMLToJSON(openapi.YAML); err != nil {
			return fmt.Errorf("converting the spec to JSON: %w", err)
		}
	}
	_, err := stdout.Write(doc)
	return err
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return impl.Version
}
