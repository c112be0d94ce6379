// Package params turns the parameters a OneBot client sent, in whatever shape real clients use,
// into the canonical, validated JSON object an action's typed request decodes from.
//
// Real clients send parameters as JSON, as form bodies or as query strings; numbers as strings,
// booleans as "1", a message as a CQ-code string, a segment array or one segment, and some
// parameters under another implementation's name (go-cqhttp's message_id for get_forward_msg's
// id). Everything here is driven by the spec's request schemas: which fields are integers or
// booleans, which names are aliases (x-onebot-aliases), which defaults apply and what is valid
// all come from openapi/openapi.yaml, never from per-action code. The same Prepare serves every
// transport.
//
// Each request schema is compiled once into a tree of nodes. One walk of that tree folds
// aliases, coerces, fills in defaults and validates, following only the branch of a union that
// the value's kind (or its discriminator) selects, so a valid message is never tried against
// branches it cannot match. Schemas using keywords the walk does not know are validated by
// kin-openapi instead, so the walk is a fast path, never a looser one.
package params

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// AliasesExtension lists other names of a property (on a property schema) or of an action (on
// an operation).
const AliasesExtension = "x-onebot-aliases"

// kind is a JSON kind a schema accepts.
type kind uint8

const (
	kindAny kind = iota
	kindString
	kindInteger
	kindNumber
	kindBoolean
	kindObject
	kindArray
	kindUnion
)

// node is a compiled schema.
type node struct {
	schema   *openapi3.Schema
	kind     kind
	nullable bool
	// kin: validate this node's value with kin-openapi (leaf constraints such as enum and
	// minimum, or keywords the walk does not implement). When the node is a leaf, only this
	// check runs; otherwise it runs after the walk (fallback).
	kin      bool
	fallback bool
	int32    bool

	// object
	props      map[string]*node
	order      []string // property names, sorted, for stable messages
	required   []string
	defaults   map[string]any
	aliases    map[string]string // alias -> canonical property name
	additional *node
	closed     bool // additionalProperties: false
	anyOf      []*openapi3.Schema
	oneOf      []*openapi3.Schema

	// array
	items *node

	// union
	byKind        map[string]*node
	kinds         []string // the branches' kinds, in the spec's order, for messages
	discriminator string
	mapping       map[string]*node
	hasString     bool // a string branch exists: a JSON-looking string may still be text

	allOf []*node
}

// compiler compiles schemas, sharing the node of a schema reached twice (segments nest).
type compiler struct {
	nodes map[*openapi3.Schema]*node
}

func newCompiler() *compiler { return &compiler{nodes: map[*openapi3.Schema]*node{}} }

func (c *compiler) compile(s *openapi3.Schema) *node {
	if s == nil {
		return &node{kind: kindAny}
	}
	if n, ok := c.nodes[s]; ok {
		return n
	}
	n := &node{schema: s, nullable: s.Nullable}
	c.nodes[s] = n
	if !walkable(s) {
		n.kin, n.fallback = true, true
	}
	for _, sub := range s.AllOf {
		n.allOf = append(n.allOf, c.compile(sub.Value))
	}
	// A union lists alternatives and nothing else (a discriminated union may say it is an
	// object); an object with properties that also lists anyOf/oneOf only constrains.
	isUnion := (s.Type == nil || s.Type.Is(openapi3.TypeObject) && s.Discriminator != nil) &&
		len(s.Properties) == 0 && (len(s.OneOf) > 0 || len(s.AnyOf) > 0)
	switch {
	case isUnion:
		c.compileUnion(n, s)
	case s.Type.Is(openapi3.TypeString):
		n.kind = kindString
	case s.Type.Is(openapi3.TypeInteger):
		n.kind = kindInteger
		n.int32 = s.Format == "int32"
	case s.Type.Is(openapi3.TypeNumber):
		n.kind = kindNumber
	case s.Type.Is(openapi3.TypeBoolean):
		n.kind = kindBoolean
	case s.Type.Is(openapi3.TypeArray):
		n.kind = kindArray
		if s.Items != nil {
			n.items = c.compile(s.Items.Value)
		}
	case s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0:
		c.compileObject(n, s)
	default:
		n.kind = kindAny
	}
	if hasLeafConstraints(s) {
		n.kin = true
	}
	return n
}

func (c *compiler) compileObject(n *node, s *openapi3.Schema) {
	n.kind = kindObject
	n.props = map[string]*node{}
	n.required = s.Required
	for name, ref := range s.Properties {
		if ref == nil || ref.Value == nil {
			continue
		}
		n.props[name] = c.compile(ref.Value)
		n.order = append(n.order, name)
		if ref.Value.Default != nil {
			if n.defaults == nil {
				n.defaults = map[string]any{}
			}
			n.defaults[name] = ref.Value.Default
		}
		for _, alias := range stringList(ref.Value.Extensions[AliasesExtension]) {
			if n.aliases == nil {
				n.aliases = map[string]string{}
			}
			n.aliases[alias] = name
		}
	}
	slices.Sort(n.order)
	if ap := s.AdditionalProperties; ap.Schema != nil && ap.Schema.Value != nil {
		n.additional = c.compile(ap.Schema.Value)
	} else if ap.Has != nil && !*ap.Has {
		n.closed = true
	}
	// An object that also lists anyOf/oneOf ("id or message_id is required") is not a union:
	// its branches only constrain, and kin-openapi checks them on the finished object.
	for _, b := range s.AnyOf {
		n.anyOf = append(n.anyOf, b.Value)
	}
	for _, b := range s.OneOf {
		n.oneOf = append(n.oneOf, b.Value)
	}
}

// compileUnion picks how a value selects its branch: by the discriminator (message segments,
// by "type") or by its JSON kind. A union whose branches share a kind and have no
// discriminator is left to kin-openapi.
func (c *compiler) compileUnion(n *node, s *openapi3.Schema) {
	n.kind = kindUnion
	branches := s.OneOf
	if len(branches) == 0 {
		branches = s.AnyOf
	}
	if d := s.Discriminator; d != nil {
		n.discriminator = d.PropertyName
		n.mapping = map[string]*node{}
		for tag, ref := range d.Mapping {
			for _, b := range branches {
				if b.Ref == ref.Ref && b.Value != nil {
					n.mapping[tag] = c.compile(b.Value)
				}
			}
		}
		return
	}
	n.byKind = map[string]*node{}
	for _, b := range branches {
		if b.Value == nil {
			continue
		}
		k := branchKind(b.Value)
		if _, dup := n.byKind[k]; dup {
			n.kin, n.fallback = true, true
		}
		n.byKind[k] = c.compile(b.Value)
		n.kinds = append(n.kinds, k)
		if k == "string" {
			n.hasString = true
		}
	}
}

// walkable reports whether every keyword of s is one the walk implements (leaf constraints
// are checked by kin-openapi on the leaf alone).
func walkable(s *openapi3.Schema) bool {
	return s.Not == nil && s.MinProps == 0 && s.MaxProps == nil &&
		!s.UniqueItems && len(s.PatternProperties) == 0
}

func hasLeafConstraints(s *openapi3.Schema) bool {
	return len(s.Enum) > 0 || s.Min != nil || s.Max != nil || s.MultipleOf != nil || s.Pattern != "" ||
		s.MinLength > 0 || s.MaxLength != nil || (s.Format != "" && s.Type.Is(openapi3.TypeString))
}

func stringList(v any) []string {
	items, _ := v.([]any)
	var out []string
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Schema is a compiled request schema.
type Schema struct {
	root *node
}

// Compile compiles an object schema (an action's parameters).
func Compile(s *openapi3.Schema) *Schema {
	return &Schema{root: newCompiler().compile(s)}
}

// Prepare folds aliases, coerces params to the schema, fills in defaults and validates the
// result, in place. The error names the offending field and says what is wrong with it, for
// the envelope's message (retcode 1400).
func (s *Schema) Prepare(params map[string]any) (map[string]any, error) {
	if params == nil {
		params = map[string]any{}
	}
	v, err := walk(s.root, params, nil)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the parameters must be a JSON object")
	}
	return m, nil
}

// Value prepares any value (a segment, a message) against the schema.
func (s *Schema) Value(v any) (any, error) { return walk(s.root, v, nil) }

// Error is a validation failure at a path of the parameters.
type Error struct {
	Path   []string
	Reason string
}

func (e *Error) Error() string {
	if len(e.Path) == 0 {
		return e.Reason
	}
	return strings.Join(e.Path, ".") + ": " + e.Reason
}

func fail(path []string, format string, args ...any) error {
	return &Error{Path: slices.Clone(path), Reason: fmt.Sprintf(format, args...)}
}

// walk coerces v towards n, validating as it goes, and returns the coerced value.
func walk(n *node, v any, path []string) (any, error) {
	if v == nil && (n.nullable || n.kind == kindAny && !n.kin) {
		return nil, nil
	}
	for _, sub := range n.allOf {
		var err error
		if v, err = walk(sub, v, path); err != nil {
			return nil, err
		}
	}
	var err error
	switch n.kind {
	case kindUnion:
		return walkUnion(n, v, path)
	case kindString:
		v = toString(v)
		if _, ok := v.(string); !ok {
			return nil, mismatch(path, "a string", v)
		}
	case kindInteger:
		v = toInteger(v)
		i, ok := v.(int64)
		if !ok {
			if isNumber(v) {
				return nil, fail(path, "must be an integer between %d and %d, got %s", int64(math.MinInt64), int64(math.MaxInt64), describeValue(v))
			}
			return nil, mismatch(path, "an integer", v)
		}
		if n.int32 && (i < math.MinInt32 || i > math.MaxInt32) {
			return nil, fail(path, "must be a 32-bit integer (between %d and %d), got %d", math.MinInt32, math.MaxInt32, i)
		}
	case kindNumber:
		v = toNumber(v)
		if _, ok := v.(float64); !ok {
			if _, isInt := v.(int64); !isInt {
				return nil, mismatch(path, "a number", v)
			}
		}
	case kindBoolean:
		v = toBoolean(v)
		if _, ok := v.(bool); !ok {
			return nil, mismatch(path, "a boolean (true/false, 1/0 or yes/no)", v)
		}
	case kindObject:
		if v, err = walkObject(n, parseJSONString(v, '{'), path); err != nil {
			return nil, err
		}
	case kindArray:
		if v, err = walkArray(n, parseJSONString(v, '['), path); err != nil {
			return nil, err
		}
	}
	if n.kin && n.schema != nil {
		if err := n.schema.VisitJSON(v, openapi3.DisableSchemaErrorDetails()); err != nil {
			return nil, kinError(path, err)
		}
	}
	return v, nil
}

func walkObject(n *node, v any, path []string) (any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, mismatch(path, "an object", v)
	}
	for alias, canonical := range n.aliases {
		if val, present := m[alias]; present {
			if cur, has := m[canonical]; !has || cur == nil {
				m[canonical] = val
			}
			delete(m, alias)
		}
	}
	for _, name := range n.order {
		val, present := m[name]
		if present && val == nil && !n.props[name].nullable && !slices.Contains(n.required, name) {
			// null for an optional parameter means "not given" (NcatBot sends "remark": null
			// in every set_friend_add_request): the default applies, as when it is absent.
			delete(m, name)
			present = false
		}
		if !present {
			if d, ok := n.defaults[name]; ok {
				m[name] = d
			}
			continue
		}
		out, err := walk(n.props[name], val, append(path, name))
		if err != nil {
			return nil, err
		}
		m[name] = out
	}
	for _, name := range n.required {
		if _, present := m[name]; !present {
			return nil, fail(path, "property %q is missing", name)
		}
	}
	if n.additional != nil || n.closed {
		for name, val := range m {
			if _, declared := n.props[name]; declared {
				continue
			}
			if n.closed {
				return nil, fail(path, "property %q is not allowed", name)
			}
			out, err := walk(n.additional, val, append(path, name))
			if err != nil {
				return nil, err
			}
			m[name] = out
		}
	}
	if err := constraints(n, m, path); err != nil {
		return nil, err
	}
	return m, nil
}

// constraints checks an object's anyOf/oneOf constraint branches (such as "id or message_id is
// required"). A value matching none is judged by its closest alternative, so that the message
// names what is missing (`property "url" is missing`) rather than only "must satisfy one of
// the alternatives".
func constraints(n *node, m map[string]any, path []string) error {
	matches := func(branches []*openapi3.Schema) int {
		count := 0
		for _, b := range branches {
			if b != nil && b.VisitJSON(m, openapi3.DisableSchemaErrorDetails()) == nil {
				count++
			}
		}
		return count
	}
	if len(n.anyOf) > 0 && matches(n.anyOf) == 0 {
		return fail(path, "%s", constraintReason(n.schema, closest(n.anyOf, m)))
	}
	if len(n.oneOf) > 0 {
		switch matches(n.oneOf) {
		case 0:
			return fail(path, "%s", constraintReason(n.schema, closest(n.oneOf, m)))
		case 1:
		default:
			return fail(path, "%s", constraintReason(n.schema, "matches more than one of the alternatives"))
		}
	}
	return nil
}

// closest says why m fails the alternative it is closest to: the one whose constraints other
// than required (such as music's `type: custom`) it satisfies (that is the branch the value
// selects), missing the fewest properties; with none such, the first alternative's own error.
func closest(branches []*openapi3.Schema, m map[string]any) string {
	var best []string
	found := false
	for _, b := range branches {
		if b == nil {
			continue
		}
		rest := *b
		rest.Required = nil
		if rest.VisitJSON(m, openapi3.DisableSchemaErrorDetails()) != nil {
			continue
		}
		var missing []string
		for _, name := range b.Required {
			if _, ok := m[name]; !ok {
				missing = append(missing, name)
			}
		}
		if !found || len(missing) < len(best) {
			best, found = missing, true
		}
	}
	switch {
	case found && len(best) == 1:
		return fmt.Sprintf("property %q is missing", best[0])
	case found && len(best) > 1:
		quoted := make([]string, len(best))
		for i, name := range best {
			quoted[i] = strconv.Quote(name)
		}
		return fmt.Sprintf("properties %s and %s are missing", strings.Join(quoted[:len(quoted)-1], ", "), quoted[len(quoted)-1])
	}
	for _, b := range branches {
		if b != nil {
			if err := b.VisitJSON(m); err != nil {
				return describe(err)
			}
		}
	}
	return "does not satisfy any of the alternatives"
}

// constraintReason uses the schema's own description, which says what the alternatives are.
func constraintReason(s *openapi3.Schema, fallback string) string {
	if s != nil && s.Description != "" {
		return fallback + " (" + strings.TrimSpace(s.Description) + ")"
	}
	return fallback
}

func walkArray(n *node, v any, path []string) (any, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, mismatch(path, "an array", v)
	}
	// The count is checked before the items are, so that a bounded array of a million items
	// costs one comparison.
	if s := n.schema; s != nil {
		if s.MaxItems != nil && uint64(len(items)) > *s.MaxItems {
			return nil, fail(path, "%d items, more than the maximum of %d", len(items), *s.MaxItems)
		}
		if uint64(len(items)) < s.MinItems {
			return nil, fail(path, "%d items, fewer than the minimum of %d", len(items), s.MinItems)
		}
	}
	if n.items == nil {
		return items, nil
	}
	for i, item := range items {
		out, err := walk(n.items, item, append(path, strconv.Itoa(i)))
		if err != nil {
			return nil, err
		}
		items[i] = out
	}
	return items, nil
}

// walkUnion follows the one branch the value selects. A string is parsed as JSON only when it
// holds segments, so that a CQ-code string such as "[CQ:face,id=14]" stays a string.
func walkUnion(n *node, v any, path []string) (any, error) {
	if s, ok := v.(string); ok && (!n.hasString || looksLikeSegments(s)) {
		v = parseJSONString(s, '{', '[')
	}
	if n.fallback {
		return kinUnion(n, v, path)
	}
	if n.discriminator != "" {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, mismatch(path, "an object", v)
		}
		tag, ok := m[n.discriminator].(string)
		if !ok {
			return nil, fail(path, "property %q is missing", n.discriminator)
		}
		branch, ok := n.mapping[tag]
		if !ok {
			return nil, fail(append(path, n.discriminator), "unknown value %q (one of: %s)", tag, strings.Join(sortedKeys(n.mapping), ", "))
		}
		return walk(branch, m, path)
	}
	k := jsonKind(v)
	if k == "null" && n.nullable {
		return nil, nil
	}
	branch, ok := n.byKind[k]
	if !ok {
		return nil, fail(path, "must be %s, got %s", oneOfWords(n.kinds), describeValue(v))
	}
	return walk(branch, v, path)
}

// kinUnion validates a union the walk cannot split by kind, with kin-openapi: coercing by the
// first branch of the value's kind, as the walk would.
func kinUnion(n *node, v any, path []string) (any, error) {
	for _, b := range sortedKeys(n.byKind) {
		if b == jsonKind(v) {
			if coerced, err := walk(n.byKind[b], v, path); err == nil {
				v = coerced
			}
			break
		}
	}
	if err := n.schema.VisitJSON(v, openapi3.DisableSchemaErrorDetails()); err != nil {
		return nil, kinError(path, err)
	}
	return v, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var kindWords = map[string]string{"string": "a string", "array": "an array", "object": "an object", "number": "a number", "boolean": "a boolean"}

// oneOfWords says "a string, an array or an object".
func oneOfWords(kinds []string) string {
	words := make([]string, len(kinds))
	for i, k := range kinds {
		words[i] = kindWords[k]
	}
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func mismatch(path []string, want string, v any) error {
	return fail(path, "must be %s, got %s", want, describeValue(v))
}

// describeValue says what a value is, in the words of a JSON user: `the string "abc"`.
func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return fmt.Sprintf("the string %q", x)
	case bool:
		return fmt.Sprintf("the boolean %t", x)
	case json.Number:
		return "the number " + x.String()
	case float64:
		return "the number " + strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return "the number " + strconv.FormatInt(x, 10)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// kinError turns a kin-openapi validation error into one Error at path.
func kinError(path []string, err error) error {
	return &Error{Path: slices.Clone(path), Reason: describe(err)}
}

// describe turns a kin-openapi validation error into one line: the inner path and the reason.
// For a union it follows the branch that got furthest instead of reporting "must be a string".
func describe(err error) string {
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) > 0 {
		return describe(deepest(me))
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return err.Error()
	}
	path := strings.Join(se.JSONPointer(), ".")
	if se.Origin != nil {
		inner := describe(se.Origin)
		if path == "" || strings.HasPrefix(inner, path) {
			return inner
		}
		return path + ": " + inner
	}
	reason := se.Reason
	if reason == "" {
		reason = "does not match the schema's " + se.SchemaField
	}
	if (se.SchemaField == "anyOf" || se.SchemaField == "oneOf") && se.Schema != nil && se.Schema.Description != "" {
		reason += " (" + strings.TrimSpace(se.Schema.Description) + ")"
	}
	if path == "" {
		return reason
	}
	return path + ": " + reason
}

// deepest picks, among the errors of a union's branches, the one that matched the value's
// kind (its failure is not about the type) and reached deepest into it.
func deepest(errs openapi3.MultiError) error {
	best, bestScore := errs[0], -1
	for _, e := range errs {
		score := 0
		var se *openapi3.SchemaError
		if errors.As(e, &se) {
			score = len(se.JSONPointer()) * 2
			if se.SchemaField != "type" {
				score++
			}
			if se.Origin != nil {
				score += 2
			}
		}
		if score > bestScore {
			best, bestScore = e, score
		}
	}
	return best
}
