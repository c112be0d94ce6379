package impl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/params"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/openapi"
)

// SendPrivateMsg is send_private_msg 发送私聊消息.
func (s *Server) SendPrivateMsg(ctx context.Context, req gen.SendPrivateMsgRequestObject) (gen.SendPrivateMsgResponseObject, error) {
	p := value(req.Body)
	id, err := s.sendPrivate(p.UserID, value(p.GroupID), p.Message, value(p.AutoEscape))
	return gen.SendPrivateMsg200JSONResponse(result(ctx, gen.SendMsgData{MessageID: id}, err)), nil
}

// SendGroupMsg is send_group_msg 发送群消息.
func (s *Server) SendGroupMsg(ctx context.Context, req gen.SendGroupMsgRequestObject) (gen.SendGroupMsgResponseObject, error) {
	p := value(req.Body)
	id, err := s.sendGroup(p.GroupID, p.Message, value(p.AutoEscape))
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
		id, err = s.sendPrivate(*p.UserID, value(p.GroupID), p.Message, value(p.AutoEscape))
	case kind == gen.MessageTypeGroup && p.GroupID != nil:
		id, err = s.sendGroup(*p.GroupID, p.Message, value(p.AutoEscape))
	default:
		err = invalid("send_msg needs user_id for a private message or group_id for a group message (message_type %q)", kind)
	}
	return gen.SendMsg200JSONResponse(result(ctx, gen.SendMsgData{MessageID: id}, err)), nil
}

func (s *Server) sendPrivate(userID, viaGroup int64, msg gen.Message, autoEscape bool) (int32, error) {
	segs, err := decodeMessage(msg, autoEscape)
	if err != nil {
		return 0, err
	}
	return s.world.SendPrivate(userID, viaGroup, segs)
}

func (s *Server) sendGroup(groupID int64, msg gen.Message, autoEscape bool) (int32, error) {
	segs, err := decodeMessage(msg, autoEscape)
	if err != nil {
		return 0, err
	}
	return s.world.SendGroup(groupID, segs)
}

// DeleteMsg is delete_msg 撤回消息.
func (s *Server) DeleteMsg(ctx context.Context, req gen.DeleteMsgRequestObject) (gen.DeleteMsgResponseObject, error) {
	return gen.DeleteMsg200JSONResponse(done(ctx, s.world.Recall(value(req.Body).MessageID))), nil
}

// GetMsg is get_msg 获取消息.
func (s *Server) GetMsg(ctx context.Context, req gen.GetMsgRequestObject) (gen.GetMsgResponseObject, error) {
	m, err := s.world.Message(value(req.Body).MessageID)
	if err != nil {
		return gen.GetMsg200JSONResponse(failure[gen.GetMsgData](ctx, err)), nil
	}
	data := gen.GetMsgData{
		Time:        int32(m.Time),
		MessageType: m.Type,
		MessageID:   m.ID,
		RealID:      m.ID,
		Sender:      senderOf(s.world.SenderOf(m)),
	}
	if m.Type == world.Grouped {
		data.GroupID = &m.GroupID
	}
	data.Message, err = encodeMessage(m.Segments)
	return gen.GetMsg200JSONResponse(result(ctx, data, err)), nil
}

// GetForwardMsg is get_forward_msg 获取合并转发消息; it answers with the standard's `message`
// (node segments).
func (s *Server) GetForwardMsg(ctx context.Context, req gen.GetForwardMsgRequestObject) (gen.GetForwardMsgResponseObject, error) {
	nodes, err := s.world.Forward(value(req.Body).ID)
	if err != nil {
		return gen.GetForwardMsg200JSONResponse(failure[gen.GetForwardMsgData](ctx, err)), nil
	}
	data := gen.GetForwardMsgData{Message: make([]gen.Segment, 0, len(nodes))}
	for _, n := range nodes {
		node := gen.NodeSegment{Type: gen.NodeSegmentTypeNode}
		content, err := encodeMessage(n.Segments)
		if err != nil {
			return gen.GetForwardMsg200JSONResponse(failure[gen.GetForwardMsgData](ctx, err)), nil
		}
		userID, nickname := strconv.FormatInt(n.UserID, 10), n.Nickname
		node.Data.UserID, node.Data.Nickname, node.Data.Content = &userID, &nickname, &content
		var seg gen.Segment
		if err := seg.FromNodeSegment(node); err != nil {
			return gen.GetForwardMsg200JSONResponse(failure[gen.GetForwardMsgData](ctx, err)), nil
		}
		data.Message = append(data.Message, seg)
	}
	return gen.GetForwardMsg200JSONResponse(result(ctx, data, err)), nil
}

func senderOf(s world.Sender) gen.Sender {
	out := gen.Sender{UserID: &s.ID, Nickname: &s.Nickname, Sex: &s.Sex, Age: &s.Age}
	if m := s.Member; m != nil {
		out.Card, out.Area, out.Level, out.Role, out.Title = &m.Card, &s.Area, &m.Level, &m.Role, &m.Title
	}
	return out
}

// decodeMessage reads a message parameter in any of its forms. Segments written as CQ codes
// are held to the same schema as segment arrays (which the dispatcher has validated), so that
// "[CQ:at]" without qq is refused with 1400 instead of being stored and later served as data
// the spec's own schema rejects.
func decodeMessage(msg gen.Message, autoEscape bool) ([]cqcode.Segment, error) {
	raw, err := msg.MarshalJSON()
	if err != nil {
		return nil, invalid("message: %v", err)
	}
	segs, err := cqcode.Decode(raw, autoEscape)
	if err != nil {
		return nil, invalid("message: %v", err)
	}
	if len(raw) == 0 || raw[0] != '"' || autoEscape {
		return segs, nil
	}
	schema, err := segmentSchema()
	if err != nil {
		return nil, err
	}
	for i, seg := range segs {
		if _, err := schema.Value(map[string]any{"type": seg.Type, "data": seg.Data.Map()}); err != nil {
			return nil, invalid("message: CQ code %d (%s): %v", i, cqcode.Format([]cqcode.Segment{seg}), err)
		}
	}
	return segs, nil
}

// segmentSchema is the spec's schema of one segment of a sent message (the items of the
// Message parameter's array form), compiled once.
var segmentSchema = sync.OnceValues(func() (*params.Schema, error) {
	doc, err := openapi.Doc()
	if err != nil {
		return nil, err
	}
	message := doc.Components.Schemas["Message"]
	if message == nil || message.Value == nil {
		return nil, errors.New("the spec has no Message schema")
	}
	for _, branch := range message.Value.OneOf {
		if b := branch.Value; b != nil && b.Type.Is(openapi3.TypeArray) && b.Items != nil {
			return params.Compile(b.Items.Value), nil
		}
	}
	return nil, errors.New("the spec's Message schema has no array form")
})

// encodeMessage renders stored segments as the array form of a message.
func encodeMessage(segs []cqcode.Segment) (gen.Message, error) {
	var msg gen.Message
	if segs == nil {
		segs = []cqcode.Segment{}
	}
	return msg, convert(segs, &msg)
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
