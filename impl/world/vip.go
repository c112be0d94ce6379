package world

import (
	"context"
	"fmt"
	"strconv"
)

// VIP (QQ 会员): an account's VIP kind and level, with its growth, as the world declares it
// (the seed, world files); _get_vip_info reads it. An account declared nothing is 普通用户.

// VIP kinds.
const (
	VIPNone  = ""
	VIPBasic = "VIP"
	VIPSuper = "SVIP" // 超级会员
)

const maxVIPLevel = 10

// VIP is UserID's VIP standing.
type VIP struct {
	UserID      int64
	Kind        string
	Level       int32
	GrowthSpeed int32
	GrowthTotal int32
	// LevelSpeed is how much faster the account's QQ level grows (1: no speed-up).
	LevelSpeed float64
}

// Name is how QQ writes the standing: 普通用户, VIP<n> or SVIP<n>.
func (v VIP) Name() string {
	if v.Kind == VIPNone {
		return "普通用户"
	}
	return v.Kind + strconv.Itoa(int(v.Level))
}

// VIPStore keeps the accounts' VIP standings.
type VIPStore interface {
	// Get is the account's standing; ok is false when none was declared.
	Get(userID int64) (v VIP, ok bool, err error)
	Put(VIP) error
}

// VIPInfo is an account and its VIP standing (普通用户 with no speed-up when none was declared).
func (a *Actor) VIPInfo(ctx context.Context, userID int64) (Account, VIP, error) {
	var acc Account
	var v VIP
	err := a.view(ctx, func(o *act) error {
		var err error
		if acc, err = o.tx.Accounts().Get(userID); err != nil {
			return err
		}
		var ok bool
		if v, ok, err = o.tx.VIPs().Get(userID); !ok && err == nil {
			v = VIP{UserID: userID, LevelSpeed: 1}
		}
		return err
	})
	return acc, v, err
}

// SetVIP declares an account's VIP standing (the seed, world files).
func (u *Universe) SetVIP(v VIP) error {
	if _, err := u.o.tx.Accounts().Get(v.UserID); err != nil {
		return err
	}
	switch {
	case v.Kind != VIPNone && v.Kind != VIPBasic && v.Kind != VIPSuper:
		return fmt.Errorf("vip of %d: kind %q; %q, %q or none: %w", v.UserID, v.Kind, VIPBasic, VIPSuper, ErrInvalid)
	case v.Kind != VIPNone && (v.Level < 1 || v.Level > maxVIPLevel):
		return fmt.Errorf("vip of %d: level %d; 1 to %d: %w", v.UserID, v.Level, maxVIPLevel, ErrInvalid)
	case v.GrowthSpeed < 0 || v.GrowthTotal < 0 || v.LevelSpeed < 1:
		return fmt.Errorf("vip of %d: growth cannot be negative, the level speed-up is at least 1: %w", v.UserID, ErrInvalid)
	}
	return u.o.tx.VIPs().Put(v)
}
