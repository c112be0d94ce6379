package impl

import (
	"errors"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/params"
	"github.com/onespec/onespec/impl/worldfile"
	"github.com/onespec/onespec/openapi"
)

// decodeMessage reads a message a bot sends, in any of its forms, and holds it to what the spec
// says a sent message may be:
//   - segments written as CQ codes meet the same schema as segment arrays (which the
//     dispatcher has validated), so "[CQ:at]" without qq is refused with 1400 instead of being
//     stored and later served as data the spec's own schema rejects;
//   - no segment of a receive-only type (x-onebot-direction: receive, such as forward);
//   - no forward node: nodes are sent by the forward-sending actions, not inside a message;
//   - no longer, as CQ codes, than a world file holds (worldfile.CheckMessage).
func decodeMessage(msg gen.Message, autoEscape bool) ([]cqcode.Segment, error) {
	raw, err := msg.MarshalJSON()
	if err != nil {
		return nil, invalid("message: %v", err)
	}
	segs, err := cqcode.Decode(raw, autoEscape)
	if err != nil {
		return nil, invalid("message: %v", err)
	}
	if err := worldfile.CheckMessage(raw, segs); err != nil {
		return nil, invalid("%v (as CQ codes)", err)
	}
	fromCQ := len(raw) > 0 && raw[0] == '"' && !autoEscape
	if err := checkOutgoing(segs, fromCQ); err != nil {
		return nil, err
	}
	return segs, nil
}

// checkOutgoing holds decoded segments to the rules above; fromCQ says they were written as
// CQ codes, which the dispatcher has not validated against the segment schema.
func checkOutgoing(segs []cqcode.Segment, fromCQ bool) error {
	rules, err := outgoing()
	if err != nil {
		return err
	}
	for i, seg := range segs {
		if fromCQ {
			if _, err := rules.segment.Value(map[string]any{"type": seg.Type, "data": seg.Data.Map()}); err != nil {
				return invalid("message: CQ code %d (%s): %v", i, cqcode.Format([]cqcode.Segment{seg}), err)
			}
		}
		switch {
		case rules.receiveOnly[seg.Type]:
			return invalid("message: segment %d is a %s segment, which implementations send to bots and bots cannot send (x-onebot-direction: receive)", i, seg.Type)
		case seg.Type == string(gen.NodeSegmentTypeNode):
			return invalid("message: segment %d is a forward node; nodes are sent with a forward-sending action, not inside a message", i)
		}
	}
	return nil
}

// directionExtension says which way a segment type travels: send, receive or both.
const directionExtension = "x-onebot-direction"

// sendRules is what the spec says of a sent message's segments.
type sendRules struct {
	segment     *params.Schema  // one segment of the Message parameter's array form
	receiveOnly map[string]bool // segment types marked x-onebot-direction: receive
}

// outgoing reads the rules from the spec once.
var outgoing = sync.OnceValues(func() (*sendRules, error) {
	doc, err := openapi.Requests()
	if err != nil {
		return nil, err
	}
	message := doc.Components.Schemas["Message"]
	if message == nil || message.Value == nil {
		return nil, errors.New("the spec has no Message schema")
	}
	for _, branch := range message.Value.OneOf {
		b := branch.Value
		if b == nil || !b.Type.Is(openapi3.TypeArray) || b.Items == nil || b.Items.Value == nil {
			continue
		}
		rules := &sendRules{segment: params.Compile(b.Items.Value), receiveOnly: map[string]bool{}}
		if d := b.Items.Value.Discriminator; d != nil {
			for tag, ref := range d.Mapping {
				for _, seg := range b.Items.Value.OneOf {
					if seg.Ref == ref.Ref && seg.Value != nil && seg.Value.Extensions[directionExtension] == "receive" {
						rules.receiveOnly[tag] = true
					}
				}
			}
		}
		return rules, nil
	}
	return nil, errors.New("the spec's Message schema has no array form")
})
