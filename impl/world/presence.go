package world

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/onespec/onespec/gen"
)

// Presence: an account's online status (在线状态, QQ NT's numbers, as NapCat and LLOneBot pass
// them) and the other clients (devices) logged in to it. An account with no status set is
// online; one set invisible reads as offline to everyone else. A bot learns when another of
// its own clients goes online or offline (go-cqhttp's client_status notice).

// QQ NT's online statuses.
const (
	StatusOnline    int32 = 10
	StatusOffline   int32 = 20
	StatusAway      int32 = 30
	StatusInvisible int32 = 40
	StatusBusy      int32 = 50
	StatusQMe       int32 = 60 // Q我吧
	StatusNoDisturb int32 = 70 // 请勿打扰
)

// settableStatuses are the statuses an account may set (offline is logging out).
var settableStatuses = []int32{StatusOnline, StatusAway, StatusInvisible, StatusBusy, StatusQMe, StatusNoDisturb}

const maxDeviceNameRunes = 64

// Presence is an account's online status: Status, its extension (ExtStatus: QQ's custom
// statuses such as 1028 听歌中, 0 for none) and the battery level it reports.
type Presence struct {
	UserID    int64
	Status    int32
	ExtStatus int32
	Battery   int32
	// Time is when it was set (0: never, the default online status).
	Time int64
}

// Device is another client logged in to an account (a phone, a tablet, a PC).
type Device struct {
	UserID int64
	AppID  int64
	Name   string
	Kind   string
}

// PresenceStore keeps accounts' online statuses and their other clients.
type PresenceStore interface {
	// Get is an account's status; ok is false when it never set one.
	Get(userID int64) (p Presence, ok bool, err error)
	Put(Presence) error
	// Devices are the account's other clients, by app id.
	Devices(userID int64) ([]Device, error)
	PutDevice(Device) error
	DeleteDevice(userID, appID int64) error
}

// presence is an account's status as viewer sees it: invisible reads as offline to others.
func presence(tx Tx, viewer, userID int64) (Presence, error) {
	p, ok, err := tx.Presence().Get(userID)
	if err != nil {
		return p, err
	}
	if !ok {
		p = Presence{UserID: userID, Status: StatusOnline, Battery: 100}
	}
	if p.Status == StatusInvisible && viewer != userID {
		p.Status, p.ExtStatus = StatusOffline, 0
	}
	return p, nil
}

// Presence is an account's online status as the actor sees it.
func (a *Actor) Presence(ctx context.Context, userID int64) (Presence, error) {
	var out Presence
	err := a.view(ctx, func(o *act) error {
		if _, err := o.tx.Accounts().Get(userID); err != nil {
			return err
		}
		var err error
		out, err = presence(o.tx, o.self, userID)
		return err
	})
	return out, err
}

// SetPresence sets the actor's own online status.
func (a *Actor) SetPresence(ctx context.Context, status, ext, battery int32) error {
	return a.update(ctx, func(o *act) error {
		if !slices.Contains(settableStatuses, status) {
			return fmt.Errorf("status %d: QQ takes %v (10 online, 30 away, 40 invisible, 50 busy, 60 Q我吧, 70 do not disturb): %w", status, settableStatuses, ErrInvalid)
		}
		if ext < 0 {
			return fmt.Errorf("ext_status %d: cannot be negative: %w", ext, ErrInvalid)
		}
		if battery < 0 || battery > 100 {
			return fmt.Errorf("battery_status %d: a level from 0 to 100: %w", battery, ErrInvalid)
		}
		p := Presence{UserID: o.self, Status: status, ExtStatus: ext, Battery: battery, Time: o.now}
		o.record(&PresenceChanged{Presence: p})
		return o.tx.Presence().Put(p)
	})
}

// Devices are the actor's other clients.
func (a *Actor) Devices(ctx context.Context) ([]Device, error) {
	var out []Device
	err := a.view(ctx, func(o *act) error {
		var err error
		out, err = o.tx.Presence().Devices(o.self)
		return err
	})
	return out, err
}

// SetDevice logs another client of the actor's account in (online) or out; the account, when
// a bot, is told (client_status).
func (a *Actor) SetDevice(ctx context.Context, d Device, online bool) error {
	return a.update(ctx, func(o *act) error {
		d.UserID = o.self
		if d.AppID <= 0 {
			return fmt.Errorf("app_id %d: a client's app id is positive: %w", d.AppID, ErrInvalid)
		}
		devices, err := o.tx.Presence().Devices(o.self)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(devices, func(x Device) bool { return x.AppID == d.AppID })
		if !online {
			if i < 0 {
				return fmt.Errorf("client %d of %d is not online: %w", d.AppID, o.self, ErrNotFound)
			}
			o.record(&DeviceChanged{Device: devices[i], Online: false})
			return o.tx.Presence().DeleteDevice(o.self, d.AppID)
		}
		if n := utf8.RuneCountInString(d.Name); n < 1 || n > maxDeviceNameRunes {
			return fmt.Errorf("device_name: %d characters; 1 to %d: %w", n, maxDeviceNameRunes, ErrInvalid)
		}
		o.record(&DeviceChanged{Device: d, Online: true})
		return o.tx.Presence().PutDevice(d)
	})
}

// AddDevice declares another client logged in to an account (the seed, world files).
func (u *Universe) AddDevice(d Device) error {
	if _, err := u.o.tx.Accounts().Get(d.UserID); err != nil {
		return err
	}
	if d.AppID <= 0 || d.Name == "" {
		return fmt.Errorf("client of %d: an app id and a name: %w", d.UserID, ErrInvalid)
	}
	return u.o.tx.Presence().PutDevice(d)
}

// PresenceChanged: an account set its online status. OneBot v11 and the families send no event
// for it; friends see it on their next read.
type PresenceChanged struct {
	Head
	unseen
	Presence Presence
}

// DeviceChanged: another client of Device.UserID went online or offline; the account, when a
// bot, is told (go-cqhttp's client_status).
type DeviceChanged struct {
	Head
	Device Device
	Online bool
}

func (c *DeviceChanged) audience(a *audience) error {
	a.bot(c.Device.UserID)
	return nil
}

func (c *DeviceChanged) Render(bot int64) (any, error) {
	d := c.Device
	return gen.ClientStatusNotice{Time: c.Time, SelfID: bot, PostType: gen.ClientStatusNoticePostTypeNotice, NoticeType: gen.ClientStatusNoticeNoticeTypeClientStatus,
		Client: gen.ClientStatusNoticeClient{AppID: &d.AppID, DeviceName: &d.Name, DeviceKind: &d.Kind}, Online: c.Online}, nil
}

// SetPresence sets an account's online status (the seed, world files).
func (u *Universe) SetPresence(userID int64, status, ext, battery int32) error {
	if _, err := u.o.tx.Accounts().Get(userID); err != nil {
		return err
	}
	if !slices.Contains(settableStatuses, status) || battery < 0 || battery > 100 {
		return fmt.Errorf("status of %d: %d (battery %d) is not a status QQ takes: %w", userID, status, battery, ErrInvalid)
	}
	return u.o.tx.Presence().Put(Presence{UserID: userID, Status: status, ExtStatus: ext, Battery: battery, Time: u.o.now})
}
