package world

import (
	"context"
	"fmt"
)

// Message history (消息历史): a conversation's messages paged by their seq (QQ's
// message_seq, get_msg's real_id), as go-cqhttp and NapCat page them. Recalled messages are
// not shown and what retention deleted is gone; a bot reads only its own private chats and
// the groups it is in now.

// HistoryStore pages a conversation's messages that are not recalled.
type HistoryStore interface {
	// Page lists at most count messages of conv sent at or after since: with newer false the
	// newest at or before seq (every one when seq is 0), with newer true the oldest at or after
	// seq; oldest first either way.
	Page(conv string, seq int64, count int, newer bool, since int64) ([]Message, error)
}

// HistoryPage says which page of a conversation to read: count messages ending at Seq (the
// newest when 0), or, with Newer, starting at it.
type HistoryPage struct {
	Seq   int64
	Count int
	Newer bool
}

// GroupHistory pages the messages of a group the actor is in.
func (a *Actor) GroupHistory(ctx context.Context, groupID int64, p HistoryPage) ([]MessageView, error) {
	return a.history(ctx, p, func(o *act) (string, error) {
		if _, err := o.in(groupID); err != nil {
			return "", err
		}
		return Message{Type: Grouped, GroupID: groupID}.Conversation(), nil
	})
}

// FriendHistory pages the actor's private chat with an account (a friend, or someone it
// talked to through a group).
func (a *Actor) FriendHistory(ctx context.Context, userID int64, p HistoryPage) ([]MessageView, error) {
	return a.history(ctx, p, func(o *act) (string, error) {
		if _, err := o.tx.Accounts().Get(userID); err != nil {
			return "", err
		}
		if userID == o.self {
			return "", fmt.Errorf("%s has no private chat with itself: %w", o.who(), ErrInvalid)
		}
		return Message{Type: Private, SenderID: o.self, PeerID: userID}.Conversation(), nil
	})
}

func (a *Actor) history(ctx context.Context, p HistoryPage, conv func(o *act) (string, error)) ([]MessageView, error) {
	if p.Count < 1 || p.Seq < 0 {
		return nil, fmt.Errorf("history page of %d messages from seq %d: %w", p.Count, p.Seq, ErrInvalid)
	}
	var out []MessageView
	err := a.view(ctx, func(o *act) error {
		c, err := conv(o)
		if err != nil {
			return err
		}
		var since int64
		if maxAge := o.w.opts.Retention.MaxAge; maxAge > 0 {
			since = o.now - int64(maxAge.Seconds())
		}
		msgs, err := o.tx.History().Page(c, p.Seq, p.Count, p.Newer, since)
		if err != nil {
			return fmt.Errorf("history of %s: %w", c, err)
		}
		out = make([]MessageView, len(msgs))
		for i, m := range msgs {
			out[i] = o.messageView(m)
		}
		return nil
	})
	return out, err
}
