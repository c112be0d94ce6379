package world

import (
	"context"
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
	Delete(groupID int64, messageID int32) error
	List(groupID int64) ([]Essence, error)
}

// SetEssence marks (or with !on unmarks) a group message as essence; admins only.
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
			return err
		}
		o.record(&EssenceChanged{GroupID: m.GroupID, SenderID: m.SenderID, OperatorID: o.self, MessageID: m.ID, On: on})
		if !on {
			return o.tx.Essence().Delete(m.GroupID, messageID)
		}
		return o.tx.Essence().Put(Essence{GroupID: m.GroupID, MessageID: messageID, OperatorID: o.self, Time: o.now})
	})
}

// Essences lists a group's essence messages.
func (a *Actor) Essences(ctx context.Context, groupID int64) ([]Essence, error) {
	var out []Essence
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.Essence().List(groupID)
		return err
	})
	return out, err
}

// EssenceChanged: OperatorID set (On) or removed a message of SenderID as essence.
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
