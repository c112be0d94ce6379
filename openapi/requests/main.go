// Command requests writes the request document of a bundled spec: the same paths, each with
// only its request body's schema, and only the component schemas those reach, without
// descriptions, examples or extensions the server does not read.
//
// It exists for a fast start. The reference server needs, at start, only what validates and
// coerces requests (the dispatcher's compiled parameters and the send rules of messages).
// Parsing the whole bundle with kin-openapi (descriptions, examples, response schemas of ~230
// operations) costs hundreds of milliseconds and megabytes of heap that serving never reads;
// the request document is a small fraction of it. The full bundle is still parsed by whatever
// needs it (the docs, the conformance suite, the tests), at its first use.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// kept are the extensions the server reads from request schemas (impl/params, impl/outgoing):
// every other x- key is documentation for people and tools.
var kept = []string{"x-onebot-aliases", "x-onebot-direction"}

// prose keys describe a schema to people; the request document drops them.
var prose = []string{"description", "example", "examples", "title", "externalDocs", "summary"}

func main() {
	spec := flag.String("spec", "openapi/openapi.yaml", "bundled document to read")
	out := flag.String("out", "openapi/openapi.requests.json", "request document to write")
	flag.Parse()
	src, err := os.ReadFile(*spec)
	if err == nil {
		var doc []byte
		if doc, err = Build(src); err == nil {
			err = os.WriteFile(*out, doc, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "requests:", err)
		os.Exit(1)
	}
}

// Build returns the request document of the bundled spec src (YAML), as indented JSON.
func Build(src []byte) ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("reading the spec: %w", err)
	}
	schemas, _ := dig(doc, "components", "schemas").(map[string]any)
	paths, _ := doc["paths"].(map[string]any)
	if paths == nil {
		return nil, errors.New("the spec has no paths")
	}
	needed := map[string]bool{}
	var queue []string
	need := func(v any) {
		for _, name := range refs(v) {
			if !needed[name] {
				needed[name] = true
				queue = append(queue, name)
			}
		}
	}
	outPaths := map[string]any{}
	for path, item := range paths {
		post, _ := dig(item, "post").(map[string]any)
		if post == nil {
			continue
		}
		op := map[string]any{"responses": map[string]any{"200": map[string]any{"description": "the envelope"}}}
		if id, ok := post["operationId"]; ok {
			op["operationId"] = id
		}
		if schema := dig(post, "requestBody", "content", "application/json", "schema"); schema != nil {
			schema = strip(schema)
			need(schema)
			op["requestBody"] = map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
		}
		outPaths[path] = map[string]any{"post": op}
	}
	// The send rules read the Message schema by name, whatever refers to it.
	if _, ok := schemas["Message"]; ok {
		need(map[string]any{"$ref": "#/components/schemas/Message"})
	}
	outSchemas := map[string]any{}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		s, ok := schemas[name]
		if !ok {
			return nil, fmt.Errorf("a request schema refers to the missing component %q", name)
		}
		s = strip(s)
		outSchemas[name] = s
		need(s)
	}
	out := map[string]any{
		"openapi": doc["openapi"],
		"info":    map[string]any{"title": fmt.Sprint(dig(doc, "info", "title"), " (requests)"), "version": dig(doc, "info", "version")},
		"paths":   outPaths,
		"components": map[string]any{
			"schemas": outSchemas,
		},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("writing the request document: %w", err)
	}
	return buf.Bytes(), nil
}

// strip returns schema without prose and unread extensions (the description of a schema
// with alternatives stays: the server quotes it when a value fits none). Keys that hold schemas are
// walked as schemas; the keys of properties are names (a property may be called
// "description"), and values (default, enum, discriminator) are kept as they are.
func strip(schema any) any {
	switch s := schema.(type) {
	case []any:
		out := make([]any, len(s))
		for i, v := range s {
			out[i] = strip(v)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		_, anyOf := s["anyOf"]
		_, oneOf := s["oneOf"]
		for k, v := range s {
			switch {
			case k == "description" && (anyOf || oneOf):
				// Kept: a refused value is told what the alternatives are in the schema's own
				// words (impl/params: "Give target_id (a private message) or group_id").
				out[k] = v
			case slices.Contains(prose, k):
			case strings.HasPrefix(k, "x-") && !slices.Contains(kept, k):
			case k == "properties" || k == "patternProperties":
				props := map[string]any{}
				for name, p := range asMap(v) {
					props[name] = strip(p)
				}
				out[k] = props
			case k == "items" || k == "additionalProperties" || k == "not" ||
				k == "allOf" || k == "oneOf" || k == "anyOf":
				out[k] = strip(v)
			default:
				out[k] = v
			}
		}
		return out
	default:
		return schema
	}
}

// refs lists the component schemas v refers to.
func refs(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, sub := range x {
				if r, ok := sub.(string); ok && k == "$ref" {
					if name, ok := strings.CutPrefix(r, "#/components/schemas/"); ok {
						out = append(out, name)
					}
					continue
				}
				walk(sub)
			}
		case []any:
			for _, sub := range x {
				walk(sub)
			}
		}
	}
	walk(v)
	slices.Sort(out)
	return out
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
