package world

import (
	"context"
	"fmt"
)

// Read state (已读) and recent contacts (最近会话): each account keeps, per conversation, the
// seq of the last message it has read. A conversation's unread count is the messages after
// that mark that others sent (recalled and expired ones aside); the recent-contact list is
// the account's conversations by their newest message, each with its unread count. Read
// marks are the account's own: QQ tells no one (no event), and a mark never moves back.
// Sending does not mark a conversation read (QQ's clients do; OneBot implementations read
// the server's count, which only the mark actions move).

// ReadStore keeps read marks and answers the reads that depend on them.
type ReadStore interface {
	// Mark sets account's mark in conv to seq, unless it is already further.
	Mark(account int64, conv string, seq int64) error
	// MarkAll marks every conversation of account read: its private chats and the groups it
	// is in now, up to their last seq.
	MarkAll(account int64) error
	// Recent lists the newest message (not recalled, at or after since) of each of account's
	// conversations, newest first, at most limit, with the conversation's unread count.
	Recent(account int64, since int64, limit int) ([]RecentContact, error)
}

// RecentContact is one conversation of an account's recent-contact list.
type RecentContact struct {
	// Last is the conversation's newest message.
	Last   Message
	Unread int
}

// ReadTarget names a conversation to mark read: by a message in it (read up to that message),
// else privately with UserID, else GroupID (read to its end).
type ReadTarget struct {
	MessageID int32
	UserID    int64
	GroupID   int64
}

// MarkRead marks one of the actor's conversations read, as far as t says.
func (a *Actor) MarkRead(ctx context.Context, t ReadTarget) error {
	return a.update(ctx, func(o *act) error {
		var conv string
		seq := int64(-1) // the conversation's end
		switch {
		case t.MessageID != 0:
			m, err := o.visibleMessage(t.MessageID)
			if err != nil {
				return err
			}
			conv, seq = m.Conversation(), m.Seq
		case t.UserID != 0:
			if _, err := o.tx.Accounts().Get(t.UserID); err != nil {
				return err
			}
			if t.UserID == o.self {
				return fmt.Errorf("%s has no private chat with itself: %w", o.who(), ErrInvalid)
			}
			conv = Message{Type: Private, SenderID: o.self, PeerID: t.UserID}.Conversation()
		case t.GroupID != 0:
			if _, err := o.in(t.GroupID); err != nil {
				return err
			}
			conv = Message{Type: Grouped, GroupID: t.GroupID}.Conversation()
		default:
			return fmt.Errorf("marking read needs message_id, user_id or group_id: %w", ErrInvalid)
		}
		o.record(&ReadMarked{AccountID: o.self, Conversation: conv, Seq: seq})
		return o.tx.Reads().Mark(o.self, conv, seq)
	})
}

// MarkAllRead marks every conversation of the actor read.
func (a *Actor) MarkAllRead(ctx context.Context) error {
	return a.update(ctx, func(o *act) error {
		o.record(&ReadMarked{AccountID: o.self, Seq: -1})
		return o.tx.Reads().MarkAll(o.self)
	})
}

// RecentContactView is a recent conversation with its newest message as the world knows it
// at the time of reading, and the peer: the other account of a private chat, or the group.
type RecentContactView struct {
	Last   MessageView
	Unread int
	// Peer is the other account of a private chat.
	Peer Account
	// Remark is the actor's remark for the peer, or its own remark for the group (群备注).
	Remark string
	// Group is the group of a group conversation.
	Group Group
}

// RecentContacts lists the actor's conversations by their newest message, at most limit.
func (a *Actor) RecentContacts(ctx context.Context, limit int) ([]RecentContactView, error) {
	if limit < 1 {
		return nil, fmt.Errorf("recent contacts: a count of %d: %w", limit, ErrInvalid)
	}
	var out []RecentContactView
	err := a.view(ctx, func(o *act) error {
		var since int64
		if maxAge := o.w.opts.Retention.MaxAge; maxAge > 0 {
			since = o.now - int64(maxAge.Seconds())
		}
		list, err := o.tx.Reads().Recent(o.self, since, limit)
		if err != nil {
			return fmt.Errorf("recent contacts of %s: %w", o.who(), err)
		}
		out = make([]RecentContactView, 0, len(list))
		for _, c := range list {
			v := RecentContactView{Last: o.messageView(c.Last), Unread: c.Unread}
			if c.Last.Type == Grouped {
				if v.Group, err = o.tx.Groups().Get(c.Last.GroupID); err != nil {
					return err
				}
				if me, err := o.tx.Members().Get(c.Last.GroupID, o.self); err == nil {
					v.Remark = me.GroupRemark
				}
			} else {
				peer := c.Last.PeerID
				if peer == o.self {
					peer = c.Last.SenderID
				}
				if v.Peer, err = o.tx.Accounts().Get(peer); err != nil {
					v.Peer = Account{ID: peer, Sex: Unknown} // an account that is gone
				}
				if v.Remark, _, err = o.tx.Friends().Remark(o.self, peer); err != nil {
					return err
				}
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// ReadMarked: an account marked a conversation (every one, when Conversation is empty) read
// up to Seq (-1: its end). No bot is told: read state is the account's own.
type ReadMarked struct {
	Head
	unseen
	AccountID    int64
	Conversation string
	Seq          int64
}
