package world

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// An account's profile (资料: nickname, sex, age, long nick) is the Account itself; every read
// shows it as it is now (get_stranger_info, friend and member lists, a message's sender as of
// sending). Only the account changes its own profile: a bot through set_qq_profile and
// set_self_longnick, a simulated user through the world control API.

// QQ's limits on a profile, as its clients enforce them.
const (
	maxNicknameRunes = 36  // 昵称: 1 to 36 characters
	maxLongNickRunes = 100 // 个性签名: up to 100 characters
)

// ProfileChange is what SetProfile changes; nil fields stay as they are.
type ProfileChange struct {
	Nickname *string
	Sex      *Sex
	Age      *int32
	// LongNick is the long nick (个性签名), Account.Sign.
	LongNick *string
}

// SetProfile changes the actor's own profile and returns it as it is now.
func (a *Actor) SetProfile(ctx context.Context, c ProfileChange) (Account, error) {
	var out Account
	err := a.update(ctx, func(o *act) error {
		acc, err := o.tx.Accounts().Get(o.self)
		if err != nil {
			return err
		}
		if c.Nickname != nil {
			if n := utf8.RuneCountInString(*c.Nickname); n < 1 || n > maxNicknameRunes {
				return fmt.Errorf("nickname: %d characters; QQ takes 1 to %d: %w", n, maxNicknameRunes, ErrInvalid)
			}
			acc.Nickname = *c.Nickname
		}
		if c.Sex != nil {
			if !c.Sex.valid() {
				return fmt.Errorf("sex %q is not male, female or unknown: %w", *c.Sex, ErrInvalid)
			}
			acc.Sex = *c.Sex
		}
		if c.Age != nil {
			if *c.Age < 0 || *c.Age > 150 {
				return fmt.Errorf("age %d: QQ takes 0 to 150: %w", *c.Age, ErrInvalid)
			}
			acc.Age = *c.Age
		}
		if c.LongNick != nil {
			if n := utf8.RuneCountInString(*c.LongNick); n > maxLongNickRunes {
				return fmt.Errorf("long nick: %d characters; QQ takes at most %d: %w", n, maxLongNickRunes, ErrInvalid)
			}
			acc.Sign = *c.LongNick
		}
		if err := o.tx.Accounts().Put(acc); err != nil {
			return err
		}
		o.record(&ProfileChanged{UserID: o.self, Nickname: acc.Nickname, LongNick: acc.Sign})
		out = acc
		return nil
	})
	return out, err
}

// ProfileChanged: UserID changed its own profile. OneBot v11 has no event for it; QQ shows the
// new profile on the next read.
type ProfileChanged struct {
	Head
	unseen
	UserID             int64
	Nickname, LongNick string
}
