package main

import (
	"flag"
	"io"
	"runtime/debug"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/openapi"
)

func printSpec(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("spec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	_, err := stdout.Write(openapi.YAML)
	return err
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return impl.Version
}
