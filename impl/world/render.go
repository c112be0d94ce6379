package world

import (
	"encoding/json"
	"fmt"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
)

// This file holds the wire forms changes render into that several of them share: the spec's
// generated types (gen), never the world read again.

// WireSender describes a message's sender as the view holds them: a group message's sender
// who is a member comes with their card, level, role and title.
func (v MessageView) WireSender() gen.Sender {
	a := v.Sender
	sex := gen.Sex(a.Sex)
	out := gen.Sender{UserID: &a.ID, Nickname: &a.Nickname, Sex: &sex, Age: &a.Age}
	if m := v.Member; m != nil {
		role := gen.Role(m.Role)
		out.Card, out.Area, out.Level, out.Role, out.Title = &m.Card, &a.Area, &m.Level, &role, &m.Title
	}
	return out
}

// receivedMessage is stored segments in the array form of a received message, through their
// JSON form (the one constructor the generated union has).
func receivedMessage(segs []cqcode.Segment) (gen.ReceivedMessage, error) {
	var out gen.ReceivedMessage
	if segs == nil {
		segs = []cqcode.Segment{}
	}
	raw, err := json.Marshal(segs)
	if err != nil {
		return out, fmt.Errorf("encoding segments: %w", err)
	}
	return out, json.Unmarshal(raw, &out)
}
