// Package eventfilter is go-cqhttp's event filter (事件过滤器, docs/EventFilter.md of
// Mrs4s/go-cqhttp): a JSON file of rules an event must pass to be delivered. The reference
// server applies it per bot to every event the world causes, before any transport sees it,
// and reload_event_filter reads the file again.
//
// The syntax is go-cqhttp's. The rules are a JSON object; every entry must hold (an "and"). A
// key starting with "." is an operator whose value is its argument; any other key is a path
// into the event ("sender.sex", "message.0.type": dots step into objects, numbers into arrays),
// and its value is either an object of rules applied to the value found there, or a value the
// found value must equal. Operators:
//
//	.not       object           the rules of the object do not all hold
//	.and       object           the rules of the object all hold
//	.or        array of objects one of the objects' rules holds
//	.eq        any              the value equals the argument
//	.neq       any              the value does not equal the argument
//	.in        string or array  the value is a substring of the string, or one of the array's items
//	.contains  string           the value contains the argument
//	.regex     string           the value matches the regular expression (RE2 syntax)
//
// Values are compared as go-cqhttp compares them, by their text: a string is itself, a number
// its JSON text, true/false "true"/"false", null and a missing value "" (so {"anonymous":
// {".eq": null}} holds for an event without anonymous), an object or array its compact JSON.
// Unlike go-cqhttp, which logs a bad file and delivers everything, a file that cannot be read
// or is not a valid filter is an error naming the rule at fault.
package eventfilter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// MaxFileBytes bounds a filter file: rules are a few lines; a larger file is a mistake.
const MaxFileBytes = 1 << 20

// Filter is a parsed filter.
type Filter struct {
	root rule
}

// rule holds, or not, for a value of the event (the whole event at the top).
type rule interface {
	holds(v any) bool
}

// Parse reads a filter from its JSON text.
func Parse(raw []byte) (*Filter, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the filter is not JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the filter is not JSON: text after the rules object")
	}
	root, err := operator("$", "and", v)
	if err != nil {
		return nil, err
	}
	return &Filter{root: root}, nil
}

// Load reads a filter from a file of at most MaxFileBytes.
func Load(path string) (*Filter, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("event filter: %w", err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("event filter %s: %w", path, err)
	}
	if len(raw) > MaxFileBytes {
		return nil, fmt.Errorf("event filter %s: larger than %d bytes", path, MaxFileBytes)
	}
	flt, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("event filter %s: %w", path, err)
	}
	return flt, nil
}

// Allows reports whether an event (its JSON) passes the filter. An event that is not a JSON
// object passes: the filter is for events, and the server only publishes objects.
func (f *Filter) Allows(event []byte) bool {
	if f == nil {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return true
	}
	return f.root.holds(v)
}

// operator builds operator op (without its dot) from its argument; at is where the argument is
// in the file, for errors.
func operator(at, op string, arg any) (rule, error) {
	at += "." + op
	switch op {
	case "and":
		m, ok := arg.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: the argument must be an object, not %s", at, kind(arg))
		}
		return andRule(at, m)
	case "not":
		m, ok := arg.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: the argument must be an object, not %s", at, kind(arg))
		}
		r, err := andRule(at, m)
		if err != nil {
			return nil, err
		}
		return notRule{r}, nil
	case "or":
		list, ok := arg.([]any)
		if !ok {
			return nil, fmt.Errorf("%s: the argument must be an array of objects, not %s", at, kind(arg))
		}
		var or orRule
		for i, item := range list {
			m, ok := item.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s[%d]: each item must be an object, not %s", at, i, kind(item))
			}
			r, err := andRule(fmt.Sprintf("%s[%d]", at, i), m)
			if err != nil {
				return nil, err
			}
			or = append(or, r)
		}
		return or, nil
	case "eq":
		return eqRule{want: text(arg)}, nil
	case "neq":
		return notRule{eqRule{want: text(arg)}}, nil
	case "in":
		switch a := arg.(type) {
		case []any:
			items := make([]string, len(a))
			for i, item := range a {
				items[i] = text(item)
			}
			return inListRule(items), nil
		case map[string]any:
			return nil, fmt.Errorf("%s: the argument must be a string or an array, not an object", at)
		}
		return inTextRule(text(arg)), nil
	case "contains", "regex":
		switch arg.(type) {
		case []any, map[string]any:
			return nil, fmt.Errorf("%s: the argument must be a string, not %s", at, kind(arg))
		}
		if op == "contains" {
			return containsRule(text(arg)), nil
		}
		re, err := regexp.Compile(text(arg))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", at, err)
		}
		return regexRule{re}, nil
	}
	return nil, fmt.Errorf("%s: no such operator (.not, .and, .or, .eq, .neq, .in, .contains, .regex)", at)
}

// andRule is the rules of an object, in key order (go-cqhttp keeps the file's order; the
// result is the same either way).
func andRule(at string, m map[string]any) (rule, error) {
	var and allRule
	for _, key := range slices.Sorted(mapKeys(m)) {
		val := m[key]
		if name, isOp := strings.CutPrefix(key, "."); isOp {
			r, err := operator(at, name, val)
			if err != nil {
				return nil, err
			}
			and = append(and, r)
			continue
		}
		if key == "" {
			return nil, fmt.Errorf("%s: an empty key names no field of the event", at)
		}
		var r rule
		if sub, ok := val.(map[string]any); ok {
			var err error
			if r, err = andRule(at+"."+key, sub); err != nil {
				return nil, err
			}
		} else {
			r = eqRule{want: text(val)}
		}
		and = append(and, fieldRule{path: strings.Split(key, "."), rule: r})
	}
	return and, nil
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type allRule []rule

func (a allRule) holds(v any) bool {
	for _, r := range a {
		if !r.holds(v) {
			return false
		}
	}
	return true
}

type orRule []rule

func (o orRule) holds(v any) bool {
	for _, r := range o {
		if r.holds(v) {
			return true
		}
	}
	return false
}

type notRule struct{ rule }

func (n notRule) holds(v any) bool { return !n.rule.holds(v) }

// fieldRule applies its rule to the value at path (nil when there is none).
type fieldRule struct {
	path []string
	rule rule
}

func (f fieldRule) holds(v any) bool { return f.rule.holds(lookup(v, f.path)) }

// lookup follows path into v: object keys, and array indexes.
func lookup(v any, path []string) any {
	for _, step := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}

type eqRule struct{ want string }

func (e eqRule) holds(v any) bool { return text(v) == e.want }

type inListRule []string

func (in inListRule) holds(v any) bool { return slices.Contains(in, text(v)) }

type inTextRule string

func (in inTextRule) holds(v any) bool { return strings.Contains(string(in), text(v)) }

type containsRule string

func (c containsRule) holds(v any) bool { return strings.Contains(text(v), string(c)) }

type regexRule struct{ re *regexp.Regexp }

func (r regexRule) holds(v any) bool { return r.re.MatchString(text(v)) }

// text is a value as the filter compares it (see the package doc).
func text(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(raw)
}

// kind names a JSON value's type, for errors.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "an object"
}
