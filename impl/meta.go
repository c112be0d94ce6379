package impl

import (
	"context"
	"runtime"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/openapi"
)

// protocolVersion is the OneBot version the spec describes.
const protocolVersion = "v11"

// GetStatus is get_status 获取运行状态.
func (s *Server) GetStatus(ctx context.Context, _ gen.GetStatusRequestObject) (gen.GetStatusResponseObject, error) {
	data, err := s.status(ctx)
	return gen.GetStatus200JSONResponse(result(ctx, data, err)), nil
}

// status is what get_status answers, and what heartbeats carry, for the bot ctx is for.
func (s *Server) status(ctx context.Context) (gen.GetStatusData, error) {
	online, yes := true, true
	st, err := s.bot(ctx).Stats(ctx)
	if err != nil {
		return gen.GetStatusData{}, err
	}
	data := gen.GetStatusData{
		Online:         &online,
		Good:           true,
		AppInitialized: &yes,
		AppEnabled:     &yes,
		AppGood:        &yes,
		Stat: &gen.GetStatusStat{
			MessageReceived: &st.MessagesReceived,
			MessageSent:     &st.MessagesSent,
			LastMessageTime: &st.LastMessageTime,
		},
	}
	if s.transportStats != nil {
		t := s.transportStats()
		data.Transports = &t
	}
	return data, nil
}

// heartbeatStatus is the status a heartbeat meta event carries; a status that cannot be read
// says the implementation is not good, which is what a heartbeat is for.
func (s *Server) heartbeatStatus(ctx context.Context) any {
	data, err := s.status(ctx)
	if err != nil {
		s.log.Warn("heartbeat: reading the status", "err", err)
		return gen.GetStatusData{Good: false}
	}
	return data
}

// GetVersionInfo is get_version_info 获取版本信息.
func (s *Server) GetVersionInfo(ctx context.Context, _ gen.GetVersionInfoRequestObject) (gen.GetVersionInfoResponseObject, error) {
	goVersion, goos := runtime.Version(), runtime.GOOS
	data := gen.GetVersionInfoData{
		AppName:         "onespec",
		AppVersion:      Version,
		ProtocolVersion: protocolVersion,
		RuntimeVersion:  &goVersion,
		RuntimeOs:       &goos,
	}
	return gen.GetVersionInfo200JSONResponse(result(ctx, data, nil)), nil
}

// SetRestart is set_restart 重启 OneBot 实现: it answers async, as the standard says. The
// simulated implementation has no process or connection to restart, so the call is logged and
// the world carries on unchanged.
func (s *Server) SetRestart(ctx context.Context, req gen.SetRestartRequestObject) (gen.SetRestartResponseObject, error) {
	delay := time.Duration(value(value(req.Body).Delay)) * time.Millisecond
	s.log.Info("set_restart accepted; the simulated implementation has nothing to restart", "delay", delay)
	return gen.SetRestart200JSONResponse(openapi.Envelope[*struct{}]{
		Status: string(gen.StatusAsync), Retcode: int(gen.RetcodeAsync),
	}), nil
}

// CleanCache is clean_cache 清理缓存. The simulated implementation keeps no cache files.
func (s *Server) CleanCache(ctx context.Context, _ gen.CleanCacheRequestObject) (gen.CleanCacheResponseObject, error) {
	return gen.CleanCache200JSONResponse(done(ctx, nil)), nil
}

// BotExit is bot_exit 退出登录. NapCat ends its process; the reference server holds a whole
// world of bots in one process, which one bot's call cannot end, so, as with set_restart, the
// call is logged and the server keeps serving.
func (s *Server) BotExit(ctx context.Context, _ gen.BotExitRequestObject) (gen.BotExitResponseObject, error) {
	s.log.Info("bot_exit accepted; the simulated implementation serves other bots and keeps running", "self_id", s.selfID(ctx))
	return gen.BotExit200JSONResponse(done(ctx, nil)), nil
}
