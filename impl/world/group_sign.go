package world

import (
	"context"
	"errors"
	"fmt"
)

// GroupSign is a member's daily check-in in a group (群打卡): once a day (China's), ranked
// in the order the group's members signed that day.
type GroupSign struct {
	GroupID, UserID int64
	Day             int64 // days since the epoch, in UTC+8
	Time            int64
	Rank            int32 // 1 for the day's first
}

// GroupSignStore keeps groups' daily check-ins.
type GroupSignStore interface {
	Put(GroupSign) error
	// Get is a member's sign of a day; ErrNotFound when it has not signed.
	Get(groupID, userID, day int64) (GroupSign, error)
	// List is a group's signs of a day, by rank.
	List(groupID, day int64) ([]GroupSign, error)
}

// GroupSignView is a sign with the name the group shows for its member (card, else
// nickname) at the time of reading.
type GroupSignView struct {
	GroupSign
	Name string
}

// SignGroup checks the actor in to a group for today (群打卡); any member may, once a day:
// signing again the same day changes nothing. No bot is told (GroupSigned).
func (a *Actor) SignGroup(ctx context.Context, groupID int64) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		day := chinaDay(o.now)
		if _, err := o.tx.GroupSigns().Get(groupID, o.self, day); err == nil || !errors.Is(err, ErrNotFound) {
			return err // signed already today, or the store failed
		}
		today, err := o.tx.GroupSigns().List(groupID, day)
		if err != nil {
			return err
		}
		s := GroupSign{GroupID: groupID, UserID: o.self, Day: day, Time: o.now, Rank: int32(len(today) + 1)}
		o.record(&GroupSigned{Sign: s})
		return o.tx.GroupSigns().Put(s)
	})
}

// GroupSigns lists today's check-ins of a group the actor is in, by rank.
func (a *Actor) GroupSigns(ctx context.Context, groupID int64) ([]GroupSignView, error) {
	var out []GroupSignView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		list, err := o.tx.GroupSigns().List(groupID, chinaDay(o.now))
		if err != nil {
			return err
		}
		out = make([]GroupSignView, len(list))
		for i, s := range list {
			out[i] = GroupSignView{GroupSign: s, Name: o.memberName(groupID, s.UserID)}
		}
		return nil
	})
	return out, err
}

// memberName is the name a group shows for an account: its card, else its nickname, else
// (an account that is gone) its number.
func (o *act) memberName(groupID, userID int64) string {
	if m, err := o.tx.Members().Get(groupID, userID); err == nil && m.Card != "" {
		return m.Card
	}
	if acc, err := o.tx.Accounts().Get(userID); err == nil {
		return acc.Nickname
	}
	return fmt.Sprint(userID)
}

// AddGroupSign checks a member in (the seed, world files) on the day of its Time (0: now),
// ranked after the day's signs so far.
func (u *Universe) AddGroupSign(s GroupSign) error {
	if _, err := u.o.tx.Members().Get(s.GroupID, s.UserID); err != nil {
		return fmt.Errorf("sign in group %d: %d is not a member: %w", s.GroupID, s.UserID, ErrInvalid)
	}
	if s.Time == 0 {
		s.Time = u.o.now
	}
	s.Day = chinaDay(s.Time)
	if _, err := u.o.tx.GroupSigns().Get(s.GroupID, s.UserID, s.Day); err == nil {
		return fmt.Errorf("sign in group %d: %d signed already that day: %w", s.GroupID, s.UserID, ErrInvalid)
	}
	today, err := u.o.tx.GroupSigns().List(s.GroupID, s.Day)
	if err != nil {
		return err
	}
	s.Rank = int32(len(today) + 1)
	return u.o.tx.GroupSigns().Put(s)
}

// GroupSigned: a member checked in. QQ shows a gray tip in the group; no family turns it into
// an event (NapCat reports unknown gray tips only when a real member sent them), so no bot
// is told.
type GroupSigned struct {
	Head
	unseen
	Sign GroupSign
}
