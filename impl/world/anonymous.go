package world

import (
	"context"
	"fmt"
)

// AnonymousStore keeps the anonymous flags seen in groups and their mutes.
type AnonymousStore interface {
	// Muted is the muted-until time of an anonymous flag seen in a group.
	Muted(groupID int64, flag string) (until int64, ok bool, err error)
	Put(groupID int64, flag string, until int64) error
}

// MuteAnonymous mutes an anonymous sender of a group by flag.
func (a *Actor) MuteAnonymous(ctx context.Context, groupID int64, flag string, seconds int64) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if seconds < 0 {
			return fmt.Errorf("mute duration %d s: %w", seconds, ErrInvalid)
		}
		if _, ok, err := o.tx.Anonymous().Muted(groupID, flag); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("anonymous flag %q in group %d: %w", flag, groupID, ErrNotFound)
		}
		return o.tx.Anonymous().Put(groupID, flag, o.now+seconds)
	})
}
