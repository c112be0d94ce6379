// Command rendition writes the docs rendition of a bundled spec: the document the Scalar page
// shows, derived from the spec at generate time so that the server does no work for it at start.
// The bundled 3.0.3 document stays the source of truth (served as /openapi.yaml and
// /openapi.json, read by the generators, the server and the conformance suite); the rendition
// only rearranges and spells out what it says, for people:
//
//   - each operation's summary is its action name and Chinese name ("send_group_msg 发送群消息"),
//     so the sidebar and the search show both; the English summary opens the description;
//   - each operation's retcodes (x-onebot-retcodes) are a table in its description, with their
//     meanings (from the Retcode schema's table) and the example answers that carry them;
//   - each operation has x-codeSamples (curl, JavaScript, Python and, where a Go client is
//     generated, Go), built from its first request example;
//   - hidden actions (names starting with ".") are listed beside the actions they serve, tags
//     with no operation are left out, and x-tagGroups group actions and events;
//   - the events (the anyOf of the Event schema) become the document's webhooks, one per event
//     kind, grouped by post_type and titled with their Chinese names ("message.group 群消息事件"),
//     which makes it an OpenAPI 3.1 document (nullable becomes a "null" type);
//   - the message segments (the oneOf of the Segment schema) get a table of their own in the
//     introduction.
//
// Usage: rendition -spec openapi/openapi.yaml -out openapi/openapi.docs.json [-client gen/client.gen.go]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/onespec/onespec/openapi/docs"
)

func main() {
	spec := flag.String("spec", "", "the bundled spec (YAML)")
	out := flag.String("out", "", "where to write the rendition (JSON)")
	client := flag.String("client", "", "the generated Go client (gen/client.gen.go), for the Go samples; none: no Go samples")
	flag.Parse()
	if *spec == "" || *out == "" {
		log.Fatal("rendition: -spec and -out are required")
	}
	if err := run(*spec, *out, *client); err != nil {
		log.Fatalf("rendition: %v", err)
	}
}

func run(specPath, out, clientPath string) error {
	src, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	var methods map[string]goMethod
	if clientPath != "" {
		if methods, err = clientMethods(clientPath); err != nil {
			return err
		}
	}
	yml, err := Render(src, methods)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	js, err := docs.YAMLToJSON(yml)
	if err != nil {
		return fmt.Errorf("%s: converting the rendition to JSON: %w", specPath, err)
	}
	return os.WriteFile(out, append(js, '\n'), 0o644)
}
