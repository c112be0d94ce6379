package world

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/impl/cqcode"
)

// An emoji chain (表情接龙) is QQ's "+1" on a message of one face: joining it sends the same
// face to the conversation, a message like any other. Lagrange exposes it as
// .join_group_emoji_chain and .join_friend_emoji_chain.

// JoinEmojiChain sends face emojiID to the conversation of a message the actor can see: in
// group groupID, or privately with userID (exactly one of them not 0). QQ checks no more than
// that the message is there (the face the client shows "+1" on is the caller's choice). It
// answers the new message's id.
func (a *Actor) JoinEmojiChain(ctx context.Context, groupID, userID int64, messageID int32, emojiID int64) (int32, error) {
	face := strconv.FormatInt(emojiID, 10)
	if err := checkEmojiID("emoji_id", face); err != nil {
		return 0, err
	}
	var id int32
	err := a.update(ctx, func(o *act) error {
		m, err := o.visibleMessage(messageID)
		if err != nil {
			return err
		}
		switch {
		case groupID != 0 && (m.Type != Grouped || m.GroupID != groupID):
			return fmt.Errorf("message %d is not a message of group %d: %w", messageID, groupID, ErrNotFound)
		case userID != 0 && (m.Type != Private || (m.SenderID != userID && m.PeerID != userID)):
			return fmt.Errorf("message %d is not a message of the private chat with %d: %w", messageID, userID, ErrNotFound)
		}
		next := Message{Type: m.Type, SenderID: o.self, GroupID: groupID, PeerID: userID,
			Segments: []cqcode.Segment{{Type: "face", Data: cqcode.Data{{Key: "id", Value: face}}}}}
		id, err = deliver(o.op, o.w, next, 0)
		return err
	})
	return id, err
}
