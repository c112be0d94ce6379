package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/names"
)

// The extensions the suite reads (documented in openapi/src/openapi.yaml). Their names, and
// the vocabulary of their values below, are the only spec words this package spells out:
// the suite has to know what "read" or "member" mean to act on them.
const (
	extEffect   = "x-onebot-effect"
	extRetcodes = "x-onebot-retcodes"
	extNameZh   = "x-onebot-name-zh"
	extSources  = "x-onebot-sources"
	extRef      = "x-onebot-ref"
	extFamilies = "x-onebot-families"
	extRemoves  = "x-onebot-removes"
	// extOnespecRequired lists the envelope fields the reference server always sends.
	extOnespecRequired = "x-onespec-required"
)

// envelopeSchema names the schema of the response envelope.
const envelopeSchema = "Envelope"

// Values of x-onebot-effect.
const (
	effectRead       = "read"
	effectWrite      = "write"
	effectDisruptive = "disruptive"
)

// The x-onebot-ref kinds the suite fills with ids that exist on the target. The other kinds
// (message, forward, image, record, flag) name things the suite cannot discover without
// mutating, so they keep the example's value and the call usually ends in a documented failure.
const (
	refGroup  = "group"
	refMember = "member"
	refUser   = "user"
)

// JSON envelope field names (the Envelope schema's properties).
const (
	fieldStatus  = "status"
	fieldRetcode = "retcode"
	fieldData    = "data"
	fieldMessage = "message"
	fieldEcho    = "echo"
)

// unknownActionResponse names components.responses.UnknownAction, the answer to a path that is
// no action.
const unknownActionResponse = "UnknownAction"

const mediaJSON = "application/json"

// op is one action of the spec with what the suite needs to call and judge it.
type op struct {
	name     string // the action, i.e. the path without its leading slash
	nameZh   string
	effect   string
	retcodes []int
	sources  []string
	params   *openapi3.Schema // request body schema; nil when the action has none
	example  any              // the first request example (by example name), decoded JSON
	// examples are every request example, example first: when the target refuses one with a
	// documented failure (the bot owns the group it is asked to leave), the next may fit.
	examples []namedExample
	// responses maps an HTTP status to the schema of its application/json body.
	responses map[int]*openapi3.Schema
	// hasData reports whether an ok answer carries data, i.e. the 200 schema's data property
	// is not the null-only kind ({nullable: true, type: object, maxProperties: 0}).
	hasData bool
	// families is the operation's x-onebot-families: how each family differs for it, the
	// names it knows the action by included.
	families map[string]opFamily
	// ref links to the action's own section of the standard (api/public.md#send_group_msg-发送群消息)
	// when the standard has it (x-onebot-sources lists it), else "".
	ref string
	// removes lists the x-onebot-ref kinds whose ids the action takes out of the world
	// (x-onebot-removes): it runs after the writes that need them.
	removes []string
}

// opFamily is one family's documented differences for one operation.
type opFamily struct {
	Names       []string          `json:"names"`   // every name the family knows the action by
	Renames     map[string]string `json:"renames"` // family field -> standard field
	Values      []valueRule       `json:"values"`
	Ignores     []string          `json:"ignores"`
	Unsupported bool              `json:"unsupported"`
	Retcodes    []int             `json:"retcodes"`
}

// valueRule is a value a family sends outside the schema and the standard value it means.
type valueRule struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}

// family is one entry of the root's x-onebot-families.
type family struct {
	name            string
	omits           []string
	omitsWhen       string
	dataWhenNone    string
	failureRetcodes []int
	// transportDeviates names the transport checks whose rule the family is documented to
	// break.
	transportDeviates []string
}

// familyEnvelope is the JSON shape of a root family entry.
type familyEnvelope struct {
	Name     string `json:"name"`
	Envelope struct {
		Omits        []string `json:"omits"`
		OmitsWhen    string   `json:"omits-when"`
		DataWhenNone string   `json:"data-when-none"`
	} `json:"envelope"`
	FailureRetcodes []int `json:"failure-retcodes"`
	Transport       struct {
		Deviates []string `json:"deviates"`
	} `json:"transport"`
}

// documentsRetcode reports whether family f documents retcode for the op (its general failure
// codes, the op's own, and the standard's 0 and 1).
func (o *op) familyRetcode(f string, fam family, retcode int) bool {
	if retcode == 0 || retcode == 1 || slices.Contains(fam.failureRetcodes, retcode) {
		return true
	}
	return slices.Contains(o.families[f].Retcodes, retcode)
}

// result is the schema of the op's 200 answer.
func (o *op) result() *openapi3.Schema { return o.responses[200] }

func (o *op) documents(retcode int) bool { return slices.Contains(o.retcodes, retcode) }

// catalogue is the spec as the suite uses it.
type catalogue struct {
	ops    []*op          // run order: read, write, disruptive; by name within each
	byName map[string]*op // by canonical name
	// names resolves every family's names of the actions, and picks the one to call.
	names         *names.Resolver
	unknownAction *openapi3.Schema
	version       string            // info.version
	families      map[string]family // the root's x-onebot-families
	// onespecRequired lists the envelope fields the reference server promises.
	onespecRequired []string
	// schemas are the document's components.schemas, the event schemas among them.
	schemas openapi3.Schemas
}

// schema is the named components.schemas entry, nil when the spec has none by that name.
func (c *catalogue) schema(name string) *openapi3.Schema {
	if ref := c.schemas[name]; ref != nil {
		return ref.Value
	}
	return nil
}

func (c *catalogue) familyKeys() []string {
	keys := make([]string, 0, len(c.families))
	for k := range c.families {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// familyName is a family's display name (go-cqhttp for gocq).
func (c *catalogue) familyName(key string) string {
	if f, ok := c.families[key]; ok && f.name != "" {
		return f.name
	}
	return key
}

// extension decodes an x- extension's value (kin-openapi keeps it as decoded JSON) into v.
func extension(ext map[string]any, name string, v any) error {
	raw, ok := ext[name]
	if !ok {
		return nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// loadCatalogue loads and validates the bundled spec once per process: it never changes, and
// decoding plus validation costs tens of milliseconds.
var loadCatalogue = sync.OnceValues(func() (*catalogue, error) {
	// The spec itself, not code generated from it: the suite judges by the document.
	doc, err := openapi3.NewLoader().LoadFromData(openapi.YAML)
	if err != nil {
		return nil, fmt.Errorf("decoding the embedded spec: %w", err)
	}
	// VisitJSON's behaviour is defined only on a validated document. Its examples are checked
	// by openapi's tests, not on every run (most of the validation's cost).
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("validating the embedded spec: %w", err)
	}
	c, err := newCatalogue(doc)
	if err != nil {
		return nil, err
	}
	if c.unknownAction == nil {
		return nil, fmt.Errorf("the spec has no application/json schema for components.responses.%s", unknownActionResponse)
	}
	return c, nil
})

func newCatalogue(doc *openapi3.T) (*catalogue, error) {
	c := &catalogue{byName: map[string]*op{}}
	for path, item := range doc.Paths.Map() {
		if item.Post == nil {
			return nil, fmt.Errorf("path %s has no POST operation", path)
		}
		o, err := newOp(strings.TrimPrefix(path, "/"), item.Post)
		if err != nil {
			return nil, fmt.Errorf("operation %s: %w", path, err)
		}
		c.ops = append(c.ops, o)
		c.byName[o.name] = o
	}
	sort.Slice(c.ops, func(i, j int) bool {
		a, b := c.ops[i], c.ops[j]
		if ra, rb := effectRank(a.effect), effectRank(b.effect); ra != rb {
			return ra < rb
		}
		return a.name < b.name
	})
	if doc.Components != nil {
		c.schemas = doc.Components.Schemas
		if r := doc.Components.Responses[unknownActionResponse]; r != nil {
			c.unknownAction = jsonSchema(r.Value)
		}
		if env := doc.Components.Schemas[envelopeSchema]; env != nil && env.Value != nil {
			if err := extension(env.Value.Extensions, extOnespecRequired, &c.onespecRequired); err != nil {
				return nil, fmt.Errorf("schema %s: %w", envelopeSchema, err)
			}
		}
	}
	if doc.Info != nil {
		c.version = doc.Info.Version
	}
	var fams map[string]familyEnvelope
	if err := extension(doc.Extensions, extFamilies, &fams); err != nil {
		return nil, fmt.Errorf("root: %w", err)
	}
	c.families = map[string]family{}
	for key, f := range fams {
		c.families[key] = family{name: f.Name, omits: f.Envelope.Omits, omitsWhen: f.Envelope.OmitsWhen,
			dataWhenNone: f.Envelope.DataWhenNone, failureRetcodes: f.FailureRetcodes,
			transportDeviates: f.Transport.Deviates}
	}
	declared := make([]names.Action, 0, len(c.ops))
	for _, o := range c.ops {
		a := names.Action{Name: o.name, Sources: o.sources}
		for key, f := range o.families {
			if _, ok := c.families[key]; !ok {
				return nil, fmt.Errorf("operation %s: %s names %q, not a family of the root", o.name, extFamilies, key)
			}
			if len(f.Names) > 0 {
				if a.Families == nil {
					a.Families = map[string][]string{}
				}
				a.Families[key] = f.Names
			}
		}
		declared = append(declared, a)
	}
	resolver, err := names.New(declared)
	if err != nil {
		return nil, fmt.Errorf("the operations' names: %w", err)
	}
	c.names = resolver
	return c, nil
}

func effectRank(effect string) int {
	switch effect {
	case effectRead:
		return 0
	case effectWrite:
		return 1
	default:
		return 2
	}
}

func newOp(name string, operation *openapi3.Operation) (*op, error) {
	o := &op{name: name, responses: map[int]*openapi3.Schema{}}
	ext := operation.Extensions
	o.nameZh, _ = ext[extNameZh].(string)
	o.effect, _ = ext[extEffect].(string)
	switch o.effect {
	case effectRead, effectWrite, effectDisruptive:
	default:
		// Running an action of unknown effect could do anything to a real account.
		return nil, fmt.Errorf("%s is %q, want %s, %s or %s", extEffect, o.effect, effectRead, effectWrite, effectDisruptive)
	}
	codes, _ := ext[extRetcodes].([]any)
	for _, c := range codes {
		n, ok := c.(float64)
		if !ok {
			return nil, fmt.Errorf("%s holds %v, not a number", extRetcodes, c)
		}
		o.retcodes = append(o.retcodes, int(n))
	}
	if len(o.retcodes) == 0 {
		return nil, fmt.Errorf("%s is missing or empty", extRetcodes)
	}
	if err := extension(ext, extFamilies, &o.families); err != nil {
		return nil, err
	}
	sources, _ := ext[extSources].([]any)
	for _, s := range sources {
		if str, ok := s.(string); ok {
			o.sources = append(o.sources, str)
		}
	}
	removes, _ := ext[extRemoves].([]any)
	for _, r := range removes {
		if str, ok := r.(string); ok {
			o.removes = append(o.removes, str)
		}
	}
	if slices.Contains(o.sources, names.Standard) {
		o.ref = actionRef(o.name, o.nameZh)
	}
	if rb := operation.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get(mediaJSON); mt != nil {
			if mt.Schema != nil {
				o.params = mt.Schema.Value
			}
			o.examples = requestExamples(mt)
			if len(o.examples) > 0 {
				o.example = o.examples[0].value
			}
		}
	}

	if operation.Responses != nil {
		for code, ref := range operation.Responses.Map() {
			status, err := strconv.Atoi(code)
			if err != nil || ref == nil || ref.Value == nil {
				continue // "default" or a range: nothing the suite asserts
			}
			if schema := jsonSchema(ref.Value); schema != nil {
				o.responses[status] = schema
			}
		}
	}
	if o.result() == nil {
		return nil, errors.New("no application/json schema for HTTP 200")
	}
	o.hasData = !nullOnlyData(o.result())
	return o, nil
}

// defaultExample names the request example tools send (docs/dev/spec-authoring.md): authors
// make it the least harmful one.
const defaultExample = "default"

// requestExamples returns the request examples in the order the suite sends them: the one
// named "default", else the first by name, then the others by name; a bare example when
// there are none named.
func requestExamples(mt *openapi3.MediaType) []namedExample {
	names := make([]string, 0, len(mt.Examples))
	for name, ex := range mt.Examples {
		if ex != nil && ex.Value != nil {
			names = append(names, name)
		}
	}
	sort.SliceStable(names, func(i, j int) bool {
		if (names[i] == defaultExample) != (names[j] == defaultExample) {
			return names[i] == defaultExample
		}
		return names[i] < names[j]
	})
	out := make([]namedExample, 0, len(names))
	for _, name := range names {
		out = append(out, namedExample{name: name, value: mt.Examples[name].Value.Value})
	}
	if len(out) == 0 && mt.Example != nil {
		out = append(out, namedExample{value: mt.Example})
	}
	return out
}

// namedExample is one request example of an operation.
type namedExample struct {
	name  string
	value any
}

func jsonSchema(r *openapi3.Response) *openapi3.Schema {
	if r == nil {
		return nil
	}
	mt := r.Content.Get(mediaJSON)
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// nullOnlyData reports whether a result schema pins data to the null-only kind (an object
// with maxProperties 0), which is how the spec says "this action has no response data".
func nullOnlyData(result *openapi3.Schema) bool {
	found := false
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		if s == nil || found {
			return
		}
		if p := s.Properties[fieldData]; p != nil && p.Value != nil {
			if m := p.Value.MaxProps; m != nil && *m == 0 {
				found = true
			}
		}
		for _, sub := range s.AllOf {
			walk(sub.Value)
		}
	}
	walk(result)
	return found
}

// property finds a property's schema in s or in any of its allOf parts.
func property(s *openapi3.Schema, name string) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if p := s.Properties[name]; p != nil && p.Value != nil {
		return p.Value
	}
	for _, sub := range s.AllOf {
		if p := property(sub.Value, name); p != nil {
			return p
		}
	}
	return nil
}

func refOf(s *openapi3.Schema) string {
	if s == nil {
		return ""
	}
	ref, _ := s.Extensions[extRef].(string)
	return ref
}

// requiredParams lists the op's required top-level parameters.
func (o *op) requiredParams() []string {
	if o.params == nil {
		return nil
	}
	return o.params.Required
}

// byReach orders candidate ops so that the one the most implementations serve (the longest
// x-onebot-sources) comes first, then by name: transport checks should trip over transport
// problems, not over an action the target happens to lack.
func byReach(ops []*op) {
	sort.SliceStable(ops, func(i, j int) bool {
		if len(ops[i].sources) != len(ops[j].sources) {
			return len(ops[i].sources) > len(ops[j].sources)
		}
		return ops[i].name < ops[j].name
	})
}

// bareOp is a read action that needs no parameters, for transport checks that only care about
// how a request travels.
func (c *catalogue) bareOp() *op {
	var cands []*op
	for _, o := range c.ops {
		if o.effect == effectRead && len(o.requiredParams()) == 0 {
			cands = append(cands, o)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	byReach(cands)
	return cands[0]
}

// groupOp is a read action whose only required parameter is an integer naming a group
// (x-onebot-ref: group), and that parameter's name: the transport checks send it through a
// query string and a form body, where every value is a string the server must convert.
func (c *catalogue) groupOp() (*op, string) {
	var cands []*op
	params := map[*op]string{}
	for _, o := range c.ops {
		req := o.requiredParams()
		if o.effect != effectRead || len(req) != 1 {
			continue
		}
		p := property(o.params, req[0])
		if p != nil && p.Type.Is(openapi3.TypeInteger) && refOf(p) == refGroup {
			cands = append(cands, o)
			params[o] = req[0]
		}
	}
	if len(cands) == 0 {
		return nil, ""
	}
	byReach(cands)
	return cands[0], params[cands[0]]
}
