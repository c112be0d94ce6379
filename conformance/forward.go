package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Merged forwards (合并转发): the bot sends one to the fixture's group holding an id node (a
// simulated member's message) and a custom node whose content is a forward of one custom node,
// and get_forward_msg must give back what was sent, nested; then the member sends the bot's
// group a forward through the control API (send_forward), the message event carries a
// `forward` segment with the forward's id, and get_forward_msg resolves it for the bot. A
// target that answered no id, flattened the nesting, lost a node or told the bot a forward it
// cannot read fails it.

func (s *suite) forwardCheck() check {
	return s.roundTripCheck("forward-roundtrip", []string{gen.ActionSendGroupForwardMsg, gen.ActionGetForwardMsg}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.forwardRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) forwardRoundtrip(ctx context.Context, rig *eventRig, send, get *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	copied, inner := s.marker("forwarded"), s.marker("nested")
	var m control.WorldMessageID
	if err := s.act(ctx, rig, control.ActionSendMessage, map[string]any{"user_id": fx.member, "group_id": fx.group, "message": copied}, &m); err != nil {
		return stopOutcome(err)
	}
	self := fmt.Sprint(s.self)
	nodes := []any{
		map[string]any{"type": "node", "data": map[string]any{"id": fmt.Sprint(m.MessageID)}},
		map[string]any{"type": "node", "data": map[string]any{"user_id": self, "nickname": "onespec", "content": []any{
			map[string]any{"type": "node", "data": map[string]any{"user_id": self, "nickname": "onespec", "content": []any{
				map[string]any{"type": "text", "data": map[string]any{"text": inner}}}}},
		}}},
	}
	var sent gen.SendForwardMsgData
	if out := s.step(ctx, send, map[string]any{"group_id": fx.group, "messages": nodes}, &sent, true); out != nil {
		return *out
	}
	var ps problems
	var id string
	for _, v := range []*string{sent.ForwardID, sent.ResID} {
		if v != nil && id == "" {
			id = *v
		}
	}
	want := fmt.Sprintf("%s | {%s}", copied, inner)
	if id == "" {
		ps.add("data.forward_id", "%s answered neither forward_id nor res_id: the forward cannot be read back", send.name)
	} else if got, out := s.readForward(ctx, get, id); out != nil {
		out.reason = fmt.Sprintf("reading back the forward %s: %s", id, out.reason)
		return *out
	} else if got != want {
		ps.add("data.message", "%s of the forward %s the bot sent answered %q, want %q (the id node's text, then the nested node)", get.name, id, got, want)
	}
	notes := []string{fmt.Sprintf("the bot's forward %s of message %d and a nested node read back", id, m.MessageID)}

	// A member sends the group a forward: the bot is told, and reads it.
	told := s.marker("told")
	var fwd control.WorldForward
	driven := time.Now()
	params := map[string]any{"user_id": fx.member, "group_id": fx.group,
		"nodes": []any{map[string]any{"type": "node", "data": map[string]any{"user_id": fmt.Sprint(fx.member), "nickname": "member", "content": told}}}}
	if err := s.act(ctx, rig, control.ActionSendForward, params, &fwd); err != nil {
		return stopOutcome(err)
	}
	msgID := int64(fwd.MessageID)
	ev := expectedEvent{schema: schemaGroupMessage, ref: refEventMessage, driven: driven, want: eventFields{fieldGroupID: fx.group, fieldUserID: fx.member},
		what: fmt.Sprintf("the group message %d carrying forward %s", msgID, fwd.ForwardID)}
	ev.match = messageEvent(string(gen.GroupMessageEventMessageTypeGroup), &msgID, fx.member, fwd.ForwardID)
	ev.also = func(src string, m map[string]any, ps *problems) {
		if !slices.Contains(forwardIDs(m[fieldMessage]), fwd.ForwardID) {
			ps.add(fieldMessage, "%s: the message event %d carries no forward segment with id %s: %v", src, msgID, fwd.ForwardID, m[fieldMessage])
		}
	}
	seen, _ := s.awaitEvent(ctx, rig.sources, ev, &ps)
	if got, out := s.readForward(ctx, get, fwd.ForwardID); out != nil {
		out.reason = fmt.Sprintf("reading the forward %s the member sent: %s", fwd.ForwardID, out.reason)
		return *out
	} else if got != told {
		ps.add("data.message", "%s of the forward %s member %d sent answered %q, want %q", get.name, fwd.ForwardID, fx.member, got, told)
	}
	notes = append(notes, fmt.Sprintf("member %d's forward %s told (%s) and read", fx.member, fwd.ForwardID, strings.Join(seen, ", ")))
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}

// readForward calls get_forward_msg and renders its nodes as forwardText does.
func (s *suite) readForward(ctx context.Context, get *op, id string) (string, *outcome) {
	var data struct {
		Message  []any `json:"message"`
		Messages []any `json:"messages"`
	}
	if out := s.step(ctx, get, gen.GetForwardMsgJSONRequestBody{ID: id}, &data, false); out != nil {
		return "", out
	}
	nodes := data.Message
	if len(nodes) == 0 {
		nodes = data.Messages // go-cqhttp, NapCat and LLOneBot answer this name
	}
	return forwardText(nodes), nil
}

// forwardText renders nodes as their texts joined by " | ", a nested forward in braces.
// go-cqhttp's node objects ({content, sender}) read like node segments' data.
func forwardText(nodes []any) string {
	parts := make([]string, 0, len(nodes))
	for _, n := range nodes {
		node, _ := n.(map[string]any)
		data, ok := node["data"].(map[string]any)
		if !ok {
			data = node
		}
		parts = append(parts, contentText(data["content"]))
	}
	return strings.Join(parts, " | ")
}

// contentText is a node's content as text: a CQ string as it is, segments' texts, nodes as a
// nested forward.
func contentText(content any) string {
	switch c := content.(type) {
	case string:
		return c
	case []any:
		if len(c) > 0 {
			if first, _ := c[0].(map[string]any); first["type"] == "node" {
				return "{" + forwardText(c) + "}"
			}
		}
		var b strings.Builder
		for _, seg := range c {
			m, _ := seg.(map[string]any)
			if data, _ := m["data"].(map[string]any); m["type"] == "text" {
				b.WriteString(fmt.Sprint(data["text"]))
			}
		}
		return b.String()
	}
	return ""
}

// forwardIDs are the ids of the forward segments of a message in array form.
func forwardIDs(message any) []string {
	segs, _ := message.([]any)
	var out []string
	for _, seg := range segs {
		m, _ := seg.(map[string]any)
		if data, _ := m["data"].(map[string]any); m["type"] == "forward" {
			out = append(out, fmt.Sprint(data["id"]))
		}
	}
	return out
}
