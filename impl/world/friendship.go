package world

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// Friendships run one row per direction (FriendStore), each with its owner's remark. QQ lets
// an account delete a friend on its own side only: the other keeps it as a one-way friend
// (单向好友) until it deletes it too, or the deleter asks both sides to go at once.

const maxRemarkRunes = 96 // QQ's limit on a friend remark (备注)

// SetFriendRemark sets the actor's remark for a friend ("" clears it); only the actor's own
// side changes (each side keeps its own remark).
func (a *Actor) SetFriendRemark(ctx context.Context, userID int64, remark string) error {
	return a.update(ctx, func(o *act) error {
		old, ok, err := o.tx.Friends().Remark(o.self, userID)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("user %d is not a friend of %s: %w", userID, o.who(), ErrNotFound)
		}
		if n := utf8.RuneCountInString(remark); n > maxRemarkRunes {
			return fmt.Errorf("remark: %d characters; QQ takes at most %d: %w", n, maxRemarkRunes, ErrInvalid)
		}
		if old == remark {
			return nil
		}
		o.record(&FriendRemarkChanged{OwnerID: o.self, UserID: userID, Old: old, New: remark})
		return o.tx.Friends().Put(o.self, userID, remark)
	})
}

// DeleteFriend removes userID from the actor's friends. The other side keeps the actor as a
// one-way friend unless both is set (NapCat's temp_both_del), which ends both directions.
func (a *Actor) DeleteFriend(ctx context.Context, userID int64, both bool) error {
	return a.update(ctx, func(o *act) error {
		if _, ok, err := o.tx.Friends().Remark(o.self, userID); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("user %d is not a friend of %s: %w", userID, o.who(), ErrNotFound)
		}
		if err := o.tx.Friends().Delete(o.self, userID); err != nil {
			return err
		}
		// A friend added again starts in the default category, as on QQ.
		if err := o.tx.FriendCategories().Assign(o.self, userID, DefaultCategory); err != nil {
			return err
		}
		o.record(&FriendDeleted{OwnerID: o.self, UserID: userID})
		if !both {
			return nil
		}
		if _, ok, err := o.tx.Friends().Remark(userID, o.self); err != nil || !ok {
			return err
		}
		o.record(&FriendDeleted{OwnerID: userID, UserID: o.self})
		return o.tx.Friends().Delete(userID, o.self)
	})
}

// OneWayFriend is an account that keeps the actor as a friend after the actor deleted it (a
// one-way friend, 单向好友).
type OneWayFriend struct {
	Account
}

// OneWayFriends lists the accounts that have the actor as a friend while the actor does not
// have them.
func (a *Actor) OneWayFriends(ctx context.Context) ([]OneWayFriend, error) {
	var out []OneWayFriend
	err := a.view(ctx, func(o *act) error {
		out = nil
		all, err := o.tx.Accounts().All()
		if err != nil {
			return err
		}
		for _, acc := range all {
			if acc.ID == o.self {
				continue
			}
			_, theirs, err := o.tx.Friends().Remark(acc.ID, o.self)
			if err != nil {
				return err
			}
			_, mine, err := o.tx.Friends().Remark(o.self, acc.ID)
			if err != nil {
				return err
			}
			if theirs && !mine {
				out = append(out, OneWayFriend{Account: acc})
			}
		}
		return nil
	})
	return out, err
}

// DeleteOneWayFriend removes the actor from the friends of an account it no longer has as a
// friend (删除单向好友).
func (a *Actor) DeleteOneWayFriend(ctx context.Context, userID int64) error {
	return a.update(ctx, func(o *act) error {
		if _, mine, err := o.tx.Friends().Remark(o.self, userID); err != nil {
			return err
		} else if mine {
			return fmt.Errorf("user %d is a friend of %s both ways (delete_friend ends it): %w", userID, o.who(), ErrInvalid)
		}
		if _, theirs, err := o.tx.Friends().Remark(userID, o.self); err != nil {
			return err
		} else if !theirs {
			return fmt.Errorf("user %d is not a one-way friend of %s: %w", userID, o.who(), ErrNotFound)
		}
		o.record(&FriendDeleted{OwnerID: userID, UserID: o.self})
		return o.tx.Friends().Delete(userID, o.self)
	})
}

// FriendRemarkChanged: OwnerID's remark for UserID went from Old to New. QQ tells no one.
type FriendRemarkChanged struct {
	Head
	unseen
	OwnerID, UserID int64
	Old, New        string
}

// FriendDeleted: OwnerID no longer has UserID as a friend (one direction). OneBot v11 has no
// event for it, and QQ does not tell the one deleted.
type FriendDeleted struct {
	Head
	unseen
	OwnerID, UserID int64
}

// AddOneWayFriend makes other a friend of owner on owner's side only (world files, the seed):
// other has deleted owner, or never kept it.
func (u *Universe) AddOneWayFriend(owner, other int64, remark string) error {
	if owner == other {
		return fmt.Errorf("account %d cannot befriend itself: %w", owner, ErrInvalid)
	}
	for _, id := range []int64{owner, other} {
		if _, err := u.o.tx.Accounts().Get(id); err != nil {
			return err
		}
	}
	if _, ok, err := u.o.tx.Friends().Remark(other, owner); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("%d already has %d as a friend: the friendship is not one-way: %w", other, owner, ErrInvalid)
	}
	return u.o.tx.Friends().Put(owner, other, remark)
}
