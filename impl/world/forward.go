package world

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/impl/cqcode"
)

// Merged forwards (合并转发): a sender puts nodes together, each a message it can see (an id
// node) or a custom node (any name, any content, a forward inside), and sends the result as
// one message holding a `forward` segment. The forward keeps what its nodes held when it was
// sent: an id node copies the message as it was then (a later recall does not empty it), a
// custom node its content; nested forwards are copied whole.

// NodeInput is one node as a sender gives it: MessageID for an id node, else a custom node
// of UserID and Nickname holding Segments, or Nested nodes (a forward inside the forward).
type NodeInput struct {
	MessageID int32
	UserID    int64
	Nickname  string
	Segments  []cqcode.Segment
	Nested    []NodeInput
}

// Forward limits: how many nodes one level may hold and how deep forwards may nest. QQ's
// clients refuse larger forwards; the limits also bound what one send may store.
const (
	MaxForwardNodes = 100
	MaxForwardDepth = 3
)

// ForwardTarget is where a forward goes: to a group, or privately to PeerID (through
// ViaGroup, a temporary session, when not friends).
type ForwardTarget struct {
	GroupID  int64
	PeerID   int64
	ViaGroup int64
}

// SentForward is what sending a forward made: the message carrying it and the forward's id.
type SentForward struct {
	MessageID int32
	ForwardID string
}

// SendForward stores a forward of nodes and sends it to a group or a user as a message whose
// one segment is `forward` with the forward's id (QQ's res_id), in one transaction: a send
// QQ refuses stores nothing.
func (a *Actor) SendForward(ctx context.Context, to ForwardTarget, nodes []NodeInput) (SentForward, error) {
	var out SentForward
	err := a.update(ctx, func(o *act) error {
		resolved, err := o.forwardNodes(nodes, 1)
		if err != nil {
			return err
		}
		out.ForwardID, err = forwardID(resolved)
		if err != nil {
			return err
		}
		if err := o.tx.Forwards().Put(out.ForwardID, resolved); err != nil {
			return err
		}
		segs := []cqcode.Segment{{Type: "forward", Data: cqcode.Data{{Key: "id", Value: out.ForwardID}}}}
		switch {
		case to.GroupID != 0 && to.PeerID == 0:
			out.MessageID, err = deliver(o.op, o.w, Message{Type: Grouped, SenderID: o.self, GroupID: to.GroupID, Segments: segs}, 0)
		case to.PeerID != 0:
			out.MessageID, err = deliver(o.op, o.w, Message{Type: Private, SenderID: o.self, PeerID: to.PeerID, Segments: segs}, to.ViaGroup)
		default:
			err = fmt.Errorf("a forward needs a group or a user to go to: %w", ErrInvalid)
		}
		return err
	})
	return out, err
}

// forwardNodes resolves what a sender gave into stored nodes, at nesting depth.
func (o *act) forwardNodes(in []NodeInput, depth int) ([]ForwardNode, error) {
	switch {
	case len(in) == 0:
		return nil, fmt.Errorf("a forward needs at least one node: %w", ErrInvalid)
	case len(in) > MaxForwardNodes:
		return nil, fmt.Errorf("a forward holds at most %d nodes, not %d: %w", MaxForwardNodes, len(in), ErrInvalid)
	case depth > MaxForwardDepth:
		return nil, fmt.Errorf("forwards nest at most %d deep: %w", MaxForwardDepth, ErrInvalid)
	}
	out := make([]ForwardNode, 0, len(in))
	for i, n := range in {
		var node ForwardNode
		var err error
		switch {
		case n.MessageID != 0:
			node, err = o.copiedNode(n.MessageID, depth)
		case len(n.Nested) > 0:
			node = ForwardNode{UserID: n.UserID, Nickname: n.Nickname, Time: o.now}
			node.Nested, err = o.forwardNodes(n.Nested, depth+1)
		case len(n.Segments) > 0:
			node = ForwardNode{UserID: n.UserID, Nickname: n.Nickname, Time: o.now, Segments: n.Segments}
		default:
			err = fmt.Errorf("a custom node needs content: %w", ErrInvalid)
		}
		if err != nil {
			return nil, fmt.Errorf("node %d: %w", i, err)
		}
		out = append(out, node)
	}
	return out, nil
}

// copiedNode is an id node: the message as the sender sees it now, under its sender's group
// card (else nickname); a message that is itself a forward is copied as a nested forward.
func (o *act) copiedNode(id int32, depth int) (ForwardNode, error) {
	m, err := o.visibleMessage(id)
	if err != nil {
		return ForwardNode{}, err
	}
	v := o.messageView(m)
	node := ForwardNode{UserID: m.SenderID, Nickname: v.Sender.Nickname, Time: m.Time, Segments: m.Segments}
	if v.Member != nil && v.Member.Card != "" {
		node.Nickname = v.Member.Card
	}
	if inner := forwardOf(m.Segments); inner != "" {
		if depth >= MaxForwardDepth {
			return ForwardNode{}, fmt.Errorf("message %d is a forward, and forwards nest at most %d deep: %w", id, MaxForwardDepth, ErrInvalid)
		}
		nested, err := o.tx.Forwards().Get(inner)
		if err != nil {
			return ForwardNode{}, fmt.Errorf("message %d: %w", id, err)
		}
		node.Segments, node.Nested = nil, nested
	}
	return node, nil
}

// forwardOf is the forward id a message carries when it is a merged forward.
func forwardOf(segs []cqcode.Segment) string {
	if len(segs) == 1 && segs[0].Type == "forward" {
		return segs[0].Data.Text("id")
	}
	return ""
}

// forwardID names a forward by its content, so the same nodes sent at the same moment get
// the same id whatever ids were used before (a counter would survive a reset and differ
// between runs): QQ's res_id is an opaque string too.
func forwardID(nodes []ForwardNode) (string, error) {
	raw, err := json.Marshal(nodes)
	if err != nil {
		return "", fmt.Errorf("encoding forward: %w", err)
	}
	sum := sha256.Sum256(raw)
	return base64.RawURLEncoding.EncodeToString(sum[:24]), nil
}

// ForwardOne sends a copy of a message the actor sees to a group or a user (NapCat's
// forward_group_single_msg / forward_friend_single_msg: QQ's 转发 of one message), as the
// actor's own message; a forward is forwarded as the same forward.
func (a *Actor) ForwardOne(ctx context.Context, messageID int32, to ForwardTarget) (int32, error) {
	var id int32
	err := a.update(ctx, func(o *act) error {
		m, err := o.visibleMessage(messageID)
		if err != nil {
			return err
		}
		segs := append([]cqcode.Segment(nil), m.Segments...)
		switch {
		case to.GroupID != 0 && to.PeerID == 0:
			id, err = deliver(o.op, o.w, Message{Type: Grouped, SenderID: o.self, GroupID: to.GroupID, Segments: segs}, 0)
		case to.PeerID != 0:
			id, err = deliver(o.op, o.w, Message{Type: Private, SenderID: o.self, PeerID: to.PeerID, Segments: segs}, to.ViaGroup)
		default:
			err = fmt.Errorf("forwarding message %d needs a group or a user to send it to: %w", messageID, ErrInvalid)
		}
		return err
	})
	return id, err
}

// NodesOf reads node segments (as bots and the control API send them) into node inputs:
// `id` makes an id node; otherwise `user_id` (go-cqhttp also `uin`), `nickname` (also
// `name`) and `content`, a message, whose segments, when they are all nodes, make a nested
// forward.
func NodesOf(segs []cqcode.Segment) ([]NodeInput, error) {
	out := make([]NodeInput, 0, len(segs))
	for i, seg := range segs {
		if seg.Type != "node" {
			return nil, fmt.Errorf("node %d is a %s segment, not a node: %w", i, seg.Type, ErrInvalid)
		}
		n, err := nodeOf(seg.Data)
		if err != nil {
			return nil, fmt.Errorf("node %d: %w", i, err)
		}
		out = append(out, n)
	}
	return out, nil
}

func nodeOf(d cqcode.Data) (NodeInput, error) {
	if id := d.Text("id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 32)
		if err != nil || n == 0 {
			return NodeInput{}, fmt.Errorf("id %q is not a message id: %w", id, ErrInvalid)
		}
		return NodeInput{MessageID: int32(n)}, nil
	}
	var node NodeInput
	uin := firstOf(d, "user_id", "uin")
	if uin == "" {
		return NodeInput{}, fmt.Errorf("a custom node needs user_id (or uin): %w", ErrInvalid)
	}
	var err error
	if node.UserID, err = strconv.ParseInt(uin, 10, 64); err != nil || node.UserID <= 0 {
		return NodeInput{}, fmt.Errorf("user_id %q is not a QQ number: %w", uin, ErrInvalid)
	}
	node.Nickname = firstOf(d, "nickname", "name")
	var content []cqcode.Segment
	switch c := d.Get("content").(type) {
	case []cqcode.Segment:
		content = c
	case string:
		content = cqcode.Parse(c)
	case nil:
	default: // one segment as an object
		raw, err := json.Marshal(c)
		if err == nil {
			content, err = cqcode.Decode(raw, false)
		}
		if err != nil {
			return NodeInput{}, fmt.Errorf("content is not a message: %v: %w", err, ErrInvalid)
		}
	}
	if len(content) == 0 {
		return NodeInput{}, fmt.Errorf("a custom node needs content: %w", ErrInvalid)
	}
	if allNodes(content) {
		node.Nested, err = NodesOf(content)
		return node, err
	}
	node.Segments = content
	return node, nil
}

func firstOf(d cqcode.Data, keys ...string) string {
	for _, k := range keys {
		if v := d.Text(k); v != "" {
			return v
		}
	}
	return ""
}

func allNodes(segs []cqcode.Segment) bool {
	for _, s := range segs {
		if s.Type != "node" {
			return false
		}
	}
	return true
}
