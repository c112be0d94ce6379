package world

import (
	"context"
	"fmt"
	"slices"
)

// Audience lists the bots that see a change, so the events layer can render it once per bot:
//   - a group's changes: the group's bot members, and a member who left or was removed when
//     that member is a bot (it is told it was kicked);
//   - a message: the bots of its group, or its private recipient when that is a bot, but never
//     its sender (the implementation does not report the bot's own messages to itself);
//   - a recall: as its message, but never the account that recalled it;
//   - a new friendship: both sides that are bots.
//
// Changes no bot sees have no audience. It is computed in the operation's own transaction, as
// the world stands when the change is made: a bot that joins a group later is not told what
// happened there before.
func audience(tx Tx, c Change) ([]int64, error) {
	var out []int64
	o := &op{tx: tx}
	err := func() error {
		isBot := func(id int64) (bool, error) {
			a, err := o.tx.Accounts().Get(id)
			if err != nil {
				return false, nil // an account that is gone is no bot
			}
			return a.Bot, nil
		}
		add := func(id int64, except ...int64) error {
			if id == 0 || slices.Contains(except, id) || slices.Contains(out, id) {
				return nil
			}
			bot, err := isBot(id)
			if bot {
				out = append(out, id)
			}
			return err
		}
		groupBots := func(groupID int64, except ...int64) error {
			members, err := o.tx.Members().List(groupID)
			if err != nil {
				return nil // a group that is gone has no audience left
			}
			for _, m := range members {
				if m.Account.Bot && !slices.Contains(except, m.UserID) && !slices.Contains(out, m.UserID) {
					out = append(out, m.UserID)
				}
			}
			return nil
		}
		switch c.Kind {
		case MessageCreated, MessageRecalled:
			// The change carries the message's group, sender (UserID) and private recipient
			// (TargetID): no need to read back what was just written.
			except := []int64{c.UserID}
			if c.Kind == MessageRecalled {
				except = []int64{c.OperatorID}
			}
			if c.GroupID != 0 {
				return groupBots(c.GroupID, except...)
			}
			if err := add(c.TargetID, except...); err != nil {
				return err
			}
			if c.Kind == MessageRecalled {
				return add(c.UserID, except...)
			}
			return nil
		case FriendAdded:
			if err := add(c.UserID); err != nil {
				return err
			}
			return add(c.OperatorID)
		case MemberLeft, MemberKicked:
			if err := groupBots(c.GroupID); err != nil {
				return err
			}
			return add(c.UserID)
		case MemberJoined, MemberMuted, AdminChanged, CardChanged, EssenceChanged:
			return groupBots(c.GroupID)
		case FriendRequested, Invited:
			return add(c.TargetID)
		case JoinRequested:
			// A join request goes to the group's owner and admins.
			members, err := o.tx.Members().List(c.GroupID)
			if err != nil {
				return nil
			}
			for _, m := range members {
				if m.Account.Bot && m.Role != Member {
					out = append(out, m.UserID)
				}
			}
			return nil
		case Poked:
			if c.GroupID != 0 {
				return groupBots(c.GroupID, c.UserID)
			}
			return add(c.TargetID, c.UserID)
		case FileUploaded:
			return groupBots(c.GroupID, c.UserID)
		}
		return nil
	}()
	return out, err
}

// Friends reports whether a and b are friends.
func (w *World) Friends(ctx context.Context, a, b int64) (bool, error) {
	var ok bool
	err := w.view(ctx, func(o *op) error {
		var err error
		_, ok, err = o.tx.Friends().Remark(a, b)
		return err
	})
	return ok, err
}

// MessageRecord is a stored message whoever may see it, recalled ones included, for the events
// layer (which has decided who sees it).
func (w *World) MessageRecord(ctx context.Context, id int32) (Message, error) {
	var m Message
	err := w.view(ctx, func(o *op) error {
		var err error
		m, err = o.tx.Messages().Get(id)
		return err
	})
	return m, err
}

// RequestComment is the comment of the pending request a change made (FriendRequested,
// JoinRequested, Invited; Detail is its flag); empty when it has been answered since.
func (w *World) RequestComment(ctx context.Context, c Change) (string, error) {
	var comment string
	err := w.view(ctx, func(o *op) error {
		if c.Kind == FriendRequested {
			if r, err := o.tx.FriendRequests().Get(c.Detail); err == nil {
				comment = r.Comment
			}
			return nil
		}
		if r, err := o.tx.GroupRequests().Get(c.Detail); err == nil {
			comment = r.Comment
		}
		return nil
	})
	return comment, err
}

// UploadedFile is a group file by id, as a FileUploaded change names it.
func (w *World) UploadedFile(ctx context.Context, groupID int64, id string) (GroupFile, error) {
	var out GroupFile
	err := w.view(ctx, func(o *op) error {
		files, err := o.tx.GroupFiles().List(groupID)
		if err != nil {
			return err
		}
		for _, f := range files {
			if f.ID == id {
				out = f
				return nil
			}
		}
		return fmt.Errorf("group %d has no file %q: %w", groupID, id, ErrNotFound)
	})
	return out, err
}

// MessageAsSent is a message with its sender as the events layer tells it: recalled or not
// (a message recalled before its event was rendered is still told, and then its recall), the
// sender's account, and for a group message the sender's membership if they are still a member.
func (w *World) MessageAsSent(ctx context.Context, id int32) (MessageView, error) {
	var out MessageView
	err := w.view(ctx, func(o *op) error {
		m, err := o.tx.Messages().Get(id)
		if err != nil {
			return err
		}
		out = o.messageView(m)
		return nil
	})
	return out, err
}
