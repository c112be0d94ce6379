package world

import (
	"context"
	"fmt"
)

// MaxKickMembers bounds how many members one batch removal may name on the reference server
// (the families pass any list on to QQ).
const MaxKickMembers = 20

// KickMembers removes several members at once (批量踢人), each as Kick does (with its
// group_decrease notice); it is all or nothing: a member the actor may not remove refuses
// the whole batch, naming them. A number named twice is removed once.
func (a *Actor) KickMembers(ctx context.Context, groupID int64, userIDs []int64, block bool) error {
	if len(userIDs) == 0 {
		return fmt.Errorf("user_id: no member to remove: %w", ErrInvalid)
	}
	if len(userIDs) > MaxKickMembers {
		return fmt.Errorf("user_id: %d members, more than the %d one removal may name: %w", len(userIDs), MaxKickMembers, ErrInvalid)
	}
	return a.update(ctx, func(o *act) error {
		seen := make(map[int64]bool, len(userIDs))
		for _, id := range userIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			if err := o.kick(groupID, id, block); err != nil {
				return err
			}
		}
		return nil
	})
}
