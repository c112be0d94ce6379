// Command bundle merges the spec's source files (openapi/src) into the one document that the
// generators, the reference server, the conformance suite and the docs read (openapi/openapi.yaml).
//
// Sources are split so that ~230 operations stay navigable: a root document, shared schemas in
// components/, and one file per action in actions/<tag>/<action>.yaml. Besides merging, the
// bundler adds what every operation has in common, so that no action file repeats it:
//
//   - the 200 response schema: a "<Name>Result" component, the OneBot envelope whose data is the
//     schema the response names in x-onebot-data (or NoDataResult when it names none);
//   - the HTTP-level error responses (400, 401, 403, 405, 406, 413) from components/responses;
//
// and it refuses sources that break the conventions in docs/dev/spec-authoring.md, sources that
// fall into one of its traps (check.go), and a bundle the reference server would refuse at start.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// envelopeImport is the Go package holding the generic envelope the Result schemas map to.
const envelopeImport = "github.com/onespec/onespec/openapi"

// sharedErrors maps HTTP status codes every operation can answer to their shared responses.
var sharedErrors = []struct{ code, ref string }{
	{"400", "BadRequest"},
	{"401", "Unauthorized"},
	{"403", "Forbidden"},
	{"405", "MethodNotAllowed"},
	{"406", "UnsupportedContentType"},
	{"413", "PayloadTooLarge"},
}

var effects = []string{"read", "write", "disruptive"}

func main() {
	src := flag.String("src", "openapi/src", "directory of spec sources")
	out := flag.String("out", "openapi/openapi.yaml", "bundled document to write")
	sharedFlag := flag.String("shared", "", "comma-separated component files of another document to include (the envelope and transport components a second document shares)")
	coreDir := flag.String("core", "", "directory of the shared component files whose schemas are generated once, into -core-package, and aliased by every other generated package")
	corePkg := flag.String("core-package", "github.com/onespec/onespec/gen/core", "Go package of the shared components (with -core)")
	coreGo := flag.String("core-go", "gen/core/core.gen.go", "the Go file generated into -core-package, where the Go names of the shared schemas are read (with -core)")
	flag.Parse()
	var shared []File
	for _, path := range strings.Split(*sharedFlag, ",") {
		if path = strings.TrimSpace(path); path == "" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bundle:", err)
			os.Exit(1)
		}
		shared = append(shared, File{Name: path, Data: data})
	}
	doc, err := Bundle(os.DirFS(*src), shared...)
	if err == nil && *coreDir != "" {
		doc, err = markCore(doc, os.DirFS("."), *coreDir, *corePkg, *coreGo)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, doc, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
}

// File is a source file given by content, from outside the sources' directory.
type File struct {
	Name string
	Data []byte
}

// Bundle reads the sources in fsys, and the shared component files, and returns the bundled
// YAML document.
func Bundle(fsys fs.FS, shared ...File) ([]byte, error) {
	root, err := readMapping(fsys, "openapi.yaml")
	if err != nil {
		return nil, err
	}
	tags, err := tagNames(root)
	if err != nil {
		return nil, err
	}
	from := &origins{defined: map[string]string{}, text: map[string]string{}}
	if err := from.read(fsys, "openapi.yaml", root); err != nil {
		return nil, err
	}
	// Every source is checked for the traps before it is merged; all the refusals are
	// reported at once.
	traps := []error{checkSource("openapi.yaml", root)}
	for _, f := range shared {
		part, err := parseMapping(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		traps = append(traps, checkSource(f.Name, part))
		from.record(f.Name, part, f.Data)
		if err := merge(root, part, f.Name, ""); err != nil {
			return nil, err
		}
	}

	components, err := fs.Glob(fsys, "components/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(components)
	for _, name := range components {
		part, err := readMapping(fsys, name)
		if err != nil {
			return nil, err
		}
		traps = append(traps, checkSource(name, part))
		if err := from.read(fsys, name, part); err != nil {
			return nil, err
		}
		if err := merge(root, part, name, ""); err != nil {
			return nil, err
		}
	}

	// A document may have no actions/ at all: the bot-side document's one path is in its root.
	dirs, err := fs.ReadDir(fsys, "actions")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading actions/: %w", err)
	}
	for _, d := range dirs {
		if !d.IsDir() || !slices.Contains(tags, d.Name()) {
			return nil, fmt.Errorf("actions/%s: not a tag of openapi.yaml (tags: %s)", d.Name(), strings.Join(tags, ", "))
		}
	}
	for _, tag := range tags {
		files, err := fs.Glob(fsys, "actions/"+tag+"/*.yaml")
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, name := range files {
			part, err := readMapping(fsys, name)
			if err != nil {
				return nil, err
			}
			traps = append(traps, checkSource(name, part))
			if err := from.read(fsys, name, part); err != nil {
				return nil, err
			}
			if err := completeOperation(part, tag, name); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if err := merge(root, part, name, ""); err != nil {
				return nil, err
			}
		}
	}

	if err := errors.Join(traps...); err != nil {
		return nil, err
	}
	if err := checkAliases(root); err != nil {
		return nil, err
	}
	if err := checkFamilies(root); err != nil {
		return nil, err
	}

	out, err := encode(root)
	if err != nil {
		return nil, err
	}
	if err := validate(out, from); err != nil {
		return nil, err
	}
	return out, nil
}

// header marks a bundle as generated.
const header = "# Code generated by openapi/bundle from openapi/src. DO NOT EDIT.\n"

// encode writes a bundled document.
func encode(root *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("encoding the bundle: %w", err)
	}
	return buf.Bytes(), nil
}

func readMapping(fsys fs.FS, name string) (*yaml.Node, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return parseMapping(name, raw)
}

func parseMapping(name string, raw []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: the document must be a mapping", name)
	}
	return doc.Content[0], nil
}

func tagNames(root *yaml.Node) ([]string, error) {
	tags := get(root, "tags")
	if tags == nil || tags.Kind != yaml.SequenceNode {
		return nil, errors.New("openapi.yaml: tags must list the categories")
	}
	var names []string
	for _, t := range tags.Content {
		if n := get(t, "name"); n != nil {
			names = append(names, n.Value)
		}
	}
	return names, nil
}

// merge adds src's keys to dst. It recurses only through the document's skeleton (the top
// level and components/<kind>), so that a path or a schema defined in two files is reported as a
// conflict instead of being silently mixed.
func merge(dst, src *yaml.Node, file, path string) error {
	for i := 0; i+1 < len(src.Content); i += 2 {
		key, val := src.Content[i], src.Content[i+1]
		existing := get(dst, key.Value)
		switch {
		case existing == nil:
			dst.Style &^= yaml.FlowStyle // an empty `{}` placeholder grows into a block mapping
			dst.Content = append(dst.Content, key, val)
		case existing.Kind == yaml.MappingNode && val.Kind == yaml.MappingNode && (path == "" || path == "/components"):
			if err := merge(existing, val, file, path+"/"+key.Value); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: %s/%s is already defined by another source file", file, path, key.Value)
		}
	}
	return nil
}

// completeOperation checks an action file against the conventions and adds the envelope
// schema and the shared error responses to its operation.
func completeOperation(part *yaml.Node, tag, file string) error {
	action := strings.TrimSuffix(filepath.Base(file), ".yaml")
	paths := get(part, "paths")
	if paths == nil || len(paths.Content) != 2 {
		return errors.New("an action file holds exactly one path")
	}
	if p := paths.Content[0].Value; p != "/"+action {
		return fmt.Errorf("path %q does not match the file name (want /%s)", p, action)
	}
	item := paths.Content[1]
	if len(item.Content) != 2 || item.Content[0].Value != "post" {
		return errors.New("the path holds exactly one operation, post")
	}
	op := item.Content[1]

	if id := scalar(op, "operationId"); id != action {
		return fmt.Errorf("operationId %q must equal the action name %q", id, action)
	}
	if t := get(op, "tags"); t == nil || len(t.Content) != 1 || t.Content[0].Value != tag {
		return fmt.Errorf("tags must be [%s], the file's directory", tag)
	}
	for _, key := range []string{"summary", "description", "x-onebot-name-zh", "x-onebot-sources"} {
		if get(op, key) == nil {
			return fmt.Errorf("%s is missing", key)
		}
	}
	if e := scalar(op, "x-onebot-effect"); !slices.Contains(effects, e) {
		return fmt.Errorf("x-onebot-effect %q must be one of %s", e, strings.Join(effects, ", "))
	}
	if rc := get(op, "x-onebot-retcodes"); rc == nil || rc.Kind != yaml.SequenceNode || len(rc.Content) == 0 {
		return errors.New("x-onebot-retcodes must list the retcodes the action can return")
	}
	body := get(get(get(get(op, "requestBody"), "content"), "application/json"), "schema")
	if body == nil {
		return errors.New("requestBody.content.application/json.schema is missing")
	}
	if !hasExamples(get(get(get(op, "requestBody"), "content"), "application/json")) {
		return errors.New("the request body needs at least one example")
	}

	responses := get(op, "responses")
	ok := get(responses, "200")
	media := get(get(ok, "content"), "application/json")
	if media == nil {
		return errors.New("responses.200.content.application/json is missing")
	}
	if get(media, "schema") != nil {
		return errors.New("responses.200 must not spell out its schema: the bundler derives it from x-onebot-data")
	}
	if !hasExamples(media) {
		return errors.New("the 200 response needs at least one example")
	}

	result := "NoDataResult"
	if data := scalar(ok, "x-onebot-data"); data != "" {
		result = pascal(action) + "Result"
		schemas := ensure(ensure(part, "components"), "schemas")
		if get(schemas, result) != nil {
			return fmt.Errorf("%s is defined by hand; the bundler writes it", result)
		}
		appendKey(schemas, result, resultSchema(data))
	}
	prepend(media, "schema", refNode("#/components/schemas/"+result))
	for _, e := range sharedErrors {
		if get(responses, e.code) == nil {
			appendKey(responses, e.code, refNode("#/components/responses/"+e.ref))
		}
	}
	return nil
}

// resultSchema is the envelope around data, typed in Go as openapi.Envelope[*data] so that data
// is null whenever a handler leaves it unset (failed and async answers). In OpenAPI 3.0.3
// `nullable` beside a $ref'd schema does not admit null (the ref's own constraints still
// apply), so the data is one of the schema or NullValue (oneOf, not anyOf: validators report
// why each alternative failed only for oneOf).
func resultSchema(data string) *yaml.Node {
	var n yaml.Node
	src := fmt.Sprintf(`x-go-type: openapi.Envelope[*%[1]s]
x-go-type-import: {path: %[2]s}
description: The OneBot envelope whose data is %[1]s (null when the call failed). 响应
allOf:
  - $ref: '#/components/schemas/Envelope'
  - type: object
    properties:
      data:
        oneOf:
          - $ref: '#/components/schemas/%[1]s'
          - $ref: '#/components/schemas/NullValue'
`, data, envelopeImport)
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		panic(err) // the template above is constant
	}
	return n.Content[0]
}

func hasExamples(media *yaml.Node) bool {
	ex := get(media, "examples")
	return get(media, "example") != nil || (ex != nil && len(ex.Content) > 0)
}

// pascal turns an action name into the Go-style name of its schemas: send_msg -> SendMsg,
// .handle_quick_operation -> HandleQuickOperation, get_group_file_url -> GetGroupFileURL,
// translate_en2zh -> TranslateEn2Zh. As oapi-codegen's name normalizer
// (ToCamelCaseWithInitialisms) writes names, a word that is an initialism is in capitals and a
// letter after a digit starts a word, so that the name the spec gives a schema is its Go
// type's and every generator spells it the same.
func pascal(action string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(action, func(r rune) bool { return r == '_' || r == '.' }) {
		if initialisms[part] {
			b.WriteString(strings.ToUpper(part))
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]))
		for i := 1; i < len(part); i++ {
			c := part[i : i+1]
			if part[i-1] >= '0' && part[i-1] <= '9' {
				c = strings.ToUpper(c)
			}
			b.WriteString(c)
		}
	}
	return b.String()
}

// initialisms are oapi-codegen's (pkg/codegen initialismsList), lower-cased.
var initialisms = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(`acl api ascii cpu css dns eof guid html http https id ip json qps ram rpc sla
		smtp sql ssh tcp tls ttl udp ui gid uid uuid uri url utf8 vm xml xmpp xsrf xss sip rtp amqp db ts`) {
		m[s] = true
	}
	return m
}()

func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(m *yaml.Node, key string) string {
	if n := get(m, key); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

func ensure(m *yaml.Node, key string) *yaml.Node {
	if n := get(m, key); n != nil {
		return n
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	appendKey(m, key, n)
	return n
}

func keyNode(key string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
}

func appendKey(m *yaml.Node, key string, val *yaml.Node) {
	m.Content = append(m.Content, keyNode(key), val)
}

func prepend(m *yaml.Node, key string, val *yaml.Node) {
	m.Content = append([]*yaml.Node{keyNode(key), val}, m.Content...)
}

func refNode(ref string) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Content: []*yaml.Node{
		keyNode("$ref"), {Kind: yaml.ScalarNode, Tag: "!!str", Value: ref, Style: yaml.SingleQuotedStyle},
	}}
}
