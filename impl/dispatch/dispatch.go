// Package dispatch is the one core every transport of the reference server reaches handlers
// through: HTTP, WebSocket frames, HTTP POST quick operations and the world control API all
// turn what they received into a Call and write back the Reply that Dispatch returns.
//
// Dispatch knows no transport. It resolves the action (every family's name for it and the
// standard's _async and _rate_limited suffixes included, through package names) in the
// generated registry, prepares the parameters against
// the spec (package params), invokes the handler through the registry's typed Invoke and sets
// the echo on the envelope, once, whatever the outcome.
package dispatch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen/core"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/params"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/names"
)

// Call is one action call, as any transport received it.
type Call struct {
	// Action is the name called: canonical or a family's, with or without the standard's
	// _async or _rate_limited suffix.
	Action string
	// Params are the call's parameters: a decoded JSON object (numbers as json.Number), or the
	// strings of a query or form (see Values). Dispatch modifies the map.
	Params map[string]any
	// Echo is the request's echo, returned byte for byte; nil when it had none.
	Echo json.RawMessage
	// SelfID is the bot account the call is for; 0 means the default bot.
	SelfID int64
}

// Values turns query or form values into Params (the first value of a repeated key wins),
// adding only keys that params does not have yet, so a JSON body wins over its URL's query.
func Values(params map[string]any, values map[string][]string) map[string]any {
	if params == nil {
		params = make(map[string]any, len(values))
	}
	for k, vs := range values {
		if _, ok := params[k]; !ok && len(vs) > 0 {
			params[k] = vs[0]
		}
	}
	return params
}

// Handler answers a call.
type Handler func(ctx context.Context, call Call) openapi.Reply

// Middleware wraps a Handler (logging, metering). It sees every call, resolved or not.
type Middleware func(next Handler) Handler

// Options configure a Dispatcher.
type Options struct {
	// Deferred bounds and paces _async and _rate_limited calls.
	Deferred DeferredOptions
	// Log receives deferred calls' outcomes and shutdown reports; nil discards.
	Log *slog.Logger
	// Middleware wraps every call, the first outermost.
	Middleware []Middleware
}

// Dispatcher resolves calls to the actions of a generated registry and runs them on a handler.
// One type serves every spec document with a registry: the OneBot actions, and the world
// control API's.
type Dispatcher struct {
	names    *names.Resolver
	byName   map[string]*Action // by canonical name
	actions  []*Action
	deferred *deferred
	log      *slog.Logger
	chain    Handler
}

// Action is a registry entry bound to its handler, with its compiled parameter schema.
type Action struct {
	// Name is the action's canonical name.
	Name string
	// Names are all its names, the canonical one first (x-onebot-families.<family>.names).
	Names []string
	// Effect is what calling it does.
	Effect openapi.Effect
	invoke func(ctx context.Context, params []byte) (any, error)
	// params is compiled at the action's first call, not at start: a server answers its first
	// request without compiling the schemas of the ~230 actions it may never be asked.
	params func() *params.Schema
}

// NewFor builds a dispatcher for the actions of any registry generated from doc, on handler h.
// It takes the registry rather than importing gen, so that the transports built on it do not
// recompile whenever an action's spec changes (only gen/core, the shared components, is theirs).
func NewFor[H any](doc *openapi3.T, registry []openapi.Action[H], h H, opts Options) (*Dispatcher, error) {
	resolver, err := openapi.Names(registry)
	if err != nil {
		return nil, err
	}
	d := &Dispatcher{names: resolver, byName: map[string]*Action{}, log: opts.Log}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	for i := range registry {
		entry := &registry[i]
		schema, err := requestSchema(doc, entry.Name)
		if err != nil {
			return nil, err
		}
		a := &Action{
			Name: entry.Name, Names: resolver.Names(entry.Name), Effect: entry.Effect, params: sync.OnceValue(func() *params.Schema { return params.Compile(schema) }),
			invoke: func(ctx context.Context, raw []byte) (any, error) { return entry.Invoke(ctx, h, raw) },
		}
		d.actions = append(d.actions, a)
		d.byName[entry.Name] = a
	}
	d.deferred = newDeferred(opts.Deferred, d.log)
	d.chain = d.dispatch
	for i := len(opts.Middleware) - 1; i >= 0; i-- {
		d.chain = opts.Middleware[i](d.chain)
	}
	return d, nil
}

// requestSchema is the object schema of an action's parameters.
func requestSchema(doc *openapi3.T, name string) (*openapi3.Schema, error) {
	item := doc.Paths.Value("/" + name)
	if item == nil || item.Post == nil {
		return nil, fmt.Errorf("the registry's action %s is not in the spec: regenerate gen/", name)
	}
	schema := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}}
	if rb := item.Post.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			schema = mt.Schema.Value
		}
	}
	if !schema.Type.Is(openapi3.TypeObject) {
		return nil, fmt.Errorf("action %s: the request body schema must be an object", name)
	}
	return schema, nil
}

// Actions are the dispatcher's actions, in the registry's order.
func (d *Dispatcher) Actions() []*Action { return d.actions }

// Lookup resolves a called name (any family's name of an action, with or without suffix) to
// its action and the suffix, through the name resolver; nil when the name is unknown.
func (d *Dispatcher) Lookup(name string) (a *Action, suffix Suffix) {
	canonical, suffix, ok := d.names.Resolve(name)
	if !ok {
		return nil, SuffixNone
	}
	return d.byName[canonical], suffix
}

// Dispatch answers a call: the action's envelope, or a failed one saying why, always with the
// call's echo.
func (d *Dispatcher) Dispatch(ctx context.Context, call Call) openapi.Reply {
	r := d.chain(ctx, call)
	r.Echo = call.Echo
	return r
}

func (d *Dispatcher) dispatch(ctx context.Context, call Call) openapi.Reply {
	a, suffix := d.Lookup(call.Action)
	if a == nil {
		return Failed(core.RetcodeUnsupportedAction, fmt.Sprintf("unknown action %q", call.Action), "API 不存在")
	}
	prepared, err := a.params().Prepare(call.Params)
	if err != nil {
		return Failed(core.RetcodeBadRequest, fmt.Sprintf("invalid parameters for %s: %s", a.Name, err), "请求参数错误")
	}
	raw, err := json.Marshal(prepared)
	if err != nil {
		return Failed(core.RetcodeBadRequest, fmt.Sprintf("invalid parameters for %s: %s", a.Name, err), "请求参数错误")
	}
	if suffix != SuffixNone {
		run := func(ctx context.Context) openapi.Reply { return d.invoke(ctx, a, raw, call.SelfID) }
		if err := d.deferred.submit(job{action: a, params: raw, suffix: suffix, run: run}); errors.Is(err, errNeverFits) {
			return Failed(core.RetcodeBadRequest, err.Error(), "请求过大，无法异步执行")
		} else if err != nil {
			return Failed(core.RetcodeBadThreadPool, err.Error(), "异步任务队列已满")
		}
		return openapi.Reply{Status: string(core.StatusAsync), Retcode: int(core.RetcodeAsync)}
	}
	return d.invoke(ctx, a, raw, call.SelfID)
}

// invoke runs the handler of a prepared call.
func (d *Dispatcher) invoke(ctx context.Context, a *Action, raw []byte, selfID int64) openapi.Reply {
	if selfID != 0 {
		ctx = botctx.With(ctx, selfID)
	}
	res, err := a.invoke(ctx, raw)
	if err != nil {
		d.log.Error("action failed", "action", a.Name, "err", err)
		return Failed(core.RetcodeInternalError, fmt.Sprintf("%s failed: %v", a.Name, err), "内部错误")
	}
	replier, ok := res.(openapi.Replier)
	if !ok {
		d.log.Error("action answered no envelope", "action", a.Name, "type", fmt.Sprintf("%T", res))
		return Failed(core.RetcodeInternalError, a.Name+" answered no envelope", "内部错误")
	}
	return replier.Reply()
}

// Shutdown stops taking deferred calls and lets those accepted finish until ctx ends; what
// cannot finish is logged as dropped (count and actions).
func (d *Dispatcher) Shutdown(ctx context.Context) error { return d.deferred.shutdown(ctx) }

// Failed is a failed envelope: null data, the retcode and the two texts.
func Failed(code core.Retcode, message, wording string) openapi.Reply {
	return openapi.Reply{Status: string(core.StatusFailed), Retcode: int(code), Message: message, Wording: wording}
}
