package world

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// RequestKind is a group request's kind: someone asks to join (AddRequest) or a member invites
// an account (Invitation).
type RequestKind string

const (
	AddRequest RequestKind = "add"
	Invitation RequestKind = "invite"
)

// GroupRequest is a pending join request (AddRequest: UserID asks to join GroupID) or
// invitation (Invitation: UserID, a member, invites TargetID into GroupID).
type GroupRequest struct {
	Flag     string
	Kind     RequestKind
	GroupID  int64
	UserID   int64
	TargetID int64
	Comment  string
	Time     int64
}

// GroupRequestStore keeps pending join requests and invitations by flag.
type GroupRequestStore interface {
	Get(flag string) (GroupRequest, error)
	Put(GroupRequest) error
	Delete(flag string) error
	All() ([]GroupRequest, error)
}

// AnswerGroupRequest approves or rejects a join request to a group the actor administers, or an
// invitation of the actor. kind, when not empty, must match the request's.
func (a *Actor) AnswerGroupRequest(ctx context.Context, flag string, kind RequestKind, approve bool) error {
	return a.update(ctx, func(o *act) error {
		r, err := o.tx.GroupRequests().Get(flag)
		if err != nil {
			return err
		}
		if kind != "" && kind != r.Kind {
			return fmt.Errorf("group request %q is of sub_type %q, not %q: %w", flag, r.Kind, kind, ErrInvalid)
		}
		joiner := r.UserID
		switch r.Kind {
		case AddRequest:
			if _, err := o.as(r.GroupID, Admin); err != nil {
				return err
			}
		case Invitation:
			if r.TargetID != o.self {
				return fmt.Errorf("invitation %q is for %d, not for %d: %w", flag, r.TargetID, o.self, ErrNotFound)
			}
			joiner = o.self
		}
		if err := o.tx.GroupRequests().Delete(flag); err != nil {
			return err
		}
		o.record(&RequestAnswered{Flag: flag, GroupID: r.GroupID, UserID: r.UserID, OperatorID: o.self})
		if err := o.tx.GroupNotifies().Handled(flag, map[bool]NotifyState{true: NotifyApproved, false: NotifyRefused}[approve], o.self); err != nil {
			return err
		}
		if !approve {
			return nil
		}
		if _, err := o.tx.Groups().Get(r.GroupID); err != nil {
			return fmt.Errorf("the request's group: %w", err)
		}
		return join(o.op, r.GroupID, joiner, r.UserID)
	})
}

// JoinRequested: Request.UserID asks to join Request.GroupID. The group's owner and admins
// that are bots see it.
type JoinRequested struct {
	Head
	Request GroupRequest
}

func (c *JoinRequested) audience(a *audience) error { return a.group(c.Request.GroupID, true) }

func (c *JoinRequested) Render(bot int64) (any, error) {
	return groupRequestEvent(c.Head, bot, gen.GroupRequestEventSubTypeAdd, c.Request), nil
}

// Invited: Request.UserID invites Request.TargetID into Request.GroupID; the invited bot sees
// it.
type Invited struct {
	Head
	Request GroupRequest
}

func (c *Invited) audience(a *audience) error {
	a.bot(c.Request.TargetID)
	return nil
}

func (c *Invited) Render(bot int64) (any, error) {
	return groupRequestEvent(c.Head, bot, gen.GroupRequestEventSubTypeInvite, c.Request), nil
}

func groupRequestEvent(h Head, bot int64, sub gen.GroupRequestEventSubType, r GroupRequest) gen.GroupRequestEvent {
	return gen.GroupRequestEvent{Time: h.Time, SelfID: bot, PostType: gen.GroupRequestEventPostTypeRequest,
		RequestType: gen.GroupRequestEventRequestTypeGroup, SubType: sub, GroupID: r.GroupID, UserID: r.UserID,
		Comment: r.Comment, Flag: r.Flag}
}

// RequestAnswered: OperatorID answered the friend request (GroupID 0) or group request Flag of
// UserID. No event: the asker is told by what follows (FriendAdded, MemberJoined).
type RequestAnswered struct {
	Head
	unseen
	Flag                        string
	GroupID, UserID, OperatorID int64
}

// RequestJoin asks to join a group the account is not in and returns the request's flag.
func (a *Actor) RequestJoin(ctx context.Context, groupID int64, comment string) (string, error) {
	var flag string
	err := a.update(ctx, func(o *act) error {
		flag = fmt.Sprintf("join-%d-%d", groupID, o.self)
		if _, err := o.tx.Members().Get(groupID, o.self); err == nil {
			return fmt.Errorf("%d is already a member of group %d: %w", o.self, groupID, ErrInvalid)
		}
		u := Universe{o: o.op, w: o.w}
		r := GroupRequest{Flag: flag, Kind: AddRequest, GroupID: groupID, UserID: o.self, Comment: comment}
		if err := u.AddGroupRequest(r); err != nil {
			return err
		}
		o.record(&JoinRequested{Request: r})
		return nil
	})
	return flag, err
}

// Invite invites account target into a group the account is in and returns the flag.
func (a *Actor) Invite(ctx context.Context, groupID, target int64) (string, error) {
	var flag string
	err := a.update(ctx, func(o *act) error {
		flag = fmt.Sprintf("invite-%d-%d-%d", groupID, o.self, target)
		if _, err := o.in(groupID); err != nil {
			return err
		}
		if _, err := o.tx.Members().Get(groupID, target); err == nil {
			return fmt.Errorf("%d is already a member of group %d: %w", target, groupID, ErrInvalid)
		}
		u := Universe{o: o.op, w: o.w}
		r := GroupRequest{Flag: flag, Kind: Invitation, GroupID: groupID, UserID: o.self, TargetID: target}
		if err := u.AddGroupRequest(r); err != nil {
			return err
		}
		o.record(&Invited{Request: r})
		return nil
	})
	return flag, err
}
