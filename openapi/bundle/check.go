package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// The authoring traps: YAML and OpenAPI accept them, the generators turn them into something
// nobody meant, and nothing said so until a test or the server's start failed. checkSource
// refuses each one in the source file, naming the file, the line, the path inside the file and
// the rule, and saying the fix (docs/dev/spec-authoring.md, "Traps").

// schemaKeys are the keys an OpenAPI 3.0.3 Schema Object may have (besides x- extensions). A
// key outside them is almost always a description that YAML split at ", " inside a flow
// mapping: {type: string, description: Song id, e.g. 123} has a key "e.g. 123".
var schemaKeys = []string{
	"$ref", "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
	"maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
	"minProperties", "required", "enum", "type", "allOf", "oneOf", "anyOf", "not", "items",
	"properties", "additionalProperties", "description", "format", "default", "nullable",
	"discriminator", "readOnly", "writeOnly", "xml", "externalDocs", "example", "deprecated",
}

// textKeys hold prose: YAML must leave them strings.
var textKeys = []string{"description", "summary", "title"}

// nameMaps are the keys whose value maps names (of properties, schemas, paths, status codes,
// media types, examples...) to objects: a key inside them is a name, never a keyword.
var nameMaps = []string{
	"properties", "schemas", "responses", "parameters", "examples", "requestBodies", "headers",
	"securitySchemes", "links", "callbacks", "paths", "content", "variables", "encoding",
}

// dataKeys hold example or constraint data, free of the document's vocabulary.
var dataKeys = []string{"example", "default", "enum", "value", "mapping"}

// trap is one refusal: where in which file, which rule, and the fix.
type trap struct {
	file string
	line int
	path []string
	rule string
}

func (t trap) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", t.file, t.line, strings.Join(t.path, "."), t.rule)
}

// checkSource finds the traps in one source file's document.
func checkSource(file string, doc *yaml.Node) error {
	c := &checker{file: file}
	c.prose(doc, nil, false)
	c.schemasIn(doc, nil)
	return errors.Join(c.traps...)
}

type checker struct {
	file  string
	traps []error
}

func (c *checker) refuse(n *yaml.Node, path []string, format string, args ...any) {
	c.traps = append(c.traps, trap{file: c.file, line: n.Line, path: slices.Clone(path), rule: fmt.Sprintf(format, args...)})
}

// prose checks that every description, summary and title is a string. names says n's keys
// are names (of properties, schemas...), not keywords.
func (c *checker) prose(n *yaml.Node, path []string, names bool) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, sub := range n.Content {
			c.prose(sub, path, false)
		}
	case yaml.SequenceNode:
		for i, sub := range n.Content {
			c.prose(sub, append(path, fmt.Sprint(i)), false)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i].Value, n.Content[i+1]
			p := append(path, key)
			switch {
			case names:
				c.prose(val, p, false)
			case strings.HasPrefix(key, "x-") || slices.Contains(dataKeys, key):
				// free data
			case slices.Contains(textKeys, key):
				if val.Kind != yaml.ScalarNode || val.Tag != "!!str" {
					c.refuse(val, p, "%s must be a string, but YAML read %s: quote it (\"...\") or write it as a block (|)", key, yamlKind(val))
				}
			default:
				c.prose(val, p, slices.Contains(nameMaps, key))
			}
		}
	}
}

// schemasIn finds the schemas of a document: the values of components.schemas and of every
// `schema` key (parameters, media types), and checks each.
func (c *checker) schemasIn(n *yaml.Node, path []string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, sub := range n.Content {
			c.schemasIn(sub, path)
		}
	case yaml.SequenceNode:
		for i, sub := range n.Content {
			c.schemasIn(sub, append(path, fmt.Sprint(i)))
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i].Value, n.Content[i+1]
			p := append(path, key)
			switch {
			case strings.HasPrefix(key, "x-") || slices.Contains(dataKeys, key):
			case key == "schema":
				c.schema(val, p)
			case key == "schemas" && len(path) == 1 && path[0] == "components":
				for j := 0; j+1 < len(val.Content); j += 2 {
					c.schema(val.Content[j+1], append(p, val.Content[j].Value))
				}
			default:
				c.schemasIn(val, p)
			}
		}
	}
}

// schema checks a schema and the schemas inside it.
func (c *checker) schema(s *yaml.Node, path []string) {
	if s.Kind != yaml.MappingNode {
		if s.Kind != yaml.ScalarNode || s.Tag != "!!bool" { // additionalProperties: false
			c.refuse(s, path, "a schema must be a mapping, but YAML read %s", yamlKind(s))
		}
		return
	}
	for i := 0; i+1 < len(s.Content); i += 2 {
		key, val := s.Content[i], s.Content[i+1]
		if strings.HasPrefix(key.Value, "x-") || slices.Contains(schemaKeys, key.Value) {
			continue
		}
		hint := "remove it, or make it an extension (x-...)"
		if s.Style&yaml.FlowStyle != 0 || val.Tag == "!!null" {
			hint = "in a flow mapping {...} an unquoted \", \" ends the value before it: quote the description (\"...\") or write the schema as a block"
		}
		c.refuse(key, append(path, key.Value), "%q is not a key a schema may have; %s", key.Value, hint)
	}
	sub := func(key string, n *yaml.Node, p []string, named bool) {
		if !named && isInlineObject(n) {
			c.refuse(n, p, "an inline object schema (type: object with properties) under %s becomes an anonymous Go struct: "+
				"name it (move it to components.schemas, e.g. %s, and $ref it)", key, suggestName(path, p))
		}
		c.schema(n, p)
	}
	if props := get(s, "properties"); props != nil && props.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(props.Content); i += 2 {
			sub("properties", props.Content[i+1], append(path, "properties", props.Content[i].Value), false)
		}
	}
	if items := get(s, "items"); items != nil {
		sub("items", items, append(path, "items"), false)
	}
	if ap := get(s, "additionalProperties"); ap != nil {
		sub("additionalProperties", ap, append(path, "additionalProperties"), false)
	}
	if not := get(s, "not"); not != nil {
		sub("not", not, append(path, "not"), true)
	}
	// The parts of a composition are merged (allOf) or become the union's own members: not
	// anonymous fields.
	for _, key := range []string{"allOf", "oneOf", "anyOf"} {
		if list := get(s, key); list != nil && list.Kind == yaml.SequenceNode {
			for i, part := range list.Content {
				sub(key, part, append(path, key, fmt.Sprint(i)), true)
			}
		}
	}
}

// isInlineObject says whether a schema is an object with its own properties written in place
// (not a $ref, and not mapped to a Go type by x-go-type): oapi-codegen makes it a struct
// without a name, which Go code can read but hardly build.
func isInlineObject(s *yaml.Node) bool {
	props := get(s, "properties")
	return scalar(s, "type") == "object" && props != nil && len(props.Content) > 0 &&
		get(s, "$ref") == nil && get(s, "x-go-type") == nil
}

// suggestName proposes a component name for an inline schema at p inside the schema at path:
// the enclosing schema's name and the property, in Pascal case (MusicSegment.data ->
// MusicSegmentData).
func suggestName(path, p []string) string {
	var b strings.Builder
	for _, step := range p {
		switch step {
		case "components", "schemas", "properties", "items", "additionalProperties", "paths", "post",
			"requestBody", "responses", "content", "application/json", "schema":
			continue
		}
		for _, part := range strings.FieldsFunc(step, func(r rune) bool { return r == '_' || r == '/' || r == '.' || r == '-' }) {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	if b.Len() == 0 {
		return "SomethingData"
	}
	return b.String()
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (an unquoted \": \" inside it?)"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing (null)"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	}
	return n.Tag
}

// origins records which source file defined each path and component, and each file's text, to
// say where a problem that only the whole document shows comes from.
type origins struct {
	defined map[string]string // path ("/get_msg") or component name -> file
	text    map[string]string // file -> its text
}

func (o *origins) read(fsys fs.FS, name string, part *yaml.Node) error {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	o.record(name, part, raw)
	return nil
}

func (o *origins) record(file string, part *yaml.Node, raw []byte) {
	o.text[file] = string(raw)
	if paths := get(part, "paths"); paths != nil {
		for i := 0; i+1 < len(paths.Content); i += 2 {
			o.defined[paths.Content[i].Value] = file
		}
	}
	if comps := get(part, "components"); comps != nil {
		for i := 0; i+1 < len(comps.Content); i += 2 {
			kind := comps.Content[i+1]
			for j := 0; j+1 < len(kind.Content); j += 2 {
				o.defined[kind.Content[j].Value] = file
			}
		}
	}
}

// blame names the source files a validation message is about: the file defining the path or
// component it names, or, for a reference to a component nobody defines, the files using it.
func (o *origins) blame(msg string) []string {
	var files []string
	for _, m := range refPattern.FindAllStringSubmatch(msg, -1) {
		if _, ok := o.defined[m[1]]; ok {
			continue
		}
		for file, text := range o.text {
			if strings.Contains(text, m[0]) {
				files = append(files, file)
			}
		}
	}
	if len(files) == 0 {
		for name, file := range o.defined {
			if regexp.MustCompile(`(^|[^\w/])` + regexp.QuoteMeta(name) + `($|[^\w/])`).MatchString(msg) {
				files = append(files, file)
			}
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

var refPattern = regexp.MustCompile(`#/components/\w+/([\w.-]+)`)

// validate loads the bundled document as the reference server does at start (kin-openapi's
// loader and validation), so that a document the server would refuse fails the bundle instead.
func validate(doc []byte, from *origins) error {
	t, err := openapi3.NewLoader().LoadFromData(doc)
	if err == nil {
		err = t.Validate(context.Background())
	}
	if err == nil {
		return nil
	}
	where := ""
	if files := from.blame(err.Error()); len(files) > 0 {
		where = strings.Join(files, ", ") + ": "
	}
	return fmt.Errorf("%sthe bundled document is not valid OpenAPI (the server would refuse it at start): %w", where, err)
}
