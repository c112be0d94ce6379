package world_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// Announcements: who may post and delete, QQ's length limit, the picture stored as a
// message's image, and the list's order (pinned first).
func TestAnnouncements(t *testing.T) {
	ctx := context.Background()
	media, err := world.NewMediaStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w, _ := seeded(t, world.Options{Media: media})
	png := "base64://iVBORw0KGgo="
	var pictured int64 // the announcement with a picture, and where its bytes are
	var picture string
	for _, tt := range []struct {
		name  string
		actor int64
		n     world.Announcement
		want  error
	}{
		{"a plain member may not post", 10003, world.Announcement{GroupID: 20001, Content: "通知"}, world.ErrNotPermitted},
		{"not a member", 10004, world.Announcement{GroupID: 20001, Content: "通知"}, world.ErrNotFound},
		{"empty text", 10002, world.Announcement{GroupID: 20001}, world.ErrInvalid},
		{"longer than QQ allows", 10002, world.Announcement{GroupID: 20001, Content: strings.Repeat("字", world.MaxAnnouncementRunes+1)}, world.ErrInvalid},
		{"as long as QQ allows", 10002, world.Announcement{GroupID: 20001, Content: strings.Repeat("字", world.MaxAnnouncementRunes)}, nil},
		{"a picture that is no image", 10002, world.Announcement{GroupID: 20001, Content: "看图", Image: "nosuch.png"}, world.ErrInvalid},
		{"an admin posts a pinned one with a picture", 10002, world.Announcement{GroupID: 20001, Content: "看图", Image: png, Pinned: true, ConfirmRequired: true}, nil},
	} {
		id, err := w.As(tt.actor).Announce(ctx, tt.n)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if err != nil {
			continue
		}
		list, err := w.Bot(0).Announcements(ctx, 20001)
		if err != nil {
			t.Fatal(err)
		}
		i := slicesIndex(list, id)
		if i < 0 {
			t.Fatalf("%s: %d not listed in %+v", tt.name, id, list)
		}
		got := list[i]
		if got.SenderID != tt.actor || got.Content != tt.n.Content || got.Pinned != tt.n.Pinned || got.ConfirmRequired != tt.n.ConfirmRequired {
			t.Errorf("%s: listed %+v", tt.name, got)
		}
		if tt.n.Image != "" {
			hash, ok := strings.CutSuffix(got.Image, ".image")
			if _, err := os.Stat(media.Path(hash)); !ok || err != nil {
				t.Errorf("%s: picture stored as %q: %v", tt.name, got.Image, err)
			}
			pictured = id
			picture = media.Path(hash)
		}
	}
	list, _ := w.Bot(0).Announcements(ctx, 20001)
	for i, a := range list {
		if i > 0 && a.Pinned && !list[i-1].Pinned {
			t.Errorf("a pinned announcement after an unpinned one: %+v", list)
		}
	}

	for _, tt := range []struct {
		name      string
		actor, id int64
		want      error
	}{
		{"a plain member may not delete", 10003, 5002, world.ErrNotPermitted},
		{"the owner deletes an admin's", 10001, 5002, nil},
		{"deleted already", 10001, 5002, world.ErrNotFound},
		{"an admin deletes the owner's", 10002, 5001, nil},
		{"deleting the one with a picture", 10001, -1, nil},
	} {
		if tt.id == -1 {
			tt.id = pictured
		}
		err := w.As(tt.actor).Unannounce(ctx, 20001, tt.id)
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if list, _ := w.Bot(0).Announcements(ctx, 20001); err == nil && slicesIndex(list, tt.id) >= 0 {
			t.Errorf("%s: %d still listed", tt.name, tt.id)
		}
	}
	// The picture went with its announcement: nothing else refers to it.
	if _, err := os.Stat(picture); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the deleted announcement's picture %s: %v", picture, err)
	}
}

func slicesIndex(list []world.Announcement, id int64) int {
	for i, a := range list {
		if a.ID == id {
			return i
		}
	}
	return -1
}
