package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/onespec/onespec/gen"
)

// opOf returns the spec operation of a generated action name (gen.Action*), or a stand-in
// carrying only the name when the spec lacks it (gen and the spec come from the same document,
// so that would be a build mistake; the check then fails on its own).
func (s *suite) opOf(name string) *op {
	if o := s.cat.byName[name]; o != nil {
		return o
	}
	return &op{name: name}
}

// discover calls o with params the way any check does (raw request, judged by judgeAnswer under
// the profile) and, when the answer is ok/0, decodes its data into into (a pointer to the
// generated data type). ok reports whether into was filled; the outcome carries the problems
// either way, so discovery is judged like every other check.
//
// Its requests are built from the target's own ids, so a failure is judged as an action check
// judges one (refusal): UNSUPPORTED when the target lacks the action, Unexercised when it
// answers a documented failure.
func (s *suite) discover(ctx context.Context, o *op, params any, into any) (outcome, bool) {
	out, _, ok := s.call(ctx, o, params, into, refuseAll)
	return out, ok
}

// call is discover that also gives the answer's envelope; mode says which failures are the
// target's refusal (refusal) rather than a wrong answer.
func (s *suite) call(ctx context.Context, o *op, params any, into any, mode refusalMode) (outcome, envelope, bool) {
	return s.callAnswer(ctx, o, params, into, true, mode)
}

// callAnswer sends params to o and judges the answer; with wantOK, an answer other than ok/0
// is a problem, or, for the failures mode names, the target's refusal. ok reports whether the
// data was read into into.
func (s *suite) callAnswer(ctx context.Context, o *op, params any, into any, wantOK bool, mode refusalMode) (outcome, envelope, bool) {
	ex := s.postJSON(ctx, s.nameOf(o), params)
	if wantOK && ex.err == nil && ex.status == http.StatusNotFound {
		return s.unsupported(o, fmt.Sprintf("HTTP 404: %s", snippet(ex.body)), nil), envelope{}, false
	}
	a, out, done := s.judgeAnswer(o, ex)
	if done {
		if ex.status == http.StatusUnauthorized || ex.status == http.StatusForbidden {
			out.ps[len(out.ps)-1].reason += "; is --token right?"
		}
		return out, a.e, false
	}
	out = outcome{ps: a.ps}
	if !wantOK && a.e.status != statusOK {
		return out, a.e, false
	}
	if refused(a.e, mode) {
		return s.refusal(o, a.e, a.ps, true), a.e, false
	}
	if a.e.status != statusOK || a.e.retcode != retcodeOK {
		p := out.ps.addAt(Required, refAPI, fieldStatus, "", "%s answered %s, want %s/%d", o.name, describe(a.v), statusOK, retcodeOK)
		if t := a.e.failureText(); t != "" {
			p.reason += fmt.Sprintf(" (%q)", truncate(t, 120))
		}
		return out, a.e, false
	}
	for _, p := range out.ps {
		if p.level == Required && len(p.documentedFor) == 0 {
			return out, a.e, false // the data does not match its schema: nothing to read ids from
		}
	}
	raw, err := json.Marshal(a.e.data)
	if err == nil {
		err = json.Unmarshal(raw, into)
	}
	if err != nil {
		// The answer matched the schema (or a family's variant of it) but not its Go form; say
		// what the data was, not what Go thought of it.
		out.ps.addAt(Required, refAPI, fieldData, "", "data of %s could not be read: %s", o.name, describeValue(a.e.data))
		return out, a.e, false
	}
	return out, a.e, true
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
	login := s.opOf(gen.ActionGetLoginInfo)
	friends := s.opOf(gen.ActionGetFriendList)
	groups := s.opOf(gen.ActionGetGroupList)
	members := s.opOf(gen.ActionGetGroupMemberList)
	return []check{
		s.typedCheck(kind, login, func(ctx context.Context) outcome {
			var me gen.LoginInfo
			out, ok := s.discover(ctx, login, map[string]any{}, &me)
			// The first request of the run: if it cannot get through, nothing can.
			if s.last != nil {
				s.haltIfBlocked(ctx, s.lastStatus, s.lastErr)
			}
			if s.noConnection != nil {
				// Nothing was judged: the run's outcome is "could not connect", not a FAIL.
				return skipf("could not connect: %v", s.noConnection)
			}
			if !ok {
				return out
			}
			s.self = me.UserID
			out.reason = fmt.Sprintf("logged in as %d (%s)", me.UserID, me.Nickname)
			return out
		}),
		s.typedCheck(kind, friends, func(ctx context.Context) outcome {
			var list gen.FriendList
			out, ok := s.discover(ctx, friends, map[string]any{}, &list)
			if !ok {
				return out
			}
			configured := s.targets.user != 0
			if !configured {
				for _, f := range list {
					if f.UserID != s.self {
						s.targets.user = f.UserID
						break
					}
				}
			}
			out.reason = fmt.Sprintf("%d friends; user target %s", len(list), idOrNone(s.targets.user))
			if configured && !slices.ContainsFunc(list, func(f gen.FriendInfo) bool { return f.UserID == s.targets.user }) {
				return s.warnTarget(out, "--user %d is not in the bot's friend list: the checks that message or like a friend will act on a stranger", s.targets.user)
			}
			return out
		}),
		s.typedCheck(kind, groups, func(ctx context.Context) outcome {
			var list gen.GroupList
			out, ok := s.discover(ctx, groups, map[string]any{}, &list)
			if !ok {
				return out
			}
			configured := s.targets.group != 0
			if !configured && len(list) > 0 {
				s.targets.group = list[0].GroupID
			}
			out.reason = fmt.Sprintf("%d groups; group target %s", len(list), idOrNone(s.targets.group))
			if configured && !slices.ContainsFunc(list, func(g gen.GroupInfo) bool { return g.GroupID == s.targets.group }) {
				return s.warnTarget(out, "--group %d is not in the bot's group list: the group checks will act on a group the bot is not in", s.targets.group)
			}
			return out
		}),
		s.typedCheck(kind, members, func(ctx context.Context) outcome {
			if s.targets.group == 0 {
				return skipf("no group to list the members of; give one with --group")
			}
			var list gen.GroupMemberList
			param := map[string]any{}
			for _, name := range members.requiredParams() {
				if refOf(property(members.params, name)) == refGroup {
					param[name] = s.targets.group
				}
			}
			out, ok := s.discover(ctx, members, param, &list)
			if !ok {
				return out
			}
			configured := s.targets.member != 0
			if !configured {
				for _, m := range list {
					if m.UserID != s.self {
						s.targets.member = m.UserID
						break
					}
				}
			}
			out.reason = fmt.Sprintf("group %d has %d members; member target %s", s.targets.group, len(list), idOrNone(s.targets.member))
			if configured && !slices.ContainsFunc(list, func(m gen.GroupMemberInfo) bool { return m.UserID == s.targets.member }) {
				return s.warnTarget(out, "--user %d is not a member of group %d: the member checks will act on someone outside it", s.targets.member, s.targets.group)
			}
			return out
		}),
	}
}

// warnTarget turns a configured target the target does not know into a loud warning: the
// result, and a note of the whole report.
func (s *suite) warnTarget(out outcome, format string, args ...any) outcome {
	msg := fmt.Sprintf(format, args...)
	s.notes = append(s.notes, "WARNING: "+msg)
	out.ps.addAt(Recommended, "", "", "a configured target the target does not know", "WARNING: %s", msg)
	return out
}

func idOrNone(id int64) string {
	if id == 0 {
		return "none"
	}
	return fmt.Sprint(id)
}
