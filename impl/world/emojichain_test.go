package world_test

import (
	"context"
	"errors"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// An emoji chain sends the face to the message's conversation, which must be the one named.
func TestJoinEmojiChain(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{})
	for _, tt := range []struct {
		name          string
		group, user   int64
		message       int32
		want          error
		wantType      world.MessageType
		wantGroup     int64
		wantRecipient int64
	}{
		{"in the message's group", 20001, 0, 1001, nil, world.Grouped, 20001, 0},
		{"in the private chat", 0, 10002, 1002, nil, world.Private, 0, 10002},
		{"another group", 20002, 0, 1001, world.ErrNotFound, "", 0, 0},
		{"another chat", 0, 10003, 1002, world.ErrNotFound, "", 0, 0},
		{"a group message named as private", 0, 10002, 1001, world.ErrNotFound, "", 0, 0},
		{"no such message", 20001, 0, 9999, world.ErrNotFound, "", 0, 0},
	} {
		id, err := w.Bot(0).JoinEmojiChain(ctx, tt.group, tt.user, tt.message, 14)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if tt.want != nil {
			continue
		}
		m, err := w.Bot(0).Message(ctx, id)
		if err != nil || m.Type != tt.wantType || m.GroupID != tt.wantGroup || m.PeerID != tt.wantRecipient || len(m.Segments) != 1 ||
			m.Segments[0].Type != "face" || m.Segments[0].Data.Text("id") != "14" {
			t.Errorf("%s: sent %+v, %v", tt.name, m, err)
		}
	}
}
