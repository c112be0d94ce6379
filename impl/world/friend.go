package world

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// Friend is a friend of some account, with that account's remark for them.
type Friend struct {
	Account
	Remark string
}

// FriendRequest is a pending request from From to become To's friend.
type FriendRequest struct {
	Flag    string
	From    int64
	To      int64
	Comment string
	Time    int64
}

// FriendStore keeps friendships (one row per direction, each with its owner's remark).
type FriendStore interface {
	// List is owner's friends with owner's remarks.
	List(owner int64) ([]Friend, error)
	// Remark is owner's remark for other; ok is false when they are not friends.
	Remark(owner, other int64) (remark string, ok bool, err error)
	Put(owner, other int64, remark string) error
	Delete(owner, other int64) error
}

// FriendRequestStore keeps pending friend requests by flag.
type FriendRequestStore interface {
	Get(flag string) (FriendRequest, error)
	Put(FriendRequest) error
	Delete(flag string) error
	All() ([]FriendRequest, error)
}

// Friends lists the actor's friends with its remarks.
func (a *Actor) Friends(ctx context.Context) ([]Friend, error) {
	var out []Friend
	err := a.view(ctx, func(o *act) error {
		var err error
		out, err = o.tx.Friends().List(o.self)
		return err
	})
	return out, err
}

// AnswerFriendRequest accepts (both become friends; remark is the actor's for them) or rejects a
// request made to the actor.
func (a *Actor) AnswerFriendRequest(ctx context.Context, flag string, approve bool, remark string) error {
	return a.update(ctx, func(o *act) error {
		r, err := o.tx.FriendRequests().Get(flag)
		if err != nil {
			return err
		}
		if r.To != o.self {
			return fmt.Errorf("friend request %q was made to %d, not to %d: %w", flag, r.To, o.self, ErrNotFound)
		}
		if err := o.tx.FriendRequests().Delete(flag); err != nil {
			return err
		}
		o.record(&RequestAnswered{Flag: flag, UserID: r.From, OperatorID: o.self})
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
		if _, err := o.tx.Accounts().Get(id); err != nil {
			return err
		}
	}
	if err := o.tx.Friends().Put(a, b, remarkA); err != nil {
		return err
	}
	if err := o.tx.Friends().Put(b, a, remarkB); err != nil {
		return err
	}
	o.record(&FriendAdded{UserID: b, OperatorID: a})
	return nil
}

// FriendAdded: UserID and OperatorID became friends; both that are bots see it, each told of
// the other.
type FriendAdded struct {
	Head
	UserID, OperatorID int64
}

func (c *FriendAdded) audience(a *audience) error {
	a.bot(c.UserID)
	a.bot(c.OperatorID)
	return nil
}

func (c *FriendAdded) Render(bot int64) (any, error) {
	other := c.UserID
	if other == bot {
		other = c.OperatorID
	}
	return gen.FriendAddNotice{Time: c.Time, SelfID: bot, PostType: gen.FriendAddNoticePostTypeNotice, NoticeType: gen.FriendAddNoticeNoticeTypeFriendAdd, UserID: other}, nil
}

// FriendRemoved: OperatorID and UserID are no longer friends. No event in OneBot v11.
type FriendRemoved struct {
	Head
	unseen
	UserID, OperatorID int64
}

// FriendRequested: Request.From asks Request.To to be friends; the asked bot sees it.
type FriendRequested struct {
	Head
	Request FriendRequest
}

func (c *FriendRequested) audience(a *audience) error {
	a.bot(c.Request.To)
	return nil
}

func (c *FriendRequested) Render(bot int64) (any, error) {
	r := c.Request
	return gen.FriendRequestEvent{Time: c.Time, SelfID: bot, PostType: gen.FriendRequestEventPostTypeRequest,
		RequestType: gen.FriendRequestEventRequestTypeFriend, UserID: r.From, Comment: r.Comment, Flag: r.Flag}, nil
}

func friendFlag(from, to int64) string { return fmt.Sprintf("friend-%d-%d", from, to) }

// RequestFriend asks account to to be friends and returns the request's flag; a new request
// between the same two replaces the pending one.
func (a *Actor) RequestFriend(ctx context.Context, to int64, comment string) (string, error) {
	var flag string
	err := a.update(ctx, func(o *act) error {
		flag = friendFlag(o.self, to)
		if to == o.self {
			return fmt.Errorf("%d cannot ask itself to be friends: %w", to, ErrInvalid)
		}
		u := Universe{o: o.op, w: o.w}
		r := FriendRequest{Flag: flag, From: o.self, To: to, Comment: comment}
		if err := u.AddFriendRequest(r); err != nil {
			return err
		}
		o.record(&FriendRequested{Request: r})
		return nil
	})
	return flag, err
}
