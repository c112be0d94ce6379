package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// GetGroupSystemMsg is get_group_system_msg 获取群系统消息: the bot's join requests and
// invitations, pending or handled, newest first, in go-cqhttp's and NapCat's spellings both.
func (s *Server) GetGroupSystemMsg(ctx context.Context, req gen.GetGroupSystemMsgRequestObject) (gen.GetGroupSystemMsgResponseObject, error) {
	list, err := s.bot(ctx).GroupSystemMessages(ctx, int(value(value(req.Body).Count)))
	invited, joins := []gen.GroupSystemRequest{}, []gen.GroupSystemRequest{}
	for _, n := range list {
		r := gen.GroupSystemRequest{RequestID: n.ID, Flag: &n.Flag, InvitorUin: &n.UserID, InvitorNick: &n.RequesterNick,
			RequesterNick: &n.RequesterNick, GroupID: n.GroupID, GroupName: n.GroupName, Message: &n.Comment,
			Checked: n.State != world.NotifyPending, Actor: n.OperatorID, State: ptrTo(gen.GroupSystemRequestState(n.State))}
		if n.Kind == world.Invitation {
			invited = append(invited, r)
			continue
		}
		r.RequesterUin = &n.UserID
		joins = append(joins, r)
	}
	data := gen.GroupSystemMsg{InvitedRequests: &invited, InvitedRequest: &invited, JoinRequests: &joins}
	return gen.GetGroupSystemMsg200JSONResponse(result(ctx, data, err)), nil
}

func ptrTo[T any](v T) *T { return &v }
