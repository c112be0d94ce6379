package world

import "context"

// MutedMembers lists the members of a group the actor is in whose mute has not ended (禁言
// 列表), derived from their memberships: a mute read as over once passed is not listed.
func (a *Actor) MutedMembers(ctx context.Context, groupID int64) ([]MemberView, error) {
	var out []MemberView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		all, err := o.tx.Members().List(groupID)
		if err != nil {
			return err
		}
		out = nil // a view may run twice
		for _, m := range all {
			if m.MutedUntil > o.now {
				out = append(out, m)
			}
		}
		return nil
	})
	return out, err
}
