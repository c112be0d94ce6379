package world_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// An offer between friends is listed both ways, answered once by its recipient or cancelled
// by its sender; its bytes are kept and named by URL once received.
func TestOnlineFiles(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	user, bot := w.As(10002), w.Bot(0)
	f, err := user.OfferOnlineFile(ctx, 10001, "notes.txt", []byte("在线文件内容"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != 4 || f.State != world.OnlineOffered || f.Size != int64(len("在线文件内容")) || w.OnlineFileURL(f) != "" {
		t.Fatalf("offered: %+v", f)
	}
	list, err := bot.OnlineFiles(ctx, 10002)
	if err != nil || len(list) != 4 || list[3].ID != f.ID {
		t.Fatalf("the bot's list with 10002: %+v %v", list, err)
	}
	got, err := bot.AnswerOnlineFile(ctx, 10002, f.ID, true)
	if err != nil || got.State != world.OnlineReceived {
		t.Fatalf("received: %+v %v", got, err)
	}
	if b, err := os.ReadFile(strings.TrimPrefix(w.OnlineFileURL(got), "file://")); err != nil || string(b) != "在线文件内容" {
		t.Errorf("the received bytes: %q %v", b, err)
	}
	for _, tt := range []struct {
		name string
		err  error
		want error
	}{
		{"answered twice", func() error { _, err := bot.AnswerOnlineFile(ctx, 10002, f.ID, false); return err }(), world.ErrInvalid},
		{"answer its own offer", func() error { _, err := bot.AnswerOnlineFile(ctx, 10002, 3, true); return err }(), world.ErrNotFound},
		{"cancel another's offer", bot.CancelOnlineFile(ctx, 10002, 1), world.ErrNotFound},
		{"unknown offer", bot.CancelOnlineFile(ctx, 10002, 99), world.ErrNotFound},
		{"to a stranger", func() error { _, err := bot.OfferOnlineFile(ctx, 10005, "a.txt", nil, 10); return err }(), world.ErrNotPermitted},
		{"a path for a name", func() error { _, err := bot.OfferOnlineFile(ctx, 10002, "../a.txt", nil, 10); return err }(), world.ErrInvalid},
		{"no size", func() error { _, err := bot.OfferOnlineFile(ctx, 10002, "a.txt", nil, 0); return err }(), world.ErrInvalid},
	} {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.err, tt.want)
		}
	}
	if got, err := bot.AnswerOnlineFile(ctx, 10002, 2, false); err != nil || got.State != world.OnlineRefused {
		t.Errorf("refused: %+v %v", got, err)
	}
	if err := bot.CancelOnlineFile(ctx, 10002, 3); err != nil {
		t.Errorf("cancel: %v", err)
	}
	list, _ = bot.OnlineFiles(ctx, 10002)
	var states []world.OnlineFileState
	for _, f := range list {
		states = append(states, f.State)
	}
	if want := []world.OnlineFileState{world.OnlineOffered, world.OnlineRefused, world.OnlineCancelled, world.OnlineReceived}; !slices.Equal(states, want) {
		t.Errorf("states %v, want %v", states, want)
	}
}
