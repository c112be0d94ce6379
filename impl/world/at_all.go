package world

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/impl/cqcode"
)

// @全体成员 (at all) has a daily quota on QQ: the owner and admins of a group share
// AtAllPerGroupDay mentions a day, and each of them may spend at most AtAllPerMemberDay of
// them; plain members may not mention everyone. Days are China's (UTC+8), as QQ counts them.
const (
	AtAllPerGroupDay  = 10
	AtAllPerMemberDay = 10
)

// AtAllStore counts the @全体成员 mentions spent per group, account and day.
type AtAllStore interface {
	// Spent is how many mentions the group's members spent on day, in all and by userID.
	Spent(groupID, userID, day int64) (group, member int, err error)
	Spend(groupID, userID, day int64) error
}

// AtAllRemain is what is left of a group's @全体成员 quota today, for the group and for the
// account asking, and whether the account may mention everyone now.
type AtAllRemain struct {
	CanAtAll        bool
	ForGroup, ForMe int
}

// chinaDay is the day (counted from the epoch, in UTC+8) of a Unix time.
func chinaDay(unix int64) int64 { return (unix + 8*3600) / 86400 }

// AtAllRemain is the actor's @全体成员 quota left today in a group it is in.
func (a *Actor) AtAllRemain(ctx context.Context, groupID int64) (AtAllRemain, error) {
	var out AtAllRemain
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		me, err := o.tx.Members().Get(groupID, o.self)
		if err != nil {
			return err
		}
		group, mine, err := o.tx.AtAll().Spent(groupID, o.self, chinaDay(o.now))
		if err != nil {
			return err
		}
		out = AtAllRemain{ForGroup: AtAllPerGroupDay - group, ForMe: min(AtAllPerMemberDay-mine, AtAllPerGroupDay-group)}
		out.CanAtAll = me.Role != Member && out.ForMe > 0
		return nil
	})
	return out, err
}

// spendAtAll checks a group message's @全体成员 against QQ's rules and spends one of the
// day's quota for it: the group send path calls it once the sender may speak.
func spendAtAll(o *op, sender Membership, segs []cqcode.Segment) error {
	if !mentionsAll(segs) {
		return nil
	}
	if sender.Role == Member {
		return fmt.Errorf("%d is a plain member of group %d: only the owner and admins may @全体成员: %w", sender.UserID, sender.GroupID, ErrNotPermitted)
	}
	day := chinaDay(o.now)
	group, mine, err := o.tx.AtAll().Spent(sender.GroupID, sender.UserID, day)
	if err != nil {
		return err
	}
	switch {
	case group >= AtAllPerGroupDay:
		return fmt.Errorf("group %d has spent today's %d @全体成员: %w", sender.GroupID, AtAllPerGroupDay, ErrNotPermitted)
	case mine >= AtAllPerMemberDay:
		return fmt.Errorf("%d has spent its %d @全体成员 of today in group %d: %w", sender.UserID, AtAllPerMemberDay, sender.GroupID, ErrNotPermitted)
	}
	return o.tx.AtAll().Spend(sender.GroupID, sender.UserID, day)
}

// mentionsAll says whether a message mentions everyone ([CQ:at,qq=all]).
func mentionsAll(segs []cqcode.Segment) bool {
	for _, s := range segs {
		if s.Type == "at" && s.Data.Text("qq") == "all" {
			return true
		}
	}
	return false
}
