package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// GetProfileLike is get_profile_like 获取资料点赞.
func (s *Server) GetProfileLike(ctx context.Context, req gen.GetProfileLikeRequestObject) (gen.GetProfileLikeResponseObject, error) {
	p := value(req.Body)
	sum, err := s.bot(ctx).Likes(ctx, value(p.UserID))
	if err != nil {
		return gen.GetProfileLike200JSONResponse(failure[gen.ProfileLikeData](ctx, err)), nil
	}
	start, count := int(value(p.Start)), int(value(p.Count))
	data := gen.ProfileLikeData{
		UID:  qqUID(sum.UserID),
		Time: strconv.FormatInt(sum.Now, 10),
		VoteInfo: gen.ProfileLikeVotes{TotalCount: sum.ReceivedTotal, NewCount: sum.ReceivedToday, LastVisitTime: sum.LastReceived,
			UserInfos: likeUsers(page(sum.Received, start, count))},
		FavoriteInfo: gen.ProfileLikeFavorites{TotalCount: sum.GivenTotal, TodayCount: sum.GivenToday, LastTime: sum.LastGiven,
			UserInfos: likeUsers(page(sum.Given, start, count))},
	}
	return gen.GetProfileLike200JSONResponse(result(ctx, data, nil)), nil
}

// GetProfileLikeMe is get_profile_like_me 获取谁赞了我.
func (s *Server) GetProfileLikeMe(ctx context.Context, req gen.GetProfileLikeMeRequestObject) (gen.GetProfileLikeMeResponseObject, error) {
	p := value(req.Body)
	sum, err := s.bot(ctx).Likes(ctx, 0)
	start, count := int(value(p.Start)), int(value(p.Count))
	next := int32(-1)
	if start+count < len(sum.Received) {
		next = int32(start + count)
	}
	data := gen.ProfileLikeMeData{Users: likeUsers(page(sum.Received, start, count)), NextStart: next}
	return gen.GetProfileLikeMe200JSONResponse(result(ctx, data, err)), nil
}

// GetProfileLikeCount is get_profile_like_count 获取资料点赞数.
func (s *Server) GetProfileLikeCount(ctx context.Context, req gen.GetProfileLikeCountRequestObject) (gen.GetProfileLikeCountResponseObject, error) {
	sum, err := s.bot(ctx).Likes(ctx, value(req.Body).UserID)
	return gen.GetProfileLikeCount200JSONResponse(result(ctx, gen.ProfileLikeCountData{Count: sum.ReceivedTotal}, err)), nil
}

// page is list[start:start+count], clipped.
func page[T any](list []T, start, count int) []T {
	start = min(max(start, 0), len(list))
	return list[start:min(start+max(count, 0), len(list))]
}

func likeUsers(views []world.LikeView) []gen.ProfileLikeUser {
	out := make([]gen.ProfileLikeUser, 0, len(views))
	for _, v := range views {
		age, gender, today, friend := v.Other.Age, qqGender(v.Other.Sex), v.Today, v.Friend
		out = append(out, gen.ProfileLikeUser{UID: qqUID(v.Other.ID), Uin: v.Other.ID, Nick: v.Other.Nickname, Age: &age, Gender: &gender,
			Count: v.Total, BTodayVotedCnt: &today, LatestTime: v.Last, IsFriend: &friend})
	}
	return out
}

// qqUID is the stand-in for QQ NT's uid of an account (NapCat's uid fields): stable per QQ
// number, and telling it back.
func qqUID(id int64) string { return "u_" + strconv.FormatInt(id, 10) }

// qqGender is QQ NT's gender number: 0 unknown, 1 male, 2 female.
func qqGender(s world.Sex) int32 {
	switch s {
	case world.Male:
		return 1
	case world.Female:
		return 2
	}
	return 0
}
