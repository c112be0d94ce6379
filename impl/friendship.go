package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// SetFriendRemark is set_friend_remark 设置好友备注.
func (s *Server) SetFriendRemark(ctx context.Context, req gen.SetFriendRemarkRequestObject) (gen.SetFriendRemarkResponseObject, error) {
	p := value(req.Body)
	return gen.SetFriendRemark200JSONResponse(done(ctx, s.bot(ctx).SetFriendRemark(ctx, p.UserID, value(p.Remark)))), nil
}

// DeleteFriend is delete_friend 删除好友.
func (s *Server) DeleteFriend(ctx context.Context, req gen.DeleteFriendRequestObject) (gen.DeleteFriendResponseObject, error) {
	p := value(req.Body)
	return gen.DeleteFriend200JSONResponse(done(ctx, s.bot(ctx).DeleteFriend(ctx, p.UserID, value(p.TempBothDel)))), nil
}

// GetUnidirectionalFriendList is get_unidirectional_friend_list 获取单向好友列表.
func (s *Server) GetUnidirectionalFriendList(ctx context.Context, _ gen.GetUnidirectionalFriendListRequestObject) (gen.GetUnidirectionalFriendListResponseObject, error) {
	friends, err := s.bot(ctx).OneWayFriends(ctx)
	list := make(gen.UnidirectionalFriendList, 0, len(friends))
	for _, f := range friends {
		list = append(list, gen.UnidirectionalFriend{UserID: f.ID, Nickname: f.Nickname, Age: &f.Age})
	}
	return gen.GetUnidirectionalFriendList200JSONResponse(result(ctx, list, err)), nil
}

// DeleteUnidirectionalFriend is delete_unidirectional_friend 删除单向好友.
func (s *Server) DeleteUnidirectionalFriend(ctx context.Context, req gen.DeleteUnidirectionalFriendRequestObject) (gen.DeleteUnidirectionalFriendResponseObject, error) {
	p := value(req.Body)
	return gen.DeleteUnidirectionalFriend200JSONResponse(done(ctx, s.bot(ctx).DeleteOneWayFriend(ctx, p.UserID))), nil
}
