package world

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// Input status (输入状态, "对方正在输入...") is what a private chat shows while the other side
// types or speaks: QQ pushes it to the friend and keeps no record, so it changes nothing but is
// recorded, for the friend to be told.

// InputStatus is what the actor is doing in the chat: QQ's event_type.
type InputStatus int32

const (
	// Speaking is 对方正在说话... (recording a voice).
	Speaking InputStatus = 0
	// Typing is 对方正在输入....
	Typing InputStatus = 1
)

// Text is what QQ shows the friend for the status.
func (s InputStatus) Text() string {
	if s == Speaking {
		return "对方正在说话..."
	}
	return "对方正在输入..."
}

// SetInputStatus shows the actor's friend userID that the actor is typing or speaking.
func (a *Actor) SetInputStatus(ctx context.Context, userID int64, status InputStatus) error {
	if status != Speaking && status != Typing {
		return fmt.Errorf("event_type: %d, not 0 (speaking) or 1 (typing): %w", status, ErrInvalid)
	}
	return a.update(ctx, func(o *act) error {
		if _, err := o.tx.Accounts().Get(userID); err != nil {
			return err
		}
		if _, friends, err := o.tx.Friends().Remark(o.self, userID); err != nil {
			return err
		} else if !friends {
			return fmt.Errorf("%d is not a friend of %s; QQ shows the input status in a friend's chat: %w", userID, o.who(), ErrNotFound)
		}
		o.record(&InputStatusShown{UserID: o.self, TargetID: userID, Status: status})
		return nil
	})
}

// InputStatusShown: UserID is typing or speaking in its private chat with TargetID, who sees it
// (when a bot).
type InputStatusShown struct {
	Head
	UserID, TargetID int64
	Status           InputStatus
}

func (c *InputStatusShown) audience(a *audience) error {
	a.bot(c.TargetID, c.UserID)
	return nil
}

// Render is NapCat's notify/input_status notice.
func (c *InputStatusShown) Render(bot int64) (any, error) {
	var noGroup int64 // NapCat always sends group_id 0
	return gen.InputStatusNotice{Time: c.Time, SelfID: bot, PostType: gen.InputStatusNoticePostTypeNotice, NoticeType: gen.InputStatusNoticeNoticeTypeNotify,
		SubType: gen.InputStatusNoticeSubTypeInputStatus, UserID: c.UserID, GroupID: &noGroup, EventType: int32(c.Status), StatusText: c.Status.Text()}, nil
}
