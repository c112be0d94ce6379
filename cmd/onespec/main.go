// Command onespec is the one binary of the project: it serves the reference OneBot v11 server
// with its docs, runs the conformance suite against any OneBot endpoint, and prints the spec.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `onespec: a machine-readable OneBot v11 standard, its reference server and conformance suite.

Usage:
  onespec serve   [flags]   run the reference OneBot v11 server (HTTP API + docs at /docs)
  onespec conform [flags]   check any OneBot v11 HTTP endpoint or forward WebSocket against the spec
  onespec proxy   [flags]   relay a bot's traffic to any implementation, judging it by the spec
  onespec spec    [flags]   print the OpenAPI document
  onespec version           print the version

Run "onespec <command> -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var exit exitError
		if !errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, "onespec:", err)
			os.Exit(1)
		}
		os.Exit(int(exit))
	}
}

// exitError asks main for an exit status without printing anything more (the command has
// already reported, e.g. a conformance run with failures).
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// errUsage marks a command-line mistake; the flag package has already printed the details.
var errUsage = errors.New("invalid usage")

// errHelpShown says a command printed its usage because it was asked to (-h, --help): main
// exits 0, as for any command that did what was asked.
var errHelpShown = errors.New("help shown")

// parseFlags parses a command's flags. Asked for help, it prints the usage to stdout (where a
// reader piping it to less or grep expects it) and returns errHelpShown; on a mistake it prints
// the flag package's message and the usage to stderr and returns errUsage.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	var out bytes.Buffer
	fs.SetOutput(&out)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		_, _ = stdout.Write(out.Bytes())
		return errHelpShown
	case err != nil:
		_, _ = stderr.Write(out.Bytes())
		return errUsage
	}
	return nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if err := runCommand(ctx, args, stdout, stderr); !errors.Is(err, errHelpShown) {
		return err
	}
	return nil
}

func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "conform":
		return conform(ctx, rest, stdout, stderr)
	case "proxy":
		return proxy(ctx, rest, stdout, stderr)
	case "spec":
		return printSpec(rest, stdout, stderr)
	case "version":
		fs := flag.NewFlagSet("version", flag.ContinueOnError)
		fs.Usage = func() { fmt.Fprintln(fs.Output(), "Usage: onespec version\n\nPrints the version of onespec.") }
		if err := parseFlags(fs, rest, stdout, stderr); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "onespec", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "onespec: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}
