package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
)

// HandleQuickOperation is .handle_quick_operation 对事件执行快速操作: it answers a message
// event (reply, and in groups delete/kick/ban) or a request event (approve/reject), as if the
// operation had come back in the HTTP POST response to the event.
func (s *Server) HandleQuickOperation(ctx context.Context, req gen.HandleQuickOperationRequestObject) (gen.HandleQuickOperationResponseObject, error) {
	p := value(req.Body)
	return gen.HandleQuickOperation200JSONResponse(done(ctx, s.quickOperation(ctx, p.Context, p.Operation))), nil
}

func (s *Server) quickOperation(ctx context.Context, ev gen.QuickOperationContext, op gen.QuickOperation) error {
	switch value(ev.PostType) {
	case gen.QuickOperationContextPostTypeMessage:
		return s.quickMessage(ctx, ev, op)
	case gen.QuickOperationContextPostTypeRequest:
		if op.Approve == nil {
			return nil // no decision: the request stays pending
		}
		flag := value(ev.Flag)
		if flag == "" {
			return invalid("context.flag is required to answer a request")
		}
		if value(ev.RequestType) == gen.QuickOperationContextRequestTypeFriend {
			return s.bot(ctx).AnswerFriendRequest(ctx, flag, *op.Approve, value(op.Remark))
		}
		return s.bot(ctx).AnswerGroupRequest(ctx, flag, world.RequestKind(value(ev.SubType)), *op.Approve)
	}
	return invalid("quick operations answer message and request events, not post_type %q", value(ev.PostType))
}

func (s *Server) quickMessage(ctx context.Context, ev gen.QuickOperationContext, op gen.QuickOperation) error {
	group := value(ev.MessageType) == gen.MessageTypeGroup
	groupID, userID := value(ev.GroupID), value(ev.UserID)
	if group && groupID == 0 {
		return invalid("context.group_id is required for a group message")
	}
	if op.Reply != nil {
		segs, err := decodeMessage(*op.Reply, value(op.AutoEscape))
		if err != nil {
			return err
		}
		if group {
			if value(op.AtSender) && userID != 0 {
				at := gen.AtSegment{Type: gen.AtSegmentTypeAt}
				at.Data.Qq = strconv.FormatInt(userID, 10)
				var seg cqcode.Segment
				if err := convert(at, &seg); err != nil {
					return err
				}
				segs = append([]cqcode.Segment{seg, cqcode.Text(" ")}, segs...)
			}
			_, err = s.bot(ctx).SendGroup(ctx, groupID, segs)
		} else {
			if userID == 0 {
				return invalid("context.user_id is required to reply to a private message")
			}
			_, err = s.bot(ctx).SendPrivate(ctx, userID, 0, segs)
		}
		if err != nil {
			return err
		}
	}
	if !group {
		return nil
	}
	if value(op.Delete) {
		if err := s.bot(ctx).Recall(ctx, value(ev.MessageID)); err != nil {
			return err
		}
	}
	if value(op.Kick) {
		return s.bot(ctx).Kick(ctx, groupID, userID, false)
	}
	if value(op.Ban) {
		return s.bot(ctx).Mute(ctx, groupID, userID, int64(value(op.BanDuration)))
	}
	return nil
}
