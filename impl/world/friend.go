package world

import (
	"context"
	"fmt"
)

// Friends lists the bot's friends with its remarks.
func (b *Bot) Friends(ctx context.Context) ([]Friend, error) {
	var out []Friend
	err := b.view(ctx, func(o *botOp) error {
		var err error
		out, err = o.tx.Friends(o.self)
		return err
	})
	return out, err
}

// Like gives a friend times likes.
func (b *Bot) Like(ctx context.Context, userID int64, times int32) error {
	return b.update(ctx, func(o *botOp) error {
		if _, ok, err := o.tx.Friendship(o.self, userID); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("user %d is not a friend of %d (likes go to friends): %w", userID, o.self, ErrNotFound)
		}
		if times < 1 {
			return fmt.Errorf("times %d: at least one like: %w", times, ErrInvalid)
		}
		return o.tx.AddLikes(o.self, userID, times)
	})
}

// AnswerFriendRequest accepts (both become friends; remark is the bot's for them) or rejects a
// request made to the bot.
func (b *Bot) AnswerFriendRequest(ctx context.Context, flag string, approve bool, remark string) error {
	return b.update(ctx, func(o *botOp) error {
		r, err := o.tx.FriendRequest(flag)
		if err != nil {
			return err
		}
		if r.To != o.self {
			return fmt.Errorf("friend request %q was made to %d, not to %d: %w", flag, r.To, o.self, ErrNotFound)
		}
		if err := o.tx.DeleteFriendRequest(flag); err != nil {
			return err
		}
		o.record(Change{Kind: RequestAnswered, UserID: r.From, OperatorID: o.self, Detail: flag})
		if !approve {
			return nil
		}
		return befriend(o.op, r.To, r.From, remark, "")
	})
}

// befriend makes a and b friends, each with their own remark for the other.
func befriend(o *op, a, b int64, remarkA, remarkB string) error {
	if a == b {
		return fmt.Errorf("account %d cannot befriend itself: %w", a, ErrInvalid)
	}
	for _, id := range []int64{a, b} {
		if _, err := o.tx.Account(id); err != nil {
			return err
		}
	}
	if err := o.tx.PutFriendship(a, b, remarkA); err != nil {
		return err
	}
	if err := o.tx.PutFriendship(b, a, remarkB); err != nil {
		return err
	}
	o.record(Change{Kind: FriendAdded, UserID: b, OperatorID: a})
	return nil
}
