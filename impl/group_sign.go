package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// Group check-ins (群打卡): send_group_sign checks the bot in, get_group_signed_list lists
// the day's.

// SendGroupSign is send_group_sign 群打卡: once a day; again the same day changes nothing.
func (s *Server) SendGroupSign(ctx context.Context, req gen.SendGroupSignRequestObject) (gen.SendGroupSignResponseObject, error) {
	return gen.SendGroupSign200JSONResponse(done(ctx, s.bot(ctx).SignGroup(ctx, value(req.Body).GroupID))), nil
}

// GetGroupSignedList is get_group_signed_list 获取群今日打卡列表, by rank, as NapCat answers it.
func (s *Server) GetGroupSignedList(ctx context.Context, req gen.GetGroupSignedListRequestObject) (gen.GetGroupSignedListResponseObject, error) {
	list, err := s.bot(ctx).GroupSigns(ctx, value(req.Body).GroupID)
	out := make(gen.GroupSignedList, len(list))
	for i, v := range list {
		out[i] = gen.GroupSigned{UserID: v.UserID, Nick: v.Name, Time: v.Time, Rank: v.Rank}
	}
	return gen.GetGroupSignedList200JSONResponse(result(ctx, out, err)), nil
}
