package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
)

// referenceAppName is the app_name onespec serve answers get_version_info with. Its world is
// simulated: a mutation on ids the suite discovered there harms nobody.
const referenceAppName = "onespec"

// expendableSkip says why a mutating check must not run on the ids it would use, or "" when
// it may. An id the user named (--group, --user: Config.GroupID, Config.UserID) is one they
// marked expendable; a discovered one is expendable only on onespec's reference server. On
// any other target the check would kick a real member, rename a real group or leave it.
func (s *suite) expendableSkip(ctx context.Context, kinds []string) string {
	var discovered []string
	note := func(what string) {
		if !slices.Contains(discovered, what) {
			discovered = append(discovered, what)
		}
	}
	for _, kind := range kinds {
		switch {
		case kind == refGroup && s.cfg.GroupID == 0:
			note("the group (--group)")
		case (kind == refMember || kind == refUser) && s.cfg.UserID == 0:
			note("the user (--user)")
		}
	}
	if len(discovered) == 0 || s.isReference(ctx) {
		return ""
	}
	return fmt.Sprintf("it would act on %s the suite discovered on a real account; name ones you control with --group and --user (Config.GroupID, Config.UserID), or run it against onespec serve",
		strings.Join(discovered, " and "))
}

// isReference reports, asking once, whether the target is onespec's reference server
// (get_version_info's app_name). The question is not a check: the running check's own request
// stays the one its report shows.
func (s *suite) isReference(ctx context.Context) bool {
	if s.reference != nil {
		return *s.reference
	}
	last, status, err := s.last, s.lastStatus, s.lastErr
	defer func() { s.last, s.lastStatus, s.lastErr = last, status, err }()
	ex := s.postJSON(ctx, s.nameOf(s.opOf(gen.ActionGetVersionInfo)), map[string]any{})
	var answer struct {
		Data struct {
			AppName string `json:"app_name"`
		} `json:"data"`
	}
	is := ex.err == nil && json.Unmarshal(ex.body, &answer) == nil && answer.Data.AppName == referenceAppName
	if ctx.Err() == nil {
		s.reference = &is
	}
	return is
}

// refKinds lists the kinds of the target's own things (group, member, user) o's request names
// (x-onebot-ref), for the ids a mutation of o would act on.
func refKinds(o *op) []string {
	var kinds []string
	for _, name := range propertyNames(o.params) {
		switch kind := refOf(property(o.params, name)); kind {
		case refGroup, refMember, refUser:
			if !slices.Contains(kinds, kind) {
				kinds = append(kinds, kind)
			}
		}
	}
	slices.Sort(kinds)
	return kinds
}

// propertyNames lists the properties of s and of its allOf parts.
func propertyNames(s *openapi3.Schema) []string {
	if s == nil {
		return nil
	}
	var names []string
	for name := range s.Properties {
		names = append(names, name)
	}
	for _, sub := range s.AllOf {
		names = append(names, propertyNames(sub.Value)...)
	}
	return names
}
