package control

import (
	"context"
	"fmt"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worldfile"
)

// SendForward makes an account send a merged forward to a user or a group.
func (s *Server) SendForward(ctx context.Context, req ctl.SendForwardRequestObject) (ctl.SendForwardResponseObject, error) {
	p := value(req.Body)
	fail := func(err error) (ctl.SendForwardResponseObject, error) {
		return ctl.SendForward200JSONResponse(failure[ctl.WorldForward](err)), nil
	}
	raw, err := p.Nodes.MarshalJSON()
	if err != nil {
		return fail(invalid("nodes: %v", err))
	}
	segs, err := cqcode.Decode(raw, false)
	if err != nil {
		return fail(invalid("nodes: %v", err))
	}
	if err := worldfile.CheckMessage(raw, segs); err != nil {
		return fail(invalid("nodes: %v (as CQ codes)", err))
	}
	nodes, err := world.NodesOf(segs)
	if err != nil {
		return fail(fmt.Errorf("nodes: %w", err))
	}
	to := world.ForwardTarget{GroupID: value(p.GroupID)}
	if p.TargetID != nil {
		to = world.ForwardTarget{PeerID: *p.TargetID, ViaGroup: value(p.GroupID)}
	}
	sent, err := s.world.As(p.UserID).SendForward(ctx, to, nodes)
	return ctl.SendForward200JSONResponse(result(ctl.WorldForward{MessageID: sent.MessageID, ForwardID: sent.ForwardID}, err)), nil
}
