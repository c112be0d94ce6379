package impl

import (
	"context"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
)

// GetSupportedActions is get_supported_actions 获取支持的动作列表: every name the server answers
// to, from the registry (each action's canonical name and every family's names for it), so
// the list is the spec's, whatever it holds.
func (s *Server) GetSupportedActions(ctx context.Context, req gen.GetSupportedActionsRequestObject) (gen.GetSupportedActionsResponseObject, error) {
	prefix := value(value(req.Body).Prefix)
	return gen.GetSupportedActions200JSONResponse(result(ctx, supportedActions(gen.Actions, prefix), nil)), nil
}

// supportedActions lists, sorted and once each, the names of actions that start with prefix.
func supportedActions(registry []gen.Action, prefix string) gen.SupportedActionList {
	out := gen.SupportedActionList{}
	add := func(name string) {
		if strings.HasPrefix(name, prefix) {
			out = append(out, name)
		}
	}
	for _, a := range registry {
		add(a.Name)
		for _, names := range a.FamilyNames {
			for _, n := range names {
				add(n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
