package world

import (
	"context"
	"fmt"
	"math"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
)

// Message returns a message the actor can see: one it sent or received privately, or one of a
// group it is in. Recalled and expired messages are not found.
func (a *Actor) Message(ctx context.Context, id int32) (MessageView, error) {
	var out MessageView
	err := a.view(ctx, func(o *act) error {
		m, err := o.visibleMessage(id)
		if err != nil {
			return err
		}
		out = o.messageView(m)
		return nil
	})
	return out, err
}

// MessageType says whether a message went to one account or to a group.
type MessageType string

const (
	Private MessageType = "private"
	Grouped MessageType = "group"
)

// Message is a private or group message. Its ID is the one message_id every account that can
// see it uses; Seq is its position in its conversation (QQ's message_seq).
type Message struct {
	ID       int32
	Type     MessageType
	GroupID  int64 // group messages
	PeerID   int64 // private messages: the recipient
	SenderID int64
	Seq      int64
	Time     int64
	Segments []cqcode.Segment
	Recalled bool
	// RecalledBy is who recalled it, when Recalled.
	RecalledBy int64
	// Media are the content hashes of media stored with the message (see MediaStore).
	Media []string
}

// Conversation is the key message_seq and retention count within: a group, or the pair of
// accounts of a private chat (the same conversation from both sides).
func (m Message) Conversation() string {
	if m.Type == Grouped {
		return fmt.Sprintf("g:%d", m.GroupID)
	}
	a, b := m.SenderID, m.PeerID
	if a > b {
		a, b = b, a
	}
	return fmt.Sprintf("p:%d:%d", a, b)
}

// ForwardNode is one node of a merged forward; Nested holds a forward inside a node.
type ForwardNode struct {
	UserID   int64
	Nickname string
	Time     int64
	Segments []cqcode.Segment
	Nested   []ForwardNode `json:",omitempty"`
}

// MessageStore keeps messages, their sequence per conversation and their media references.
type MessageStore interface {
	// Insert stores m, assigning its ID (when 0; ids are never reused) and its Seq in its
	// conversation, and references its Media.
	Insert(m *Message) error
	Get(id int32) (Message, error)
	MarkRecalled(id int32, by int64) error
	// PruneConversation deletes the conversation's messages beyond the newest keep (keep 0:
	// no count limit) and those older than before (0: no age limit), with what every
	// feature keeps for them (essence). A store may prune in batches, every so many messages
	// of a conversation, holding a little more than keep in between (reads hide expired
	// messages by their age).
	PruneConversation(conv string, keep int, before int64) (int, error)
	// PruneMedia deletes the oldest messages that carry media until the media they reference
	// take at most maxBytes.
	PruneMedia(maxBytes int64) (int, error)
	// Sent lists the messages an account sent that match f, oldest first.
	Sent(f SentFilter) ([]Message, error)
	// After lists the messages after afterID, by id, at most limit (a world file's export).
	After(afterID int32, limit int) ([]Message, error)
}

// SentFilter selects the messages one account sent: after message AfterID, at or after Unix
// time Since, privately to PeerID or to GroupID when not 0, at most Limit.
type SentFilter struct {
	SenderID int64
	PeerID   int64
	GroupID  int64
	AfterID  int32
	Since    int64
	Limit    int
}

// ForwardStore keeps merged forwards by id.
type ForwardStore interface {
	Get(id string) ([]ForwardNode, error)
	Put(id string, nodes []ForwardNode) error
}

// SendPrivate sends a message from the actor to a friend, or to a member of viaGroup (a temporary
// session) when viaGroup is not 0. The recipient, bot or simulated user, sees the same id.
func (a *Actor) SendPrivate(ctx context.Context, userID, viaGroup int64, segs []cqcode.Segment) (int32, error) {
	segs, err := a.w.resolveMedia(ctx, segs)
	if err != nil {
		return 0, err
	}
	var id int32
	err = a.update(ctx, func(o *act) error {
		var err error
		id, err = deliver(o.op, o.w, Message{Type: Private, SenderID: o.self, PeerID: userID, Segments: segs}, viaGroup)
		return err
	})
	return id, err
}

// SendGroup sends a message from the actor to a group it is in and not muted in.
func (a *Actor) SendGroup(ctx context.Context, groupID int64, segs []cqcode.Segment) (int32, error) {
	segs, err := a.w.resolveMedia(ctx, segs)
	if err != nil {
		return 0, err
	}
	var id int32
	err = a.update(ctx, func(o *act) error {
		var err error
		id, err = deliver(o.op, o.w, Message{Type: Grouped, SenderID: o.self, GroupID: groupID, Segments: segs}, 0)
		return err
	})
	return id, err
}

// deliver checks QQ's rules for m's sender and stores it: a private message goes to a friend
// (or, through viaGroup, to a member of a group both are in); a group message needs the sender
// in the group and not muted.
func deliver(o *op, w *World, m Message, viaGroup int64) (int32, error) {
	if len(m.Segments) == 0 {
		return 0, fmt.Errorf("the message is empty: %w", ErrInvalid)
	}
	sender, err := o.tx.Accounts().Get(m.SenderID)
	if err != nil {
		return 0, fmt.Errorf("sender: %w", err)
	}
	// The change carries the message with its sender as they are now, read here while the
	// store still answers from its cache.
	sent := &MessageCreated{Message: MessageView{Sender: sender}}
	switch m.Type {
	case Private:
		if _, err := o.tx.Accounts().Get(m.PeerID); err != nil {
			return 0, err
		}
		if m.PeerID == m.SenderID {
			return 0, fmt.Errorf("%d cannot message itself: %w", m.SenderID, ErrInvalid)
		}
		if _, sent.FromFriend, err = o.tx.Friends().Remark(m.SenderID, m.PeerID); err != nil {
			return 0, err
		} else if !sent.FromFriend {
			if viaGroup == 0 {
				return 0, fmt.Errorf("user %d is not a friend of %d (give group_id for a temporary session): %w", m.PeerID, m.SenderID, ErrNotFound)
			}
			for _, id := range []int64{m.SenderID, m.PeerID} {
				if _, err := o.tx.Members().Get(viaGroup, id); err != nil {
					return 0, fmt.Errorf("temporary session through group %d: %d is not a member: %w", viaGroup, id, ErrNotFound)
				}
			}
		}
	case Grouped:
		g, err := o.tx.Groups().Get(m.GroupID)
		if err != nil {
			return 0, err
		}
		member, err := o.tx.Members().Get(m.GroupID, m.SenderID)
		if err != nil {
			return 0, fmt.Errorf("group %d: %d is not a member: %w", m.GroupID, m.SenderID, ErrNotFound)
		}
		switch {
		case member.MutedUntil > o.now:
			return 0, fmt.Errorf("%d is muted in group %d for %d more seconds: %w", m.SenderID, m.GroupID, member.MutedUntil-o.now, ErrNotPermitted)
		case g.WholeBan && member.Role == Member:
			return 0, fmt.Errorf("group %d is under whole-group mute and %d is a plain member: %w", m.GroupID, m.SenderID, ErrNotPermitted)
		}
		if err := spendAtAll(o, member, m.Segments); err != nil {
			return 0, err
		}
		member.LastSentTime = o.now
		if err := o.tx.Members().Put(member); err != nil {
			return 0, err
		}
		member = o.current(member)
		sent.Message.Member = &member
	default:
		return 0, fmt.Errorf("message type %q: %w", m.Type, ErrInvalid)
	}
	if err := store(o, w, &m); err != nil {
		return 0, err
	}
	sent.Message.Message = m
	o.record(sent)
	if err := w.retain(o, m.Conversation(), len(m.Media) > 0); err != nil {
		return 0, err
	}
	return m.ID, nil
}

// store keeps a message, storing its media by content, and fills in its id, seq and time.
func store(o *op, w *World, m *Message) error {
	if m.Time == 0 {
		m.Time = o.now
	}
	var err error
	if m.Segments, m.Media, err = w.storeMedia(o.tx, m.Segments); err != nil {
		return err
	}
	if err := o.tx.Messages().Insert(m); err != nil {
		return err
	}
	if m.ID <= 0 || m.ID == math.MaxInt32 {
		// message_id is int32 on the wire; the store refuses to go past it rather than wrap.
		return fmt.Errorf("message ids exhausted at %d: %w", m.ID, ErrInvalid)
	}
	return o.tx.Accounts().CountTraffic(*m)
}

// retain applies the retention limits after a write to conv; the media limit needs checking
// only when the write added media.
func (w *World) retain(o *op, conv string, addedMedia bool) error {
	r := w.opts.Retention
	var before int64
	if r.MaxAge > 0 {
		before = o.now - int64(r.MaxAge.Seconds())
	}
	n, err := o.tx.Messages().PruneConversation(conv, r.MessagesPerConversation, before)
	if err != nil {
		return err
	}
	if r.MediaBytes > 0 && addedMedia {
		m, err := o.tx.Messages().PruneMedia(r.MediaBytes)
		if err != nil {
			return err
		}
		n += m
	}
	if n > 0 {
		o.record(&MessagesExpired{Count: n})
		return w.dropMedia(o)
	}
	return nil
}

// MessageCreated: a message was sent. Every bot of its group but the sender sees it, or its
// private recipient when that is a bot (the implementation does not report a bot's own
// messages to itself).
type MessageCreated struct {
	Head
	// Message is the message as sent, with its sender as they were then.
	Message MessageView
	// FromFriend says the private recipient had the sender as a friend.
	FromFriend bool
}

func (c *MessageCreated) audience(a *audience) error {
	m := c.Message
	if m.Type == Grouped {
		return a.group(m.GroupID, false, m.SenderID)
	}
	a.bot(m.PeerID, m.SenderID)
	return nil
}

func (c *MessageCreated) Render(bot int64) (any, error) {
	m := c.Message
	msg, err := receivedMessage(m.Segments)
	if err != nil {
		return nil, err
	}
	raw := cqcode.Format(m.Segments)
	if m.Type == Grouped {
		return gen.GroupMessageEvent{Time: m.Time, SelfID: bot, PostType: gen.MessagePostTypeMessage, MessageType: gen.GroupMessageEventMessageTypeGroup,
			SubType: gen.GroupMessageEventSubTypeNormal, MessageID: m.ID, GroupID: m.GroupID, UserID: m.SenderID, Message: msg, RawMessage: raw,
			Sender: m.WireSender()}, nil
	}
	sub := gen.PrivateMessageEventSubTypeOther
	if c.FromFriend {
		sub = gen.PrivateMessageEventSubTypeFriend
	}
	return gen.PrivateMessageEvent{Time: m.Time, SelfID: bot, PostType: gen.MessagePostTypeMessage, MessageType: gen.PrivateMessageEventMessageTypePrivate,
		SubType: sub, MessageID: m.ID, UserID: m.SenderID, Message: msg, RawMessage: raw, Sender: m.WireSender()}, nil
}

// MessageRecalled: a message was recalled. Every bot that saw it sees the recall, the one that
// recalled it included: the group's bots, or both sides of a private chat that are bots.
type MessageRecalled struct {
	Head
	Message    Message
	OperatorID int64
}

func (c *MessageRecalled) audience(a *audience) error {
	m := c.Message
	if m.Type == Grouped {
		return a.group(m.GroupID, false)
	}
	a.bot(m.PeerID)
	a.bot(m.SenderID)
	return nil
}

func (c *MessageRecalled) Render(bot int64) (any, error) {
	m := c.Message
	if m.Type == Grouped {
		return gen.GroupRecallNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupRecallNoticePostTypeNotice, NoticeType: gen.GroupRecallNoticeNoticeTypeGroupRecall,
			GroupID: m.GroupID, UserID: m.SenderID, OperatorID: c.OperatorID, MessageID: m.ID}, nil
	}
	return gen.FriendRecallNotice{Time: c.Time, SelfID: bot, PostType: gen.FriendRecallNoticePostTypeNotice, NoticeType: gen.FriendRecallNoticeNoticeTypeFriendRecall,
		UserID: m.SenderID, MessageID: m.ID}, nil
}

// MessagesExpired: retention deleted Count messages (no event: QQ tells nobody).
type MessagesExpired struct {
	Head
	unseen
	Count int
}

// MessageView is a message with its sender as the world knows them at the time of reading.
type MessageView struct {
	Message
	Sender Account
	// Member is the sender's membership, for a group message whose sender is still a member.
	Member *Membership
}

// messageView is m with its sender: the account (a placeholder when it is gone) and, for a
// group message, the sender's membership if they are still a member.
func (o *op) messageView(m Message) MessageView {
	out := MessageView{Message: m}
	var err error
	if out.Sender, err = o.tx.Accounts().Get(m.SenderID); err != nil {
		out.Sender = Account{ID: m.SenderID, Sex: Unknown}
	}
	if m.Type == Grouped {
		if mem, err := o.tx.Members().Get(m.GroupID, m.SenderID); err == nil {
			mem = o.current(mem)
			out.Member = &mem
		}
	}
	return out
}

func (o *act) visibleMessage(id int32) (Message, error) {
	m, err := o.tx.Messages().Get(id)
	if err != nil {
		return Message{}, err
	}
	if maxAge := o.w.opts.Retention.MaxAge; maxAge > 0 && m.Time < o.now-int64(maxAge.Seconds()) {
		return Message{}, fmt.Errorf("message %d has expired (kept %s): %w", id, maxAge, ErrNotFound)
	}
	if m.Recalled {
		return Message{}, fmt.Errorf("message %d was recalled: %w", id, ErrNotFound)
	}
	switch m.Type {
	case Private:
		if m.SenderID != o.self && m.PeerID != o.self {
			return Message{}, fmt.Errorf("message %d: %w", id, ErrNotFound)
		}
	case Grouped:
		if _, err := o.tx.Members().Get(m.GroupID, o.self); err != nil {
			return Message{}, fmt.Errorf("message %d is in group %d, which %s is not in: %w", id, m.GroupID, o.who(), ErrNotFound)
		}
	}
	return m, nil
}

// Recall recalls a message the actor can see, for everyone: its own, or in a group another
// member's when it outranks them.
func (a *Actor) Recall(ctx context.Context, id int32) error {
	return a.update(ctx, func(o *act) error {
		m, err := o.visibleMessage(id)
		if err != nil {
			return err
		}
		if m.SenderID != o.self {
			if m.Type != Grouped {
				return fmt.Errorf("message %d was sent by %d; only your own private messages can be recalled: %w", id, m.SenderID, ErrNotPermitted)
			}
			me, err := o.tx.Members().Get(m.GroupID, o.self)
			if err != nil {
				return err
			}
			senderRank := Member.rank()
			if sender, err := o.tx.Members().Get(m.GroupID, m.SenderID); err == nil {
				senderRank = sender.Role.rank()
			}
			if me.Role.rank() == 0 || senderRank >= me.Role.rank() {
				return fmt.Errorf("%s (%s) cannot recall a message of %d in group %d: only a higher role may: %w", o.who(), me.Role, m.SenderID, m.GroupID, ErrNotPermitted)
			}
		}
		o.record(&MessageRecalled{Message: m, OperatorID: o.self})
		return o.tx.Messages().MarkRecalled(id, o.self)
	})
}

// Forward returns a merged forward's nodes.
func (a *Actor) Forward(ctx context.Context, id string) ([]ForwardNode, error) {
	var out []ForwardNode
	err := a.view(ctx, func(o *act) error {
		var err error
		out, err = o.tx.Forwards().Get(id)
		return err
	})
	return out, err
}

// File returns a received image or voice file from the cache.
func (a *Actor) File(ctx context.Context, kind FileKind, name string) (File, error) {
	var out File
	err := a.view(ctx, func(o *act) error {
		var err error
		if out, err = o.tx.Files().Get(kind, name); err != nil || out.Hash == "" {
			return err
		}
		// Stored media are the account's only when it sees a message carrying them.
		ids, err := o.tx.Media().Messages(out.Hash)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := o.visibleMessage(id); err == nil {
				return nil
			}
		}
		out = File{}
		return fmt.Errorf("%s %s: no message %s can see carries it: %w", kind, name, o.who(), ErrNotFound)
	})
	return out, err
}
