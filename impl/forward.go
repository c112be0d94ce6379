package impl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// Merged forwards a bot sends (合并转发) and single messages it forwards. The world stores
// the forward and sends the message carrying it; get_forward_msg (message.go) reads it back.

// SendGroupForwardMsg is send_group_forward_msg 发送群合并转发消息.
func (s *Server) SendGroupForwardMsg(ctx context.Context, req gen.SendGroupForwardMsgRequestObject) (gen.SendGroupForwardMsgResponseObject, error) {
	p := value(req.Body)
	data, err := s.sendForward(ctx, world.ForwardTarget{GroupID: p.GroupID}, p.Messages, p.Message, gen.ActionSendGroupForwardMsg)
	return gen.SendGroupForwardMsg200JSONResponse(result(ctx, data, err)), nil
}

// SendPrivateForwardMsg is send_private_forward_msg 发送私聊合并转发消息.
func (s *Server) SendPrivateForwardMsg(ctx context.Context, req gen.SendPrivateForwardMsgRequestObject) (gen.SendPrivateForwardMsgResponseObject, error) {
	p := value(req.Body)
	data, err := s.sendForward(ctx, world.ForwardTarget{PeerID: p.UserID, ViaGroup: value(p.GroupID)}, p.Messages, p.Message, gen.ActionSendPrivateForwardMsg)
	return gen.SendPrivateForwardMsg200JSONResponse(result(ctx, data, err)), nil
}

// SendForwardMsg is send_forward_msg 发送合并转发消息: the target is chosen as send_msg
// chooses it.
func (s *Server) SendForwardMsg(ctx context.Context, req gen.SendForwardMsgRequestObject) (gen.SendForwardMsgResponseObject, error) {
	p := value(req.Body)
	var to world.ForwardTarget
	var err error
	switch kind := value(p.MessageType); {
	case (kind == gen.MessageTypePrivate || kind == "") && p.UserID != nil:
		to = world.ForwardTarget{PeerID: *p.UserID, ViaGroup: value(p.GroupID)}
	case (kind == gen.MessageTypeGroup || kind == "") && p.GroupID != nil:
		to = world.ForwardTarget{GroupID: *p.GroupID}
	default:
		err = invalid("send_forward_msg needs user_id for a private forward or group_id for a group forward (message_type %q)", kind)
	}
	var data gen.SendForwardMsgData
	if err == nil {
		data, err = s.sendForward(ctx, to, p.Messages, p.Message, gen.ActionSendForwardMsg)
	}
	return gen.SendForwardMsg200JSONResponse(result(ctx, data, err)), nil
}

// sendForward sends the nodes given as messages (or, NapCat, as message) to a target.
func (s *Server) sendForward(ctx context.Context, to world.ForwardTarget, messages *gen.ForwardNodes, message *gen.Message, action string) (gen.SendForwardMsgData, error) {
	var nodes []world.NodeInput
	var err error
	switch {
	case messages != nil:
		nodes, err = forwardItems(*messages)
	case message != nil:
		nodes, err = forwardMessage(*message)
	default:
		err = invalid("%s needs the nodes as messages (or message)", action)
	}
	if err != nil {
		return gen.SendForwardMsgData{}, err
	}
	if err := checkNodes(nodes); err != nil {
		return gen.SendForwardMsgData{}, err
	}
	sent, err := s.bot(ctx).SendForward(ctx, to, nodes)
	return gen.SendForwardMsgData{MessageID: sent.MessageID, ForwardID: &sent.ForwardID, ResID: &sent.ForwardID}, err
}

// forwardItems reads the messages parameter: node segments, or message ids (NcatBot).
func forwardItems(items gen.ForwardNodes) ([]world.NodeInput, error) {
	out := make([]world.NodeInput, 0, len(items))
	for i, item := range items {
		raw, err := item.MarshalJSON()
		if err != nil {
			return nil, invalid("messages[%d]: %v", i, err)
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] != '{' {
			var id json.Number
			if err := json.Unmarshal(raw, &id); err != nil {
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					return nil, invalid("messages[%d]: neither a node nor a message id", i)
				}
				id = json.Number(s)
			}
			n, err := strconv.ParseInt(id.String(), 10, 32)
			if err != nil || n <= 0 {
				return nil, invalid("messages[%d]: %q is not a message id", i, id)
			}
			out = append(out, world.NodeInput{MessageID: int32(n)})
			continue
		}
		segs, err := cqcode.Decode(raw, false)
		if err != nil {
			return nil, invalid("messages[%d]: %v", i, err)
		}
		nodes, err := world.NodesOf(segs)
		if err != nil {
			return nil, fmt.Errorf("messages[%d]: %w", i, err)
		}
		out = append(out, nodes...)
	}
	return out, nil
}

// forwardMessage reads NapCat's message parameter: a message whose segments are all nodes.
func forwardMessage(msg gen.Message) ([]world.NodeInput, error) {
	raw, err := msg.MarshalJSON()
	if err != nil {
		return nil, invalid("message: %v", err)
	}
	segs, err := cqcode.Decode(raw, false)
	if err != nil {
		return nil, invalid("message: %v", err)
	}
	nodes, err := world.NodesOf(segs)
	if err != nil {
		return nil, fmt.Errorf("message: %w", err)
	}
	return nodes, nil
}

// checkNodes holds every custom node's content to what a sent message may be.
func checkNodes(nodes []world.NodeInput) error {
	for _, n := range nodes {
		if err := checkOutgoing(n.Segments, true); err != nil {
			return err
		}
		if err := checkNodes(n.Nested); err != nil {
			return err
		}
	}
	return nil
}

// ForwardGroupSingleMsg is forward_group_single_msg 转发单条消息到群.
func (s *Server) ForwardGroupSingleMsg(ctx context.Context, req gen.ForwardGroupSingleMsgRequestObject) (gen.ForwardGroupSingleMsgResponseObject, error) {
	return gen.ForwardGroupSingleMsg200JSONResponse(done(ctx, s.forwardOne(ctx, value(req.Body)))), nil
}

// ForwardFriendSingleMsg is forward_friend_single_msg 转发单条消息到好友.
func (s *Server) ForwardFriendSingleMsg(ctx context.Context, req gen.ForwardFriendSingleMsgRequestObject) (gen.ForwardFriendSingleMsgResponseObject, error) {
	return gen.ForwardFriendSingleMsg200JSONResponse(done(ctx, s.forwardOne(ctx, value(req.Body)))), nil
}

// forwardOne sends a copy of a message to user_id when given, else to group_id, as NapCat
// does under both names.
func (s *Server) forwardOne(ctx context.Context, p gen.ForwardSingleMsgParams) error {
	to := world.ForwardTarget{GroupID: value(p.GroupID)}
	if p.UserID != nil {
		to = world.ForwardTarget{PeerID: *p.UserID}
	}
	_, err := s.bot(ctx).ForwardOne(ctx, p.MessageID, to)
	return err
}
