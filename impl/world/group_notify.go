package world

import (
	"context"
	"fmt"
)

// NotifyState is where a group request stands in QQ's group system messages (群系统消息).
type NotifyState string

const (
	NotifyPending  NotifyState = "pending"
	NotifyApproved NotifyState = "approved"
	NotifyRefused  NotifyState = "refused"
)

// GroupNotify is a join request or an invitation as QQ's group system messages keep it: the
// request as it came, and how it was handled (by whom), after it is no longer pending.
type GroupNotify struct {
	// ID numbers the system messages in the order they came (NapCat's request_id).
	ID int64
	GroupRequest
	State      NotifyState
	OperatorID int64
}

// GroupNotifyStore keeps the group system messages: every join request and invitation,
// pending or handled.
type GroupNotifyStore interface {
	// Received notes a new request, pending.
	Received(GroupRequest) error
	// Handled notes how a request was handled and by whom.
	Handled(flag string, state NotifyState, operatorID int64) error
	// All lists every system message, newest first.
	All() ([]GroupNotify, error)
}

// GroupNotifyView is a system message with the names the client shows with it, read now.
type GroupNotifyView struct {
	GroupNotify
	GroupName, RequesterNick string
}

// GroupSystemMessages lists the actor's group system messages (获取群系统消息), newest first,
// at most count (0: all): join requests to groups it owns or administers now, and invitations
// for it, pending or handled.
func (a *Actor) GroupSystemMessages(ctx context.Context, count int) ([]GroupNotifyView, error) {
	var out []GroupNotifyView
	err := a.view(ctx, func(o *act) error {
		all, err := o.tx.GroupNotifies().All()
		if err != nil {
			return err
		}
		out = nil // a view may run twice
		for _, n := range all {
			if count > 0 && len(out) == count {
				break
			}
			switch n.Kind {
			case AddRequest:
				if m, err := o.tx.Members().Get(n.GroupID, o.self); err != nil || m.Role == Member {
					continue
				}
			case Invitation:
				if n.TargetID != o.self {
					continue
				}
			}
			v := GroupNotifyView{GroupNotify: n, RequesterNick: fmt.Sprint(n.UserID)}
			if g, err := o.tx.Groups().Get(n.GroupID); err == nil {
				v.GroupName = g.Name
			}
			if acc, err := o.tx.Accounts().Get(n.UserID); err == nil {
				v.RequesterNick = acc.Nickname
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}
