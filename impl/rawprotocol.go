package impl

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/openapi"
)

// The actions that reach beneath OneBot, into QQ's own protocol or the client's internals
// (send_packet, send_pb, llonebot_debug). A simulated QQ has no protocol or client under it,
// and no answer to a raw packet could mean anything, so they answer what the spec documents
// for an action the implementation cannot do: retcode 1404 with not_supported true (the
// answer of icqq-based servers, seeds/002). nc_get_packet_status, by contrast, says yes: the
// features NapCat builds on its packet backend (pokes, todos, rkeys) are simulated.

// notSupported is the 1404 answer, with data saying why.
func notSupported(format string, args ...any) openapi.Envelope[*gen.NotSupportedData] {
	why := fmt.Sprintf(format, args...)
	return openapi.Envelope[*gen.NotSupportedData]{
		Status: string(gen.StatusFailed), Retcode: int(gen.RetcodeUnsupportedAction),
		Data:    &gen.NotSupportedData{NotSupported: true, Message: &why},
		Message: why, Wording: "不支持的操作",
	}
}

// SendPacket is send_packet 发送原始数据包 (Lagrange's .send_packet).
func (s *Server) SendPacket(ctx context.Context, _ gen.SendPacketRequestObject) (gen.SendPacketResponseObject, error) {
	return gen.SendPacket200JSONResponse(notSupported("send_packet: a simulated QQ has no protocol packets to send")), nil
}

// SendPb is send_pb 发送 Protobuf 数据包.
func (s *Server) SendPb(ctx context.Context, _ gen.SendPbRequestObject) (gen.SendPbResponseObject, error) {
	return gen.SendPb200JSONResponse(notSupported("send_pb: a simulated QQ has no protocol packets to send")), nil
}

// LlonebotDebug is llonebot_debug LLOneBot 调试.
func (s *Server) LlonebotDebug(ctx context.Context, req gen.LlonebotDebugRequestObject) (gen.LlonebotDebugResponseObject, error) {
	p := value(req.Body)
	return gen.LlonebotDebug200JSONResponse(notSupported("llonebot_debug: a simulated QQ has no %s.%s to call", p.APIClass, p.Method)), nil
}

// NcGetPacketStatus is nc_get_packet_status 获取 Packet 状态.
func (s *Server) NcGetPacketStatus(ctx context.Context, _ gen.NcGetPacketStatusRequestObject) (gen.NcGetPacketStatusResponseObject, error) {
	return gen.NcGetPacketStatus200JSONResponse(done(ctx, nil)), nil
}
