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

// GetFriendsWithCategory is get_friends_with_category 获取带分组的好友列表.
func (s *Server) GetFriendsWithCategory(ctx context.Context, _ gen.GetFriendsWithCategoryRequestObject) (gen.GetFriendsWithCategoryResponseObject, error) {
	cats, err := s.bot(ctx).FriendsByCategory(ctx)
	list := make(gen.FriendCategoryList, 0, len(cats))
	for _, c := range cats {
		buddies := make([]gen.FriendInfo, 0, len(c.Friends))
		for _, f := range c.Friends {
			buddies = append(buddies, gen.FriendInfo{UserID: f.ID, Nickname: f.Nickname, Remark: f.Remark})
		}
		n := int32(len(buddies))
		list = append(list, gen.FriendCategory{CategoryID: c.ID, CategorySortID: &c.Sort, CategoryName: c.Name, CategoryMbCount: n, OnlineCount: &n, BuddyList: buddies})
	}
	return gen.GetFriendsWithCategory200JSONResponse(result(ctx, list, err)), nil
}

// SetFriendCategory is set_friend_category 设置好友分组.
func (s *Server) SetFriendCategory(ctx context.Context, req gen.SetFriendCategoryRequestObject) (gen.SetFriendCategoryResponseObject, error) {
	p := value(req.Body)
	return gen.SetFriendCategory200JSONResponse(done(ctx, s.bot(ctx).SetFriendCategory(ctx, p.UserID, p.CategoryID))), nil
}
