package world

import (
	"cmp"
	"context"
	"slices"
)

// Robot number ranges (get_robot_uin_range): QQ reserves numbers for its own robot accounts
// (QQ 机器人, such as Q群管家 2854196310) and tells clients which. The world answers QQ's
// reserved range and, as a range of one, each account it declares one of QQ's robots
// (Account.OfficialBot) outside it.

// UinRange is the QQ numbers Min to Max, both included.
type UinRange struct{ Min, Max int64 }

// qqRobotRange is the range QQ reserves for its robot accounts.
var qqRobotRange = UinRange{Min: 2854196301, Max: 2854216399}

func (r UinRange) contains(id int64) bool { return id >= r.Min && id <= r.Max }

// RobotUinRanges are the ranges of QQ's robot numbers in this world, ascending.
func (a *Actor) RobotUinRanges(ctx context.Context) ([]UinRange, error) {
	out := []UinRange{qqRobotRange}
	err := a.view(ctx, func(o *act) error {
		accounts, err := o.tx.Accounts().All()
		if err != nil {
			return err
		}
		for _, acc := range accounts {
			if acc.OfficialBot && !qqRobotRange.contains(acc.ID) {
				out = append(out, UinRange{Min: acc.ID, Max: acc.ID})
			}
		}
		return nil
	})
	slices.SortFunc(out, func(x, y UinRange) int { return cmp.Compare(x.Min, y.Min) })
	return out, err
}
