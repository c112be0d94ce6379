package control

import (
	"context"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/world"
)

// Like makes an account like a friend's profile card.
func (s *Server) Like(ctx context.Context, req ctl.LikeRequestObject) (ctl.LikeResponseObject, error) {
	p := req.Body
	return ctl.Like200JSONResponse(done(s.world.As(p.UserID).Like(ctx, p.TargetID, value(p.Times)))), nil
}

// SetProfile makes an account change its own profile under QQ's limits.
func (s *Server) SetProfile(ctx context.Context, req ctl.SetProfileRequestObject) (ctl.SetProfileResponseObject, error) {
	p := req.Body
	c := world.ProfileChange{Nickname: p.Nickname, Age: p.Age, LongNick: p.LongNick}
	if p.Sex != nil {
		sex := world.Sex(*p.Sex)
		c.Sex = &sex
	}
	a, err := s.world.As(p.UserID).SetProfile(ctx, c)
	return ctl.SetProfile200JSONResponse(result(account(a), err)), nil
}

// SetOnlineStatus makes an account set its own online status.
func (s *Server) SetOnlineStatus(ctx context.Context, req ctl.SetOnlineStatusRequestObject) (ctl.SetOnlineStatusResponseObject, error) {
	p := req.Body
	return ctl.SetOnlineStatus200JSONResponse(done(s.world.As(p.UserID).SetPresence(ctx, p.Status, value(p.ExtStatus), value(p.BatteryStatus)))), nil
}

// SetClient logs another client of an account in or out.
func (s *Server) SetClient(ctx context.Context, req ctl.SetClientRequestObject) (ctl.SetClientResponseObject, error) {
	p := req.Body
	d := world.Device{AppID: p.AppID, Name: value(p.DeviceName), Kind: value(p.DeviceKind)}
	return ctl.SetClient200JSONResponse(done(s.world.As(p.UserID).SetDevice(ctx, d, value(p.Online)))), nil
}

// SetURLSafety scripts what check_url_safely answers for a URL.
func (s *Server) SetURLSafety(ctx context.Context, req ctl.SetURLSafetyRequestObject) (ctl.SetURLSafetyResponseObject, error) {
	p := req.Body
	return ctl.SetURLSafety200JSONResponse(done(s.world.ScriptURLSafety(ctx, p.URL, p.Level))), nil
}
