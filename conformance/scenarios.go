package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/onespec/onespec/gen"
)

// scenarioChecks check that actions do what they say, by reading back what they changed. They
// send the generated request types and read answers into the generated data types: a target
// that passes them can be driven by generated code.
func (s *suite) scenarioChecks() []check {
	send := s.opOf(gen.ActionSendGroupMsg)
	get := s.opOf(gen.ActionGetMsg)
	del := s.opOf(gen.ActionDeleteMsg)
	setCard := s.opOf(gen.ActionSetGroupCard)
	memberInfo := s.opOf(gen.ActionGetGroupMemberInfo)
	setName := s.opOf(gen.ActionSetGroupName)
	groupInfo := s.opOf(gen.ActionGetGroupInfo)
	sends := s.sendOps()

	scenario := func(name string, steps []*op, run func(ctx context.Context) outcome) check {
		zh := make([]string, len(steps))
		for i, o := range steps {
			zh[i] = o.nameZh
		}
		return check{
			id:     "scenario/" + name,
			action: steps[0].name,
			nameZh: strings.Join(zh, " → "),
			run: func(ctx context.Context) outcome {
				if !s.cfg.AllowMutations {
					return skipf("stateful scenario; run with --allow-mutations (Config.AllowMutations) to run it")
				}
				var kinds []string
				for _, o := range steps {
					kinds = append(kinds, refKinds(o)...)
				}
				if why := s.expendableSkip(ctx, kinds); why != "" {
					return skipf("stateful scenario: %s", why)
				}
				return run(ctx)
			},
		}
	}
	checks := []check{
		scenario("message-roundtrip", []*op{send, get, del, get}, func(ctx context.Context) outcome {
			return s.messageRoundtrip(ctx, send, get, del)
		}),
		scenario("cq-escape", []*op{send, get, del}, func(ctx context.Context) outcome {
			return s.cqEscapeRoundtrip(ctx, send, get, del)
		}),
		scenario("group-card", []*op{memberInfo, setCard, memberInfo}, func(ctx context.Context) outcome {
			return s.groupCard(ctx, memberInfo, setCard)
		}),
		scenario("group-name", []*op{groupInfo, setName, groupInfo}, func(ctx context.Context) outcome {
			return s.groupName(ctx, groupInfo, setName)
		}),
	}
	if len(sends) > 0 {
		checks = append(checks, scenario("message-forms", sends, func(ctx context.Context) outcome {
			return s.messageForms(ctx, sends)
		}))
	}
	return checks
}

// messageRoundtrip: send_group_msg, get_msg returns the same text as a group message,
// delete_msg succeeds, and get_msg then fails with a documented retcode.
func (s *suite) messageRoundtrip(ctx context.Context, send, get, del *op) outcome {
	group := s.targets.group
	if group == 0 {
		return skipf("no target group")
	}
	text := "onespec conformance " + randomHex(4)
	var msg gen.Message
	if err := msg.FromMessage0(text); err != nil {
		return failf("", "conformance suite bug: building the message: %v", err)
	}
	plain := true // the text is meant literally, never as CQ codes
	var sent gen.SendMsgData
	if out := s.step(ctx, send, gen.SendGroupMsgJSONRequestBody{GroupID: group, Message: msg, AutoEscape: &plain}, &sent, true); out != nil {
		return *out
	}
	id := sent.MessageID

	var got gen.GetMsgData
	if out := s.step(ctx, get, gen.GetMsgJSONRequestBody{MessageID: id}, &got, false); out != nil {
		out.reason = fmt.Sprintf("reading back message %d: %s", id, out.reason)
		return *out
	}
	var ps problems
	if got.MessageType != gen.MessageTypeGroup {
		ps.add("data.message_type", "%q, want %q for a message sent with %s", got.MessageType, gen.MessageTypeGroup, send.name)
	}
	if g := got.GroupID; g != nil && *g != group {
		ps.add("data.group_id", "%d, want %d", *g, group)
	}
	if back := plainText(got.Message); back != text {
		ps.add("data.message", "text %q, want %q", back, text)
	}
	if out, failed := ps.outcome(); failed {
		out.reason = fmt.Sprintf("%s of message %d: %s", get.name, id, out.reason)
		return out
	}

	if out := s.step(ctx, del, gen.DeleteMsgJSONRequestBody{MessageID: id}, nil, false); out != nil {
		out.reason = fmt.Sprintf("recalling message %d: %s", id, out.reason)
		return *out
	}

	var gone gen.GetMsgData
	out, after, _ := s.callAnswer(ctx, get, gen.GetMsgJSONRequestBody{MessageID: id}, &gone, false, refuseUnknown)
	switch {
	case after.status == statusOK:
		out.ps.add(fieldStatus, "%s still returns message %d after %s answered ok", get.name, id, del.name)
	case after.status != statusFailed:
		out.ps.add(fieldStatus, "%s of the recalled message answered %s/%d, want a failure", get.name, after.status, after.retcode)
	case !get.documents(after.retcode):
		out.ps.addAt(Onespec, "", fieldRetcode, "", "%s of the recalled message answered %s/%d, want a failure among %s %v", get.name, after.status, after.retcode, extRetcodes, get.retcodes)
	}
	if out.reason == "" {
		out.reason = fmt.Sprintf("message %d sent to group %d, read back, recalled; %s then answered %s/%d", id, group, get.name, after.status, after.retcode)
	}
	return out
}

// groupCard: set_group_card on the target member, get_group_member_info shows it; the old card
// is put back.
func (s *suite) groupCard(ctx context.Context, info, set *op) outcome {
	group, member := s.targets.group, s.targets.member
	if group == 0 || member == 0 {
		return skipf("no target group and member")
	}
	fresh := true // read the server's state, not a cache
	read := func(setup bool) (string, *outcome) {
		var m gen.GroupMemberInfo
		if out := s.step(ctx, info, gen.GetGroupMemberInfoJSONRequestBody{GroupID: group, UserID: member, NoCache: &fresh}, &m, setup); out != nil {
			return "", out
		}
		return m.Card, nil
	}
	write := func(card string, setup bool) *outcome {
		return s.step(ctx, set, gen.SetGroupCardJSONRequestBody{GroupID: group, UserID: member, Card: &card}, nil, setup)
	}

	old, out := read(true)
	if out != nil {
		return *out
	}
	card := "onespec-" + randomHex(3)
	if out := write(card, true); out != nil {
		return *out
	}
	now, out := read(false) // it worked a moment ago: any failure now is one
	if out != nil {
		_ = write(old, false)
		return *out
	}
	if now != card {
		// Still try to put the old card back; the verdict stays the mismatch.
		_ = write(old, false)
		return failf("data.card", "after %s the card is %q, want %q", set.name, now, card)
	}
	if out := write(old, false); out != nil {
		out.reason = fmt.Sprintf("restoring the card %q: %s", old, out.reason)
		return *out
	}
	return pass(fmt.Sprintf("member %d of group %d: card set to %q, read back, restored to %q", member, group, card, old))
}

// groupName: set_group_name, get_group_info shows it; the old name is put back.
func (s *suite) groupName(ctx context.Context, info, set *op) outcome {
	group := s.targets.group
	if group == 0 {
		return skipf("no target group")
	}
	fresh := true
	read := func(setup bool) (string, *outcome) {
		var g gen.GroupInfo
		if out := s.step(ctx, info, gen.GetGroupInfoJSONRequestBody{GroupID: group, NoCache: &fresh}, &g, setup); out != nil {
			return "", out
		}
		return g.GroupName, nil
	}
	write := func(name string, setup bool) *outcome {
		return s.step(ctx, set, gen.SetGroupNameJSONRequestBody{GroupID: group, GroupName: name}, nil, setup)
	}

	old, out := read(true)
	if out != nil {
		return *out
	}
	name := "onespec " + randomHex(3)
	if out := write(name, true); out != nil {
		return *out
	}
	now, out := read(false)
	if out != nil {
		_ = write(old, false)
		return *out
	}
	if now != name {
		_ = write(old, false)
		return failf("data.group_name", "after %s the name is %q, want %q", set.name, now, name)
	}
	if out := write(old, false); out != nil {
		out.reason = fmt.Sprintf("restoring the name %q: %s", old, out.reason)
		return *out
	}
	return pass(fmt.Sprintf("group %d: name set to %q, read back, restored to %q", group, name, old))
}

// step is one call of a scenario that must answer ok/0; its data (when into is not nil) is
// read into the generated type. It returns nil when the step worked. Its request is built from
// the target's own ids, so an unknown action ends the scenario UNSUPPORTED, and, with setup
// true, any failure is the target's refusal (refusal): a documented one (no permission, say)
// an Unexercised finding, never a PASS and never silently skipped.
func (s *suite) step(ctx context.Context, o *op, body, into any, setup bool) *outcome {
	if into == nil {
		into = new(any)
	}
	mode := refuseUnknown // it worked a moment ago: a failure now is a wrong answer
	if setup {
		mode = refuseAll
	}
	out, _, ok := s.call(ctx, o, body, into, mode)
	if ok {
		return nil
	}
	return &out
}

var cqCode = regexp.MustCompile(`\[CQ:[^\]]*\]`)

// cqUnescape undoes the CQ-code text escapes (the Message schema's string form).
var cqUnescape = strings.NewReplacer("&#91;", "[", "&#93;", "]", "&#44;", ",", "&amp;", "&")

// plainText is a message's text, whatever form the target answered in: a CQ-code string, an
// array of segments, or one segment. Non-text segments (of any type, known or not) and CQ codes
// are dropped. It reads the message's JSON form, so it works on any generated message type.
func plainText(m json.Marshaler) string {
	raw, err := m.MarshalJSON()
	if err != nil {
		return ""
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	if str, ok := v.(string); ok {
		return cqUnescape.Replace(cqCode.ReplaceAllString(str, ""))
	}
	segs, ok := v.([]any)
	if !ok {
		segs = []any{v}
	}
	var b strings.Builder
	for _, seg := range segs {
		m, _ := seg.(map[string]any)
		data, _ := m["data"].(map[string]any)
		if text, ok := data["text"].(string); ok && m["type"] == string(gen.TextSegmentTypeText) {
			b.WriteString(text)
		}
	}
	return b.String()
}
