package world

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// Poke pokes (戳一戳) a friend privately, or a member of a group both are in when groupID is
// not 0. QQ keeps no record of a poke beyond the notice, so it changes nothing but is recorded.
func (a *Actor) Poke(ctx context.Context, target, groupID int64) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.tx.Accounts().Get(target); err != nil {
			return err
		}
		if groupID == 0 {
			if _, friends, err := o.tx.Friends().Remark(o.self, target); err != nil {
				return err
			} else if !friends {
				return fmt.Errorf("%d is not a friend of %d (give group_id to poke in a group): %w", target, o.self, ErrNotFound)
			}
		} else {
			if _, err := o.in(groupID); err != nil {
				return err
			}
			if _, err := o.tx.Members().Get(groupID, target); err != nil {
				return fmt.Errorf("%d is not a member of group %d: %w", target, groupID, ErrNotFound)
			}
		}
		o.record(&Poked{GroupID: groupID, UserID: o.self, TargetID: target})
		return nil
	})
}

// Poked: UserID poked TargetID, in GroupID when not 0. The group's bots but the poker see
// it, or the poked bot.
type Poked struct {
	Head
	UserID, TargetID, GroupID int64
}

func (c *Poked) audience(a *audience) error {
	if c.GroupID != 0 {
		return a.group(c.GroupID, false, c.UserID)
	}
	a.bot(c.TargetID, c.UserID)
	return nil
}

func (c *Poked) Render(bot int64) (any, error) {
	ev := gen.PokeNotice{Time: c.Time, SelfID: bot, PostType: gen.PokeNoticePostTypeNotice,
		NoticeType: gen.PokeNoticeNoticeTypeNotify, SubType: gen.PokeNoticeSubTypePoke, UserID: c.UserID, TargetID: c.TargetID}
	if c.GroupID != 0 {
		ev.GroupID = &c.GroupID
	}
	return ev, nil
}
