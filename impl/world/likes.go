package world

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// Profile likes (名片赞): an account likes a friend's profile card up to likesPerDay times a
// day (QQ's day, Beijing time); each side sees the counts (given and received, in total and
// today), and the liked bot is told (NapCat's notify/profile_like).

const (
	likesPerDay = 10 // QQ's daily limit per liked friend for an account without SVIP
	// beijing is QQ's day boundary: UTC+8.
	beijing = 8 * 3600
)

// likeDay is the QQ day of a clock reading.
func likeDay(now int64) int64 { return (now + beijing) / 86400 }

// LikeTally is what one account gave another: every like, those of Day, and the last.
type LikeTally struct {
	From, To int64
	Total    int32
	Today    int32
	Last     int64
}

// LikeStore keeps profile likes by day.
type LikeStore interface {
	Add(from, to, day int64, times int32, at int64) error
	// Received are the likes given to an account, one tally per liker, the latest first,
	// Today counting day's.
	Received(to, day int64) ([]LikeTally, error)
	// Given are the likes an account gave, one tally per liked account, the latest first.
	Given(from, day int64) ([]LikeTally, error)
}

// Like gives a friend times likes within QQ's daily limit.
func (a *Actor) Like(ctx context.Context, userID int64, times int32) error {
	return a.update(ctx, func(o *act) error {
		if _, ok, err := o.tx.Friends().Remark(o.self, userID); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("user %d is not a friend of %d (likes go to friends): %w", userID, o.self, ErrNotFound)
		}
		if times < 1 {
			return fmt.Errorf("times %d: at least one like: %w", times, ErrInvalid)
		}
		day := likeDay(o.now)
		given, err := o.tx.Likes().Given(o.self, day)
		if err != nil {
			return err
		}
		var today int32
		for _, t := range given {
			if t.To == userID {
				today = t.Today
			}
		}
		if today+times > likesPerDay {
			return fmt.Errorf("%s has liked %d %d times today; QQ allows %d a day: %w", o.who(), userID, today, likesPerDay, ErrNotPermitted)
		}
		self, err := o.tx.Accounts().Get(o.self)
		if err != nil {
			return err
		}
		o.record(&ProfileLiked{UserID: userID, OperatorID: o.self, OperatorNick: self.Nickname, Times: times})
		return o.tx.Likes().Add(o.self, userID, day, times, o.now)
	})
}

// LikeSummary is an account's likes both ways as of today.
type LikeSummary struct {
	// UserID is whose likes these are; Now the clock reading they were read at.
	UserID, Now int64
	// Received and Given list the other accounts with the likes exchanged, latest first.
	Received, Given []LikeView
	// ReceivedTotal, ReceivedToday, GivenTotal and GivenToday count them.
	ReceivedTotal, ReceivedToday, GivenTotal, GivenToday int32
	LastReceived, LastGiven                              int64
}

// LikeView is a tally with the other account, as it is now.
type LikeView struct {
	LikeTally
	Other  Account
	Friend bool
}

// Likes is an account's like summary as the actor may read it (any account's: QQ shows who
// liked a profile card).
func (a *Actor) Likes(ctx context.Context, userID int64) (LikeSummary, error) {
	var s LikeSummary
	err := a.view(ctx, func(o *act) error {
		s = LikeSummary{}
		if userID == 0 {
			userID = o.self
		}
		if _, err := o.tx.Accounts().Get(userID); err != nil {
			return err
		}
		s.UserID, s.Now = userID, o.now
		day := likeDay(o.now)
		received, err := o.tx.Likes().Received(userID, day)
		if err != nil {
			return err
		}
		given, err := o.tx.Likes().Given(userID, day)
		if err != nil {
			return err
		}
		view := func(t LikeTally, other int64) (LikeView, error) {
			v := LikeView{LikeTally: t}
			acc, err := o.tx.Accounts().Get(other)
			if err != nil {
				acc = Account{ID: other, Sex: Unknown} // an account since deleted
			}
			v.Other = acc
			_, v.Friend, err = o.tx.Friends().Remark(o.self, other)
			return v, err
		}
		for _, t := range received {
			v, err := view(t, t.From)
			if err != nil {
				return err
			}
			s.Received = append(s.Received, v)
			s.ReceivedTotal += t.Total
			s.ReceivedToday += t.Today
			s.LastReceived = max(s.LastReceived, t.Last)
		}
		for _, t := range given {
			v, err := view(t, t.To)
			if err != nil {
				return err
			}
			s.Given = append(s.Given, v)
			s.GivenTotal += t.Total
			s.GivenToday += t.Today
			s.LastGiven = max(s.LastGiven, t.Last)
		}
		return nil
	})
	return s, err
}

// ProfileLiked: OperatorID liked UserID's profile Times times; UserID, when a bot, is told
// (NapCat's notify/profile_like), with the liker's nickname as of the like.
type ProfileLiked struct {
	Head
	UserID, OperatorID int64
	OperatorNick       string
	Times              int32
}

func (c *ProfileLiked) audience(a *audience) error {
	a.bot(c.UserID)
	return nil
}

func (c *ProfileLiked) Render(bot int64) (any, error) {
	return gen.ProfileLikeNotice{Time: c.Time, SelfID: bot, PostType: gen.ProfileLikeNoticePostTypeNotice, NoticeType: gen.ProfileLikeNoticeNoticeTypeNotify,
		SubType: gen.ProfileLikeNoticeSubTypeProfileLike, OperatorID: c.OperatorID, OperatorNick: c.OperatorNick, Times: c.Times}, nil
}

// AddLikes records likes given at a time (the seed, world files): from must have to as a
// friend, and the day's likes stay within QQ's limit.
func (u *Universe) AddLikes(from, to int64, times int32, at int64) error {
	if _, ok, err := u.o.tx.Friends().Remark(from, to); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("likes from %d to %d: %d is not a friend of %d: %w", from, to, to, from, ErrInvalid)
	}
	if times < 1 || times > likesPerDay {
		return fmt.Errorf("likes from %d to %d: %d likes; QQ allows 1 to %d a day: %w", from, to, times, likesPerDay, ErrInvalid)
	}
	return u.o.tx.Likes().Add(from, to, likeDay(at), times, at)
}
