package openapi

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/openapi/names"
)

// Action is one operation of a spec document in a generated action registry (the OneBot
// actions in gen, the world control API's in gen/control), callable on a handler of type H,
// the document's strict server interface. It lives here, beside the envelope, so that every
// generated registry shares it and one dispatcher serves them all.
type Action[H any] struct {
	// Name is the action's canonical name (its operationId and path).
	Name string
	// Sources are the standard and the implementation families that serve it
	// (x-onebot-sources).
	Sources []string
	// FamilyNames maps a family to the names it knows the action by, when they are not just
	// Name (x-onebot-families.<family>.names). The reference server answers to all of them.
	FamilyNames map[string][]string
	// Tag is the action's category.
	Tag string
	// Effect is what calling it does (x-onebot-effect).
	Effect Effect
	// Retcodes are the retcodes the reference server documents for it (x-onebot-retcodes).
	Retcodes []int
	// Invoke decodes params, the action's validated parameters as one JSON object, into its
	// request object and calls its method of h. It returns the handler's response object,
	// a Replier for every response the spec defines.
	Invoke func(ctx context.Context, h H, params []byte) (any, error)
}

// Effect says what calling an action does (x-onebot-effect).
type Effect string

const (
	// EffectRead only reads.
	EffectRead Effect = "read"
	// EffectWrite changes state or reaches people.
	EffectWrite Effect = "write"
	// EffectDisruptive takes the bot out of service (leaving a group, restarting).
	EffectDisruptive Effect = "disruptive"
)

// Replier is a response object that carries an envelope.
type Replier interface {
	// Reply is the envelope with its data's type erased.
	Reply() Reply
}

// Names is the name resolver of a registry (package names): every name of every action, and
// the name each family calls it by.
func Names[H any](registry []Action[H]) (*names.Resolver, error) {
	actions := make([]names.Action, len(registry))
	for i, a := range registry {
		actions[i] = names.Action{Name: a.Name, Sources: a.Sources, Families: a.FamilyNames}
	}
	r, err := names.New(actions)
	if err != nil {
		return nil, fmt.Errorf("the registry's action names: %w", err)
	}
	return r, nil
}
