package conformance

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/client"
	"github.com/onespec/onespec/openapi"
)

// requestBuilder is the shape of the generated gen.New<Op>RequestWithBody functions.
type requestBuilder func(server, contentType string, body io.Reader) (*http.Request, error)

// actionOf names the action a generated request builder calls. The typed checks use it to find
// their operation in the spec without spelling an action name.
func actionOf(build requestBuilder) string {
	req, err := build("http://onespec.invalid", mediaJSON, http.NoBody)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(req.URL.Path, "/")
}

// opOf returns the spec operation a generated request builder calls, or a stand-in carrying
// only the name when the spec lacks it (gen and the spec come from the same document, so that
// would be a build mistake; the check then fails on its own).
func (s *suite) opOf(build requestBuilder) *op {
	name := actionOf(build)
	if o := s.cat.byName[name]; o != nil {
		return o
	}
	return &op{name: name}
}

// typedResponse is what every generated <Op>Response offers; the generated Result types are
// all Envelope[*Data].
type typedResponse[D any] interface {
	StatusCode() int
	GetBody() []byte
	GetJSON200() *openapi.Envelope[*D]
}

// unpack judges a typed call that should answer ok/0 and returns its data (never nil for an
// operation that has data), or the outcome that ends the check. With setup true, a failure the
// operation documents (x-onebot-retcodes) ends it as SKIP: the target legitimately refused (no
// permission, no such group), so the check could not be exercised; otherwise any answer but ok
// is a FAIL.
func unpack[D any, R typedResponse[D]](o *op, resp R, err error, setup bool) (*D, *outcome) {
	if err != nil {
		out := failf("", "calling %s: %v", o.name, err)
		return nil, &out
	}
	if code := resp.StatusCode(); code != http.StatusOK {
		out := failf("", "%s: HTTP %d, want 200; body %s", o.name, code, snippet(resp.GetBody()))
		if code == http.StatusUnauthorized || code == http.StatusForbidden {
			out.reason += "; is AccessToken right?"
		}
		return nil, &out
	}
	env := resp.GetJSON200()
	if env == nil {
		out := failf("", "%s: the answer is not application/json: %s", o.name, snippet(resp.GetBody()))
		return nil, &out
	}
	if env.Status == string(gen.StatusOk) && env.Retcode == int(gen.RetcodeOK) {
		if o.hasData && env.Data == nil {
			out := failf(fieldData, "%s answered ok with null data", o.name)
			return nil, &out
		}
		return env.Data, nil
	}
	answer := fmt.Sprintf("%s answered %s/%d", o.name, env.Status, env.Retcode)
	if env.Message != "" {
		answer += fmt.Sprintf(" (%q)", env.Message)
	}
	if setup && env.Status == string(gen.StatusFailed) && o.documents(env.Retcode) {
		out := skipf("%s, a documented failure; not exercised", answer)
		return nil, &out
	}
	out := failf(fieldStatus, "%s, want %s/%d", answer, gen.StatusOk, gen.RetcodeOK)
	return nil, &out
}

// discoveryKind prefixes the IDs of the discovery checks, which every run needs.
const discoveryKind = "discovery"

// typedCheck builds a check around one typed operation.
func (s *suite) typedCheck(kind string, o *op, run func(ctx context.Context) outcome) check {
	return check{id: kind + "/" + o.name, action: o.name, nameZh: o.nameZh, run: run}
}

// discoveryChecks find, through the typed client, the ids that make the other checks meaningful
// on this target: the bot itself, a friend, a group and a member of it.
func (s *suite) discoveryChecks() []check {
	const kind = discoveryKind
	login := s.opOf(client.NewGetLoginInfoRequestWithBody)
	friends := s.opOf(client.NewGetFriendListRequestWithBody)
	groups := s.opOf(client.NewGetGroupListRequestWithBody)
	members := s.opOf(client.NewGetGroupMemberListRequestWithBody)
	return []check{
		s.typedCheck(kind, login, func(ctx context.Context) outcome {
			resp, err := s.client.GetLoginInfoWithResponse(ctx, gen.GetLoginInfoJSONRequestBody{})
			// The first request of the run: if it cannot get through, nothing can.
			status := 0
			if err == nil {
				status = resp.StatusCode()
			}
			s.haltIfBlocked(ctx, status, err)
			me, out := unpack(login, resp, err, false)
			if out != nil {
				return *out
			}
			s.self = me.UserID
			return pass(fmt.Sprintf("logged in as %d (%s)", me.UserID, me.Nickname))
		}),
		s.typedCheck(kind, friends, func(ctx context.Context) outcome {
			resp, err := s.client.GetFriendListWithResponse(ctx, gen.GetFriendListJSONRequestBody{})
			list, out := unpack(friends, resp, err, false)
			if out != nil {
				return *out
			}
			if s.targets.user == 0 {
				for _, f := range *list {
					if f.UserID != s.self {
						s.targets.user = f.UserID
						break
					}
				}
			}
			return pass(fmt.Sprintf("%d friends; user target %s", len(*list), idOrNone(s.targets.user)))
		}),
		s.typedCheck(kind, groups, func(ctx context.Context) outcome {
			resp, err := s.client.GetGroupListWithResponse(ctx, gen.GetGroupListJSONRequestBody{})
			list, out := unpack(groups, resp, err, false)
			if out != nil {
				return *out
			}
			note := ""
			if s.targets.group == 0 && len(*list) > 0 {
				s.targets.group = (*list)[0].GroupID
			} else if s.targets.group != 0 && !slices.ContainsFunc(*list, func(g gen.GroupInfo) bool { return g.GroupID == s.targets.group }) {
				note = " (configured, but not in the bot's group list)"
			}
			return pass(fmt.Sprintf("%d groups; group target %s%s", len(*list), idOrNone(s.targets.group), note))
		}),
		s.typedCheck(kind, members, func(ctx context.Context) outcome {
			if s.targets.group == 0 {
				return skipf("no group to list the members of")
			}
			resp, err := s.client.GetGroupMemberListWithResponse(ctx, gen.GetGroupMemberListJSONRequestBody{GroupID: s.targets.group})
			list, out := unpack(members, resp, err, false)
			if out != nil {
				return *out
			}
			if s.targets.member == 0 {
				for _, m := range *list {
					if m.UserID != s.self {
						s.targets.member = m.UserID
						break
					}
				}
			}
			return pass(fmt.Sprintf("group %d has %d members; member target %s", s.targets.group, len(*list), idOrNone(s.targets.member)))
		}),
	}
}

func idOrNone(id int64) string {
	if id == 0 {
		return "none"
	}
	return fmt.Sprint(id)
}
