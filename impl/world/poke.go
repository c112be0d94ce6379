package world

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// Poke pokes (戳一戳) a friend privately, or a member of a group both are in when groupID is
// not 0 (the actor itself included: QQ lets an account poke itself). QQ keeps no record of a
// poke beyond the notice, so it changes nothing but is recorded.
func (a *Actor) Poke(ctx context.Context, target, groupID int64) error {
	return a.poke(ctx, Poked{TargetID: target, GroupID: groupID, ChatWith: target})
}

// PokeSelf pokes the actor itself (戳自己) in its private chat with a friend, who sees it.
func (a *Actor) PokeSelf(ctx context.Context, friend int64) error {
	return a.poke(ctx, Poked{GroupID: 0, ChatWith: friend})
}

// poke checks QQ's rules for p, whose UserID is the actor (and TargetID too when 0), and
// records it.
func (a *Actor) poke(ctx context.Context, p Poked) error {
	return a.update(ctx, func(o *act) error {
		p.UserID = o.self
		if p.TargetID == 0 {
			p.TargetID = o.self
		}
		if _, err := o.tx.Accounts().Get(p.TargetID); err != nil {
			return err
		}
		if p.GroupID == 0 {
			if _, err := o.tx.Accounts().Get(p.ChatWith); err != nil {
				return err
			}
			if _, friends, err := o.tx.Friends().Remark(o.self, p.ChatWith); err != nil {
				return err
			} else if !friends {
				return fmt.Errorf("%d is not a friend of %s (poke a non-friend in a group both are in): %w", p.ChatWith, o.who(), ErrNotFound)
			}
		} else {
			if _, err := o.in(p.GroupID); err != nil {
				return err
			}
			if _, err := o.tx.Members().Get(p.GroupID, p.TargetID); err != nil {
				return fmt.Errorf("%d is not a member of group %d: %w", p.TargetID, p.GroupID, ErrNotFound)
			}
		}
		o.record(&p)
		return nil
	})
}

// Poked: UserID poked TargetID, in GroupID when not 0, else in the private chat with ChatWith
// (the target, or the friend who sees UserID poke itself). The group's bots but the poker see
// it, or the other side of the private chat.
type Poked struct {
	Head
	UserID, TargetID, GroupID, ChatWith int64
}

func (c *Poked) audience(a *audience) error {
	if c.GroupID != 0 {
		return a.group(c.GroupID, false, c.UserID)
	}
	a.bot(c.ChatWith, c.UserID)
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
