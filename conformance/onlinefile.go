package conformance

import (
	"context"
	"fmt"
	"slices"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Online files (在线文件): the bot's friend offers it a marked file through the world control
// API (offer_online_file); get_online_file_msg must list the offer pending, receive_online_file
// receive it, and the list then show it received. No event reports an online file.

func (s *suite) onlineFileCheck() check {
	steps := []string{gen.ActionReceiveOnlineFile, gen.ActionGetOnlineFileMsg}
	return s.roundTripCheck("online-file-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.onlineFileRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) onlineFileRoundtrip(ctx context.Context, rig *eventRig, receive, list *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	content := []byte("onespec conformance online file " + s.marker("online file"))
	name := s.marker("online") + ".txt"
	var offer control.WorldOnlineFile
	params := control.OfferOnlineFileParams{UserID: fx.owner, TargetID: s.self, Name: name, Content: &content}
	if err := s.act(ctx, rig, control.ActionOfferOnlineFile, params, &offer); err != nil {
		return stopOutcome(err)
	}
	listed := func() (*gen.OnlineFileMsg, *outcome) {
		var l gen.OnlineFileMsgList
		if out := s.step(ctx, list, gen.GetOnlineFileMsgJSONRequestBody{UserID: fx.owner}, &l, false); out != nil {
			return nil, out
		}
		i := slices.IndexFunc(l, func(m gen.OnlineFileMsg) bool { return m.MsgID == offer.MsgID })
		if i < 0 {
			return nil, nil
		}
		return &l[i], nil
	}
	var ps problems
	m, out := listed()
	if out != nil {
		return *out
	}
	if m == nil {
		ps.add("data", "%s of %d does not list the offer %s (%s) %d just made", list.name, fx.owner, offer.MsgID, name, fx.owner)
		return outcome{ps: ps}
	}
	if m.State != gen.OnlineFileMsgStateOffered || m.FileName != name || m.FileSize != int64(len(content)) || m.SenderID != fx.owner {
		ps.add("data", "%s lists the new offer as %+v, want %s from %d, %d bytes, offered", list.name, *m, name, fx.owner, len(content))
	}
	if out := s.step(ctx, receive, gen.ReceiveOnlineFileJSONRequestBody{UserID: fx.owner, MsgID: m.MsgID, ElementID: m.ElementID}, nil, false); out != nil {
		out.reason = fmt.Sprintf("receiving offer %s of %d: %s", m.MsgID, fx.owner, out.reason)
		return *out
	}
	if after, out := listed(); out != nil {
		return *out
	} else if after == nil || after.State != gen.OnlineFileMsgStateReceived {
		ps.add("data.state", "%s answers %+v for offer %s after %s answered ok, want received", list.name, after, m.MsgID, receive.name)
	}
	return outcome{ps: ps, reason: fmt.Sprintf("%d offered the bot %s (offer %s); listed, received, listed as received", fx.owner, name, m.MsgID)}
}
