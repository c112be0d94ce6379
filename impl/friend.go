package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
)

// SendLike is send_like 发送好友赞.
func (s *Server) SendLike(ctx context.Context, req gen.SendLikeRequestObject) (gen.SendLikeResponseObject, error) {
	p := value(req.Body)
	return gen.SendLike200JSONResponse(done(ctx, s.bot(ctx).Like(ctx, p.UserID, value(p.Times)))), nil
}

// SetFriendAddRequest is set_friend_add_request 处理加好友请求.
func (s *Server) SetFriendAddRequest(ctx context.Context, req gen.SetFriendAddRequestRequestObject) (gen.SetFriendAddRequestResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).AnswerFriendRequest(ctx, p.Flag, value(p.Approve), value(p.Remark))
	return gen.SetFriendAddRequest200JSONResponse(done(ctx, err)), nil
}

// GetStrangerInfo is get_stranger_info 获取陌生人信息.
func (s *Server) GetStrangerInfo(ctx context.Context, req gen.GetStrangerInfoRequestObject) (gen.GetStrangerInfoResponseObject, error) {
	u, err := s.bot(ctx).Account(ctx, value(req.Body).UserID)
	data := gen.StrangerInfo{UserID: u.ID, Nickname: u.Nickname, Sex: gen.Sex(u.Sex), Age: u.Age, LongNick: &u.Sign, Sign: &u.Sign}
	return gen.GetStrangerInfo200JSONResponse(result(ctx, data, err)), nil
}

// GetFriendList is get_friend_list 获取好友列表.
func (s *Server) GetFriendList(ctx context.Context, _ gen.GetFriendListRequestObject) (gen.GetFriendListResponseObject, error) {
	friends, err := s.bot(ctx).Friends(ctx)
	list := make(gen.FriendList, 0, len(friends))
	for _, f := range friends {
		list = append(list, gen.FriendInfo{UserID: f.ID, Nickname: f.Nickname, Remark: f.Remark})
	}
	return gen.GetFriendList200JSONResponse(result(ctx, list, err)), nil
}

// avatarURL is QQ's public avatar address for a user.
func avatarURL(userID int64) string {
	return "https://q1.qlogo.cn/g?b=qq&nk=" + strconv.FormatInt(userID, 10) + "&s=640"
}
