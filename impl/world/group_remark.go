package world

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// MaxGroupRemarkRunes is how long a remark for a group (群备注) may be on QQ: as long as a
// nickname or a friend's remark.
const MaxGroupRemarkRunes = 36

// SetGroupRemark sets the actor's own remark for a group it is in (群备注), seen only by
// itself (its group list shows it); an empty remark removes it. Nobody is told.
func (a *Actor) SetGroupRemark(ctx context.Context, groupID int64, remark string) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(remark); n > MaxGroupRemarkRunes {
			return fmt.Errorf("remark: %d characters, more than the %d a group remark may have: %w", n, MaxGroupRemarkRunes, ErrInvalid)
		}
		m, err := o.tx.Members().Get(groupID, o.self)
		if err != nil {
			return err
		}
		if m.GroupRemark == remark {
			return nil
		}
		m.GroupRemark = remark
		o.record(&GroupRemarkChanged{GroupID: groupID, UserID: o.self, Remark: remark})
		return o.tx.Members().Put(m)
	})
}
