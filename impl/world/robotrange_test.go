package world_test

import (
	"context"
	"slices"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// QQ's reserved robot range always; each robot account the world declares outside it as a range
// of its own, in order; an ordinary account or a robot inside the range adds nothing.
func TestRobotUinRanges(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	reserved := world.UinRange{Min: 2854196301, Max: 2854216399}
	for _, tt := range []struct {
		name    string
		account world.Account
		want    []world.UinRange
	}{
		{"the default world", world.Account{}, []world.UinRange{reserved}},
		{"an ordinary account", world.Account{ID: 30001, Nickname: "路人"}, []world.UinRange{reserved}},
		{"a robot inside the range", world.Account{ID: 2854196310, Nickname: "Q群管家", OfficialBot: true}, []world.UinRange{reserved}},
		{"a robot below it", world.Account{ID: 30002, Nickname: "小冰", OfficialBot: true}, []world.UinRange{{Min: 30002, Max: 30002}, reserved}},
		{"a robot above it", world.Account{ID: 3889000001, Nickname: "QQ 机器人", OfficialBot: true},
			[]world.UinRange{{Min: 30002, Max: 30002}, reserved, {Min: 3889000001, Max: 3889000001}}},
	} {
		if tt.account.ID != 0 {
			if err := w.CreateAccount(ctx, tt.account); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
		}
		got, err := w.Bot(10001).RobotUinRanges(ctx)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}
