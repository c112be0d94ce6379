package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// NcGetUserStatus is nc_get_user_status 获取用户在线状态.
func (s *Server) NcGetUserStatus(ctx context.Context, req gen.NcGetUserStatusRequestObject) (gen.NcGetUserStatusResponseObject, error) {
	p, err := s.bot(ctx).Presence(ctx, value(req.Body).UserID)
	return gen.NcGetUserStatus200JSONResponse(result(ctx, gen.UserStatus{Status: p.Status, ExtStatus: p.ExtStatus}, err)), nil
}

// SetOnlineStatus is set_online_status 设置在线状态.
func (s *Server) SetOnlineStatus(ctx context.Context, req gen.SetOnlineStatusRequestObject) (gen.SetOnlineStatusResponseObject, error) {
	p := value(req.Body)
	return gen.SetOnlineStatus200JSONResponse(done(ctx, s.bot(ctx).SetPresence(ctx, p.Status, value(p.ExtStatus), value(p.BatteryStatus)))), nil
}

// GetOnlineClients is get_online_clients 获取当前账号在线客户端列表.
func (s *Server) GetOnlineClients(ctx context.Context, _ gen.GetOnlineClientsRequestObject) (gen.GetOnlineClientsResponseObject, error) {
	devices, err := s.bot(ctx).Devices(ctx)
	data := gen.OnlineClients{Clients: make([]gen.OnlineClient, 0, len(devices))}
	for _, d := range devices {
		data.Clients = append(data.Clients, gen.OnlineClient{AppID: d.AppID, DeviceName: d.Name, DeviceKind: d.Kind})
	}
	return gen.GetOnlineClients200JSONResponse(result(ctx, data, err)), nil
}
