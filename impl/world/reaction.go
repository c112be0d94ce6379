package world

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/gen"
)

// Reactions (表情回应, NapCat's "emoji like", Lagrange's "reaction") are emojis members stick
// on a group message: each account at most once per emoji, undone by the same account. Every
// bot of the group is told of each change (the one that reacted too), with the emoji's count
// as it stood right after it.

// Reaction is one account's emoji on a group message.
type Reaction struct {
	GroupID   int64
	MessageID int32
	UserID    int64
	// EmojiID is QQ's face id (a number of up to 3 digits) or an emoji's Unicode code point.
	EmojiID string
	Time    int64
}

// EmojiType is QQ's kind of an emoji id: 1 for a QQ face (系统表情), 2 for a Unicode emoji,
// told apart by length as NapCat does (a face id has at most 3 digits).
func EmojiType(emojiID string) int32 {
	if len(emojiID) > 3 {
		return 2
	}
	return 1
}

// ReactionStore keeps the reactions on group messages.
type ReactionStore interface {
	Put(Reaction) error
	// Get is ErrNotFound when the account has not reacted to the message with the emoji.
	Get(messageID int32, userID int64, emojiID string) (Reaction, error)
	Delete(messageID int32, userID int64, emojiID string) error
	// List is the message's reactions, by emoji, then in the order they were made.
	List(messageID int32) ([]Reaction, error)
}

// MaxReactionEmojis bounds the distinct emojis one account puts on one message (a bound of
// the reference server, so that a client cannot grow a message's reactions without end).
const MaxReactionEmojis = 20

// checkEmojiID refuses what is no emoji id: QQ's ids are decimal numbers (a face id, or a
// Unicode code point, at most 0x10FFFF).
func checkEmojiID(field, id string) error {
	n, err := strconv.ParseUint(id, 10, 32)
	if err != nil || n == 0 || n > 0x10FFFF || strconv.FormatUint(n, 10) != id {
		return fmt.Errorf("%s: %q is not an emoji id (a QQ face id or a Unicode code point, in decimal): %w", field, id, ErrInvalid)
	}
	return nil
}

// reactable is a group message the actor can see, of groupID unless that is 0.
func (o *act) reactable(groupID int64, messageID int32) (Message, error) {
	m, err := o.visibleMessage(messageID)
	if err != nil {
		return m, err
	}
	if m.Type != Grouped {
		return m, fmt.Errorf("message %d is private; QQ takes emoji reactions on group messages only: %w", messageID, ErrInvalid)
	}
	if groupID != 0 && m.GroupID != groupID {
		return m, fmt.Errorf("message %d is not a message of group %d: %w", messageID, groupID, ErrNotFound)
	}
	return m, nil
}

// React puts (on) or takes back (!on) the actor's emoji on a group message it can see, of
// groupID unless that is 0. Reacting again with the same emoji changes nothing; taking back an emoji the actor has not
// put is ErrNotFound.
func (a *Actor) React(ctx context.Context, groupID int64, messageID int32, emojiID string, on bool) error {
	if err := checkEmojiID("emoji_id", emojiID); err != nil {
		return err
	}
	return a.update(ctx, func(o *act) error {
		m, err := o.reactable(groupID, messageID)
		if err != nil {
			return err
		}
		_, err = o.tx.Reactions().Get(messageID, o.self, emojiID)
		switch {
		case err != nil && !errors.Is(err, ErrNotFound):
			return err
		case err == nil && on:
			return nil
		case err != nil && !on:
			return fmt.Errorf("%s has not reacted to message %d with emoji %s: %w", o.who(), messageID, emojiID, ErrNotFound)
		}
		all, err := o.tx.Reactions().List(messageID)
		if err != nil {
			return err
		}
		mine, count := 0, 0
		for _, r := range all {
			if r.UserID == o.self {
				mine++
			}
			if r.EmojiID == emojiID {
				count++
			}
		}
		if on {
			if mine >= MaxReactionEmojis {
				return fmt.Errorf("%s already put %d emojis on message %d, at most %d: %w", o.who(), mine, messageID, MaxReactionEmojis, ErrInvalid)
			}
			count++
			err = o.tx.Reactions().Put(Reaction{GroupID: m.GroupID, MessageID: messageID, UserID: o.self, EmojiID: emojiID, Time: o.now})
		} else {
			count--
			err = o.tx.Reactions().Delete(messageID, o.self, emojiID)
		}
		o.record(&ReactionChanged{GroupID: m.GroupID, MessageID: messageID, UserID: o.self, EmojiID: emojiID, On: on, Count: int32(count)})
		return err
	})
}

// ReactionUser is an account that reacted with an emoji, as the world knows it now.
type ReactionUser struct {
	Reaction
	Account Account
}

// Reactors lists who reacted to a group message the actor can see (of groupID unless that is
// 0) with an emoji, in the order they did.
func (a *Actor) Reactors(ctx context.Context, groupID int64, messageID int32, emojiID string) ([]ReactionUser, error) {
	if err := checkEmojiID("emoji_id", emojiID); err != nil {
		return nil, err
	}
	var out []ReactionUser
	err := a.view(ctx, func(o *act) error {
		if _, err := o.reactable(groupID, messageID); err != nil {
			return err
		}
		all, err := o.tx.Reactions().List(messageID)
		if err != nil {
			return err
		}
		out = []ReactionUser{}
		for _, r := range all {
			if r.EmojiID != emojiID {
				continue
			}
			u := ReactionUser{Reaction: r}
			if u.Account, err = o.tx.Accounts().Get(r.UserID); err != nil {
				u.Account = Account{ID: r.UserID, Sex: Unknown}
			}
			out = append(out, u)
		}
		return nil
	})
	return out, err
}

// AddReaction puts a member's emoji on a group message (the seed, world files); Time 0 is
// now.
func (u *Universe) AddReaction(r Reaction) error {
	if err := checkEmojiID("reaction emoji", r.EmojiID); err != nil {
		return err
	}
	m, err := u.o.tx.Messages().Get(r.MessageID)
	if err != nil {
		return fmt.Errorf("reaction: %w", err)
	}
	if m.Type != Grouped {
		return fmt.Errorf("reaction: message %d is not a group message: %w", r.MessageID, ErrInvalid)
	}
	if _, err := u.o.tx.Members().Get(m.GroupID, r.UserID); err != nil {
		return fmt.Errorf("reaction to message %d: %d is not a member of group %d: %w", r.MessageID, r.UserID, m.GroupID, ErrInvalid)
	}
	r.GroupID = m.GroupID
	if r.Time == 0 {
		r.Time = u.o.now
	}
	return u.o.tx.Reactions().Put(r)
}

// ReactionChanged: UserID put (On) or took back an emoji on a group message; Count is how many
// accounts reacted to it with that emoji right after. Every bot of the group sees it, the one
// that reacted included.
type ReactionChanged struct {
	Head
	GroupID, UserID int64
	MessageID       int32
	EmojiID         string
	On              bool
	Count           int32
}

func (c *ReactionChanged) audience(a *audience) error { return a.group(c.GroupID, false) }

// Render is NapCat's group_msg_emoji_like notice, the one most clients read.
func (c *ReactionChanged) Render(bot int64) (any, error) {
	return gen.GroupMsgEmojiLikeNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupMsgEmojiLikeNoticePostTypeNotice,
		NoticeType: gen.GroupMsgEmojiLikeNoticeNoticeTypeGroupMsgEmojiLike, GroupID: c.GroupID, UserID: c.UserID, MessageID: c.MessageID,
		Likes: []gen.EmojiLikeCount{{EmojiID: c.EmojiID, Count: c.Count}}, IsAdd: c.On}, nil
}
