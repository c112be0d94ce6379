package world_test

import (
	"context"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/world"
)

// An account's rkeys are the same within a window, change with the next, differ between
// accounts and kinds, and are accepted for their window and the next only.
func TestRKeys(t *testing.T) {
	ctx := context.Background()
	clock := time.Unix(1_700_000_000, 0)
	w, _ := seeded(t, world.Options{Now: func() time.Time { return clock }})
	keys := func(id int64) []world.RKey {
		t.Helper()
		k, err := w.As(id).RKeys(ctx)
		if err != nil || len(k) != 2 {
			t.Fatalf("rkeys of %d: %+v %v", id, k, err)
		}
		return k
	}
	first := keys(10001)
	if first[0].Kind != world.PrivateRKey || first[1].Kind != world.GroupRKey || first[0].Value == first[1].Value {
		t.Errorf("the kinds: %+v", first)
	}
	if first[0].Created > clock.Unix() || first[0].Created+first[0].TTL <= clock.Unix() {
		t.Errorf("the window %d+%d does not hold now %d", first[0].Created, first[0].TTL, clock.Unix())
	}
	if other := keys(10002); other[0].Value == first[0].Value {
		t.Error("two accounts share an rkey")
	}
	valid := func(id int64, rkey string) bool {
		ok, err := w.As(id).ValidRKey(ctx, rkey)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	for _, tt := range []struct {
		name    string
		advance time.Duration
		id      int64
		rkey    string
		same    bool // keys(10001) unchanged
		want    bool
	}{
		{"its own key", 0, 10001, first[0].Value, true, true},
		{"without the prefix", 0, 10001, first[1].Value[len("&rkey="):], true, true},
		{"another account's", 0, 10002, first[0].Value, true, false},
		{"a wrong key", 0, 10001, "&rkey=CAQSnot-a-key", true, false},
		{"in the next window", world.RKeyTTL * time.Second, 10001, first[0].Value, false, true},
		{"two windows later", world.RKeyTTL * time.Second, 10001, first[0].Value, false, false},
	} {
		clock = clock.Add(tt.advance)
		if got := keys(10001)[0].Value == first[0].Value; got != tt.same {
			t.Errorf("%s: the key is the same: %v, want %v", tt.name, got, tt.same)
		}
		if got := valid(tt.id, tt.rkey); got != tt.want {
			t.Errorf("%s: valid %v, want %v", tt.name, got, tt.want)
		}
	}
}
