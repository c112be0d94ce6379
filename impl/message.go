package impl

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// SendPrivateMsg is send_private_msg 发送私聊消息.
func (s *Server) SendPrivateMsg(ctx context.Context, req gen.SendPrivateMsgRequestObject) (gen.SendPrivateMsgResponseObject, error) {
	p := value(req.Body)
	id, err := s.sendPrivate(ctx, p.UserID, value(p.GroupID), p.Message, value(p.AutoEscape))
	return gen.SendPrivateMsg200JSONResponse(result(ctx, gen.SendMsgData{MessageID: id}, err)), nil
}

// SendGroupMsg is send_group_msg 发送群消息.
func (s *Server) SendGroupMsg(ctx context.Context, req gen.SendGroupMsgRequestObject) (gen.SendGroupMsgResponseObject, error) {
	p := value(req.Body)
	id, err := s.sendGroup(ctx, p.GroupID, p.Message, value(p.AutoEscape))
	return gen.SendGroupMsg200JSONResponse(result(ctx, gen.SendMsgData{MessageID: id}, err)), nil
}

// SendMsg is send_msg 发送消息: without message_type, a user_id means private (through a
// temporary session when group_id is given too, as go-cqhttp does) and a group_id alone means
// group.
func (s *Server) SendMsg(ctx context.Context, req gen.SendMsgRequestObject) (gen.SendMsgResponseObject, error) {
	p := value(req.Body)
	kind := value(p.MessageType)
	if kind == "" {
		switch {
		case p.UserID != nil:
			kind = gen.MessageTypePrivate
		case p.GroupID != nil:
			kind = gen.MessageTypeGroup
		}
	}
	var id int32
	var err error
	switch {
	case kind == gen.MessageTypePrivate && p.UserID != nil:
		id, err = s.sendPrivate(ctx, *p.UserID, value(p.GroupID), p.Message, value(p.AutoEscape))
	case kind == gen.MessageTypeGroup && p.GroupID != nil:
		id, err = s.sendGroup(ctx, *p.GroupID, p.Message, value(p.AutoEscape))
	default:
		err = invalid("send_msg needs user_id for a private message or group_id for a group message (message_type %q)", kind)
	}
	return gen.SendMsg200JSONResponse(result(ctx, gen.SendMsgData{MessageID: id}, err)), nil
}

func (s *Server) sendPrivate(ctx context.Context, userID, viaGroup int64, msg gen.Message, autoEscape bool) (int32, error) {
	segs, err := decodeMessage(msg, autoEscape)
	if err != nil {
		return 0, err
	}
	return s.bot(ctx).SendPrivate(ctx, userID, viaGroup, segs)
}

func (s *Server) sendGroup(ctx context.Context, groupID int64, msg gen.Message, autoEscape bool) (int32, error) {
	segs, err := decodeMessage(msg, autoEscape)
	if err != nil {
		return 0, err
	}
	return s.bot(ctx).SendGroup(ctx, groupID, segs)
}

// DeleteMsg is delete_msg 撤回消息.
func (s *Server) DeleteMsg(ctx context.Context, req gen.DeleteMsgRequestObject) (gen.DeleteMsgResponseObject, error) {
	return gen.DeleteMsg200JSONResponse(done(ctx, s.bot(ctx).Recall(ctx, value(req.Body).MessageID))), nil
}

// GetMsg is get_msg 获取消息.
func (s *Server) GetMsg(ctx context.Context, req gen.GetMsgRequestObject) (gen.GetMsgResponseObject, error) {
	m, err := s.bot(ctx).Message(ctx, value(req.Body).MessageID)
	if err != nil {
		return gen.GetMsg200JSONResponse(failure[gen.GetMsgData](ctx, err)), nil
	}
	data, err := msgData(m)
	return gen.GetMsg200JSONResponse(result(ctx, data, err)), nil
}

// msgData is a message as get_msg (and the history pages) answer it.
func msgData(m world.MessageView) (gen.GetMsgData, error) {
	data := gen.GetMsgData{
		Time:        int32(m.Time),
		MessageType: gen.MessageType(m.Type),
		MessageID:   m.ID,
		RealID:      int32(m.Seq), // QQ's sequence in the conversation, as go-cqhttp reports it
		Sender:      m.WireSender(),
	}
	if m.Type == world.Grouped {
		data.GroupID = &m.GroupID
	}
	// get_msg answers the received form of a message (ReceivedMessage: unknown segment types
	// allowed); the stored segments are all standard ones.
	err := encodeMessage(m.Segments, &data.Message)
	return data, err
}

// GetGroupMsgHistory is get_group_msg_history 获取群消息历史记录.
func (s *Server) GetGroupMsgHistory(ctx context.Context, req gen.GetGroupMsgHistoryRequestObject) (gen.GetGroupMsgHistoryResponseObject, error) {
	p := value(req.Body)
	page := world.HistoryPage{Seq: value(p.MessageSeq), Count: int(value(p.Count)), Newer: value(p.ReverseOrder)}
	msgs, err := s.bot(ctx).GroupHistory(ctx, p.GroupID, page)
	data, err := history(msgs, err)
	return gen.GetGroupMsgHistory200JSONResponse(result(ctx, data, err)), nil
}

// GetFriendMsgHistory is get_friend_msg_history 获取好友消息历史记录.
func (s *Server) GetFriendMsgHistory(ctx context.Context, req gen.GetFriendMsgHistoryRequestObject) (gen.GetFriendMsgHistoryResponseObject, error) {
	p := value(req.Body)
	page := world.HistoryPage{Seq: value(p.MessageSeq), Count: int(value(p.Count)), Newer: value(p.ReverseOrder)}
	msgs, err := s.bot(ctx).FriendHistory(ctx, p.UserID, page)
	data, err := history(msgs, err)
	return gen.GetFriendMsgHistory200JSONResponse(result(ctx, data, err)), nil
}

// history is a page of messages as the history actions answer it.
func history(msgs []world.MessageView, err error) (gen.MsgHistoryData, error) {
	data := gen.MsgHistoryData{Messages: make([]gen.GetMsgData, 0, len(msgs))}
	for _, m := range msgs {
		if err != nil {
			break
		}
		var d gen.GetMsgData
		d, err = msgData(m)
		data.Messages = append(data.Messages, d)
	}
	return data, err
}

// GetForwardMsg is get_forward_msg 获取合并转发消息; it answers with the standard's `message`
// (node segments) and the same nodes as `messages`, the name go-cqhttp and NapCat answer and
// their clients read (an onespec extension, in the spec).
func (s *Server) GetForwardMsg(ctx context.Context, req gen.GetForwardMsgRequestObject) (gen.GetForwardMsgResponseObject, error) {
	nodes, err := s.bot(ctx).Forward(ctx, value(req.Body).ID)
	if err != nil {
		return gen.GetForwardMsg200JSONResponse(failure[gen.GetForwardMsgData](ctx, err)), nil
	}
	segs, err := forwardNodes(nodes)
	return gen.GetForwardMsg200JSONResponse(result(ctx, gen.GetForwardMsgData{Message: segs, Messages: &segs}, err)), nil
}

// forwardNodes renders a forward's nodes as node segments; a node holding a nested forward
// has the nested nodes as its content, as go-cqhttp renders them.
func forwardNodes(nodes []world.ForwardNode) ([]gen.Segment, error) {
	out := make([]gen.Segment, 0, len(nodes))
	for _, n := range nodes {
		var content gen.Message
		if len(n.Nested) > 0 {
			nested, err := forwardNodes(n.Nested)
			if err != nil {
				return nil, err
			}
			if err := convert(nested, &content); err != nil {
				return nil, err
			}
		} else if err := encodeMessage(n.Segments, &content); err != nil {
			return nil, err
		}
		node := gen.NodeSegment{Type: gen.NodeSegmentTypeNode}
		userID, nickname := strconv.FormatInt(n.UserID, 10), n.Nickname
		node.Data.UserID, node.Data.Nickname, node.Data.Content = &userID, &nickname, &content
		var seg gen.Segment
		if err := seg.FromNodeSegment(node); err != nil {
			return nil, err
		}
		out = append(out, seg)
	}
	return out, nil
}

// encodeMessage renders stored segments as the array form of a message, into any of the
// generated message types.
func encodeMessage(segs []cqcode.Segment, to json.Unmarshaler) error {
	if segs == nil {
		segs = []cqcode.Segment{}
	}
	return convert(segs, to)
}

// convert moves a value between the generated types and the world's through its JSON form,
// the one constructor the generated unions share.
func convert(from, to any) error {
	raw, err := json.Marshal(from)
	if err != nil {
		return fmt.Errorf("encoding %T: %w", from, err)
	}
	return json.Unmarshal(raw, to)
}
