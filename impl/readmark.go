package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// Read marks (已读) and the recent conversations whose unread counts they drive.

// MarkMsgAsRead is mark_msg_as_read 标记消息已读.
func (s *Server) MarkMsgAsRead(ctx context.Context, req gen.MarkMsgAsReadRequestObject) (gen.MarkMsgAsReadResponseObject, error) {
	return gen.MarkMsgAsRead200JSONResponse(done(ctx, s.markRead(ctx, value(req.Body)))), nil
}

// MarkPrivateMsgAsRead is mark_private_msg_as_read 标记私聊消息已读 (NapCat: mark_msg_as_read
// under another name).
func (s *Server) MarkPrivateMsgAsRead(ctx context.Context, req gen.MarkPrivateMsgAsReadRequestObject) (gen.MarkPrivateMsgAsReadResponseObject, error) {
	return gen.MarkPrivateMsgAsRead200JSONResponse(done(ctx, s.markRead(ctx, value(req.Body)))), nil
}

// MarkGroupMsgAsRead is mark_group_msg_as_read 标记群聊消息已读 (NapCat: mark_msg_as_read
// under another name).
func (s *Server) MarkGroupMsgAsRead(ctx context.Context, req gen.MarkGroupMsgAsReadRequestObject) (gen.MarkGroupMsgAsReadResponseObject, error) {
	return gen.MarkGroupMsgAsRead200JSONResponse(done(ctx, s.markRead(ctx, value(req.Body)))), nil
}

func (s *Server) markRead(ctx context.Context, p gen.MarkMsgAsReadParams) error {
	return s.bot(ctx).MarkRead(ctx, world.ReadTarget{MessageID: value(p.MessageID), UserID: value(p.UserID), GroupID: value(p.GroupID)})
}

// MarkAllAsRead is _mark_all_as_read 标记所有消息已读.
func (s *Server) MarkAllAsRead(ctx context.Context, _ gen.MarkAllAsReadRequestObject) (gen.MarkAllAsReadResponseObject, error) {
	return gen.MarkAllAsRead200JSONResponse(done(ctx, s.bot(ctx).MarkAllRead(ctx))), nil
}

// GetRecentContact is get_recent_contact 获取最近会话.
func (s *Server) GetRecentContact(ctx context.Context, req gen.GetRecentContactRequestObject) (gen.GetRecentContactResponseObject, error) {
	list, err := s.bot(ctx).RecentContacts(ctx, int(value(value(req.Body).Count)))
	out := make(gen.RecentContactList, 0, len(list))
	for _, c := range list {
		if err != nil {
			break
		}
		var rc gen.RecentContact
		rc, err = recentContact(c)
		out = append(out, rc)
	}
	return gen.GetRecentContact200JSONResponse(result(ctx, out, err)), nil
}

// recentContact is a conversation as NapCat answers it.
func recentContact(c world.RecentContactView) (gen.RecentContact, error) {
	last, err := msgData(c.Last)
	unread := int32(c.Unread)
	out := gen.RecentContact{
		LastestMsg: last, Remark: c.Remark, MsgTime: strconv.FormatInt(c.Last.Time, 10), MsgID: strconv.FormatInt(int64(c.Last.ID), 10),
		SendNickName: c.Last.Sender.Nickname, UnreadCount: &unread,
	}
	if m := c.Last.Member; m != nil {
		out.SendMemberName = m.Card
	}
	if c.Last.Type == world.Grouped {
		out.ChatType, out.PeerUin, out.PeerName = gen.RecentContactChatTypeN2, strconv.FormatInt(c.Group.ID, 10), c.Group.Name
	} else {
		out.ChatType, out.PeerUin, out.PeerName = gen.RecentContactChatTypeN1, strconv.FormatInt(c.Peer.ID, 10), c.Peer.Nickname
	}
	return out, err
}
