package world

import (
	"fmt"
	"math"

	"github.com/onespec/onespec/gen"

	"github.com/onespec/onespec/impl/cqcode"
)

// SendPrivate sends a message from the bot to a friend, or to a member of viaGroup (a temporary
// session) when viaGroup is not 0.
func (w *World) SendPrivate(userID, viaGroup int64, segs []cqcode.Segment) (int32, error) {
	if len(segs) == 0 {
		return 0, fmt.Errorf("the message is empty: %w", ErrInvalid)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, friend := w.friends[userID]; !friend {
		if viaGroup == 0 {
			return 0, fmt.Errorf("user %d is not a friend (give group_id for a temporary session): %w", userID, ErrNotFound)
		}
		g, err := w.group(viaGroup)
		if err != nil {
			return 0, err
		}
		if _, err := member(g, userID); err != nil {
			return 0, err
		}
	}
	return w.store(Message{Type: Private, PeerID: userID, SenderID: w.self, Segments: segs})
}

// SendGroup sends a message from the bot to a group.
func (w *World) SendGroup(groupID int64, segs []cqcode.Segment) (int32, error) {
	if len(segs) == 0 {
		return 0, fmt.Errorf("the message is empty: %w", ErrInvalid)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	g, err := w.group(groupID)
	if err != nil {
		return 0, err
	}
	self := g.Members[w.self]
	now := w.now().Unix()
	if self.MutedUntil > now || (g.WholeBan && self.Role == Member) {
		return 0, fmt.Errorf("the bot is muted in group %d: %w", groupID, ErrNotPermitted)
	}
	self.LastSentTime = now
	return w.store(Message{Type: Grouped, GroupID: groupID, SenderID: w.self, Segments: segs})
}

// Receive stores a message someone sent to the bot (a friend privately, or a member in a group).
func (w *World) Receive(m Message) (int32, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.users[m.SenderID]; !ok {
		return 0, fmt.Errorf("sender %d: %w", m.SenderID, ErrNotFound)
	}
	if m.Type == Grouped {
		g, err := w.group(m.GroupID)
		if err != nil {
			return 0, err
		}
		sender, err := member(g, m.SenderID)
		if err != nil {
			return 0, err
		}
		sender.LastSentTime = w.now().Unix()
	}
	w.stats.MessagesReceived++
	return w.store(m)
}

// store assigns the next id and the time. Callers hold the lock.
func (w *World) store(m Message) (int32, error) {
	if w.nextMessageID == math.MaxInt32 {
		return 0, fmt.Errorf("message ids exhausted: %w", ErrInvalid)
	}
	if m.ID == 0 {
		m.ID = w.nextMessageID
	}
	if m.ID >= w.nextMessageID {
		w.nextMessageID = m.ID + 1
	}
	if m.Time == 0 {
		m.Time = w.now().Unix()
	}
	w.messages[m.ID] = &m
	if m.SenderID == w.self {
		w.stats.MessagesSent++
	}
	w.stats.LastMessageTime = m.Time
	return m.ID, nil
}

// Message returns a message that was not recalled.
func (w *World) Message(id int32) (Message, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	m, ok := w.messages[id]
	if !ok || m.Deleted {
		return Message{}, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	return *m, nil
}

// Recall deletes a message: the bot's own, or in a group another member's when the bot
// outranks them.
func (w *World) Recall(id int32) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	m, ok := w.messages[id]
	if !ok || m.Deleted {
		return fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if m.SenderID != w.self {
		if m.Type != Grouped {
			return fmt.Errorf("message %d was sent by %d; only your own private messages can be recalled: %w", id, m.SenderID, ErrNotPermitted)
		}
		g, err := w.group(m.GroupID)
		if err != nil {
			return err
		}
		self := g.Members[w.self]
		if sender, in := g.Members[m.SenderID]; rank(self.Role) == 0 || (in && rank(sender.Role) >= rank(self.Role)) {
			return fmt.Errorf("the bot (%s) cannot recall a message of %d in group %d: %w", self.Role, m.SenderID, m.GroupID, ErrNotPermitted)
		}
	}
	m.Deleted = true
	return nil
}

// Sender describes who sent a message, as far as the world knows now.
type Sender struct {
	User
	Member *GroupMember // group messages, when the sender is still a member
}

// SenderOf returns the sender of a stored message.
func (w *World) SenderOf(m Message) Sender {
	w.mu.RLock()
	defer w.mu.RUnlock()
	s := Sender{User: User{ID: m.SenderID, Sex: gen.SexUnknown}}
	if u, ok := w.users[m.SenderID]; ok {
		s.User = *u
	}
	if g, ok := w.groups[m.GroupID]; ok && m.Type == Grouped {
		if mem, ok := g.Members[m.SenderID]; ok {
			c := *mem
			s.Member = &c
		}
	}
	return s
}
