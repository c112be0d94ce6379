package world

import (
	"context"
	"errors"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// Essence is a message set as a group's essence (精华消息).
type Essence struct {
	GroupID    int64
	MessageID  int32
	OperatorID int64
	Time       int64
}

// EssenceStore keeps groups' essence messages (精华消息).
type EssenceStore interface {
	Put(Essence) error
	// Get is the essence of a message in a group; ErrNotFound when it is not one.
	Get(groupID int64, messageID int32) (Essence, error)
	Delete(groupID int64, messageID int32) error
	List(groupID int64) ([]Essence, error)
}

// SetEssence marks (or with !on unmarks) a group message as essence. QQ lets the group's
// owner and admins do it; marking an essence again changes nothing, unmarking a message that
// is not one is ErrNotFound.
func (a *Actor) SetEssence(ctx context.Context, messageID int32, on bool) error {
	return a.update(ctx, func(o *act) error {
		m, err := o.visibleMessage(messageID)
		if err != nil {
			return err
		}
		if m.Type != Grouped {
			return fmt.Errorf("message %d is private; essence is for group messages: %w", messageID, ErrInvalid)
		}
		if _, err := o.as(m.GroupID, Admin); err != nil {
			return fmt.Errorf("only the owner and admins set essence messages: %w", err)
		}
		_, err = o.tx.Essence().Get(m.GroupID, messageID)
		switch {
		case err != nil && !errors.Is(err, ErrNotFound):
			return err
		case err == nil && on:
			return nil
		case err != nil && !on:
			return fmt.Errorf("message %d is not an essence message of group %d: %w", messageID, m.GroupID, ErrNotFound)
		}
		o.record(&EssenceChanged{GroupID: m.GroupID, SenderID: m.SenderID, OperatorID: o.self, MessageID: m.ID, On: on})
		if !on {
			return o.tx.Essence().Delete(m.GroupID, messageID)
		}
		return o.tx.Essence().Put(Essence{GroupID: m.GroupID, MessageID: messageID, OperatorID: o.self, Time: o.now})
	})
}

// EssenceView is an essence message with its message and the accounts behind it, as the
// world knows them at the time of reading.
type EssenceView struct {
	Essence
	Message  MessageView
	Operator Account
}

// Essences lists a group's essence messages, with their messages.
func (a *Actor) Essences(ctx context.Context, groupID int64) ([]EssenceView, error) {
	var out []EssenceView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		list, err := o.tx.Essence().List(groupID)
		if err != nil {
			return err
		}
		out = make([]EssenceView, 0, len(list))
		for _, e := range list {
			m, err := o.tx.Messages().Get(e.MessageID)
			if err != nil {
				return fmt.Errorf("essence message %d of group %d: %w", e.MessageID, groupID, err)
			}
			v := EssenceView{Essence: e, Message: o.messageView(m)}
			if v.Operator, err = o.tx.Accounts().Get(e.OperatorID); err != nil {
				v.Operator = Account{ID: e.OperatorID, Sex: Unknown} // an operator whose account is gone
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// AddEssence marks a group message as essence (the seed, world files): the operator must be
// the group's owner or an admin; Time 0 is now.
func (u *Universe) AddEssence(e Essence) error {
	m, err := u.o.tx.Messages().Get(e.MessageID)
	if err != nil {
		return fmt.Errorf("essence: %w", err)
	}
	if m.Type != Grouped || m.GroupID != e.GroupID {
		return fmt.Errorf("essence: message %d is not a message of group %d: %w", e.MessageID, e.GroupID, ErrInvalid)
	}
	op, err := u.o.tx.Members().Get(e.GroupID, e.OperatorID)
	if err != nil || op.Role == Member {
		return fmt.Errorf("essence of message %d: its operator %d is not the owner or an admin of group %d: %w", e.MessageID, e.OperatorID, e.GroupID, ErrInvalid)
	}
	if e.Time == 0 {
		e.Time = u.o.now
	}
	return u.o.tx.Essence().Put(e)
}

// EssenceChanged: OperatorID set (On) or removed a message of SenderID as essence. Every bot
// of the group sees it, the operator included (QQ tells every member).
type EssenceChanged struct {
	Head
	GroupID, SenderID, OperatorID int64
	MessageID                     int32
	On                            bool
}

func (c *EssenceChanged) audience(a *audience) error { return a.group(c.GroupID, false) }

func (c *EssenceChanged) Render(bot int64) (any, error) {
	sub := gen.EssenceNoticeSubTypeAdd
	if !c.On {
		sub = gen.EssenceNoticeSubTypeDelete
	}
	return gen.EssenceNotice{Time: c.Time, SelfID: bot, PostType: gen.EssenceNoticePostTypeNotice, NoticeType: gen.EssenceNoticeNoticeTypeEssence,
		SubType: sub, GroupID: c.GroupID, SenderID: c.SenderID, OperatorID: c.OperatorID, MessageID: c.MessageID}, nil
}
