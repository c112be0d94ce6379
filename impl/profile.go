package impl

import (
	"context"
	"encoding/json"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// SetQqProfile is set_qq_profile 设置登录号资料.
func (s *Server) SetQqProfile(ctx context.Context, req gen.SetQqProfileRequestObject) (gen.SetQqProfileResponseObject, error) {
	p := value(req.Body)
	c := world.ProfileChange{Nickname: p.Nickname, LongNick: p.PersonalNote}
	if p.Sex != nil {
		sex, err := profileSex(*p.Sex)
		if err != nil {
			return gen.SetQqProfile200JSONResponse(done(ctx, err)), nil
		}
		c.Sex = &sex
	}
	_, err := s.bot(ctx).SetProfile(ctx, c)
	return gen.SetQqProfile200JSONResponse(done(ctx, err)), nil
}

// profileSex reads NapCat's 0/1/2 (a number or a string) or the standard's words.
func profileSex(u gen.SetQqProfileParams_Sex) (world.Sex, error) {
	raw, err := u.MarshalJSON()
	if err != nil {
		return "", invalid("sex: %v", err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", invalid("sex: %v", err)
	}
	switch v {
	case float64(0), "0", string(world.Unknown):
		return world.Unknown, nil
	case float64(1), "1", string(world.Male):
		return world.Male, nil
	case float64(2), "2", string(world.Female):
		return world.Female, nil
	}
	return "", invalid("sex: %s is not 0, 1, 2, unknown, male or female", raw)
}

// SetSelfLongnick is set_self_longnick 设置个性签名.
func (s *Server) SetSelfLongnick(ctx context.Context, req gen.SetSelfLongnickRequestObject) (gen.SetSelfLongnickResponseObject, error) {
	note := value(req.Body).LongNick
	_, err := s.bot(ctx).SetProfile(ctx, world.ProfileChange{LongNick: &note})
	return gen.SetSelfLongnick200JSONResponse(result(ctx, gen.SetSelfLongnickData{}, err)), nil
}
