package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// Online status: the statuses QQ takes, invisible read as offline by others, online by
// default; other clients logging in and out tell the bot.
func TestPresence(t *testing.T) {
	ctx := context.Background()
	var got []world.Change
	w, _ := seeded(t, world.Options{OnChange: func(c []world.Change) { got = append(got, c...) }})
	for _, tt := range []struct {
		name                 string
		status, ext, battery int32
		want                 error
		self, other          int32
	}{
		{"offline is not set but logged out", world.StatusOffline, 0, 100, world.ErrInvalid, 0, 0},
		{"a battery above 100", world.StatusBusy, 0, 101, world.ErrInvalid, 0, 0},
		{"busy", world.StatusBusy, 0, 90, nil, world.StatusBusy, world.StatusBusy},
		{"invisible", world.StatusInvisible, 0, 90, nil, world.StatusInvisible, world.StatusOffline},
	} {
		err := w.As(10002).SetPresence(ctx, tt.status, tt.ext, tt.battery)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if err != nil {
			continue
		}
		self, _ := w.As(10002).Presence(ctx, 10002)
		other, _ := w.Bot(10001).Presence(ctx, 10002)
		if self.Status != tt.self || other.Status != tt.other {
			t.Errorf("%s: reads %d itself, %d by the bot; want %d, %d", tt.name, self.Status, other.Status, tt.self, tt.other)
		}
	}
	if p, err := w.Bot(10001).Presence(ctx, 10004); err != nil || p.Status != world.StatusOnline {
		t.Errorf("an account that never set a status reads %+v, %v; want online", p, err)
	}

	got = nil
	bot := w.Bot(10001)
	if err := bot.SetDevice(ctx, world.Device{AppID: 7, Name: "电脑", Kind: "Windows"}, true); err != nil {
		t.Fatal(err)
	}
	c := last[*world.DeviceChanged](t, got)
	if ev, err := c.Render(10001); err != nil || !ev.(gen.ClientStatusNotice).Online || *ev.(gen.ClientStatusNotice).Client.AppID != 7 {
		t.Errorf("the login rendered %+v, %v", ev, err)
	}
	if devices, _ := bot.Devices(ctx); len(devices) != 2 {
		t.Errorf("the bot's clients: %+v; want the seed's iPad and the PC", devices)
	}
	if err := bot.SetDevice(ctx, world.Device{AppID: 7}, false); err != nil {
		t.Fatal(err)
	}
	if err := bot.SetDevice(ctx, world.Device{AppID: 7}, false); !errors.Is(err, world.ErrNotFound) {
		t.Errorf("logging out a client not online: %v", err)
	}
}
