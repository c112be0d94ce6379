package world

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// MaxAnnouncementRunes is how long an announcement's text may be: QQ's group announcement
// editor stops at 600 characters.
const MaxAnnouncementRunes = 600

// Announcement is a group announcement (群公告), with the settings QQ's web API keeps for it.
type Announcement struct {
	ID       int64
	GroupID  int64
	SenderID int64
	Time     int64
	Content  string
	// Image is the stored file of its picture (`<sha256>.image`, as a message's image names
	// it), "" when it has none.
	Image string
	// Pinned keeps it at the top of the list (置顶).
	Pinned bool
	// ConfirmRequired asks every member to confirm they read it (需要确认).
	ConfirmRequired bool
	// ShowEditCard asks new members to edit their card (引导修改群名片).
	ShowEditCard bool
	// TipWindowType is how it is shown: 0 in a pop-up window (弹窗).
	TipWindowType int32
	// Type is the kind QQ's web API files it under (1: an ordinary announcement).
	Type int32
}

// AnnouncementStore keeps group announcements (群公告).
type AnnouncementStore interface {
	// Add stores an announcement, under its ID when not 0 (a world file's or the seed's),
	// else under a new one, and returns its id.
	Add(Announcement) (int64, error)
	// Get is one announcement of a group; ErrNotFound when the group has no such one.
	Get(groupID, id int64) (Announcement, error)
	Delete(groupID, id int64) error
	List(groupID int64) ([]Announcement, error)
}

// Announcements lists a group's announcements, oldest first.
func (a *Actor) Announcements(ctx context.Context, groupID int64) ([]Announcement, error) {
	var out []Announcement
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.Announcements().List(groupID)
		return err
	})
	return out, err
}

// Announce posts a group announcement (its GroupID, Content and settings; the sender and
// time are the actor's and now): QQ lets the owner and admins post, with up to
// MaxAnnouncementRunes characters. The image, when given, is stored as a message's image is.
func (a *Actor) Announce(ctx context.Context, n Announcement) (int64, error) {
	var id int64
	err := a.update(ctx, func(o *act) error {
		if _, err := o.as(n.GroupID, Admin); err != nil {
			return fmt.Errorf("only the owner and admins post announcements: %w", err)
		}
		if err := checkAnnouncement(n); err != nil {
			return err
		}
		if n.Image != "" {
			f, err := o.storedImage("image", n.Image)
			if err != nil {
				return err
			}
			n.Image = f.Name
		}
		n.ID, n.SenderID, n.Time = 0, o.self, o.now
		var err error
		if id, err = o.tx.Announcements().Add(n); err != nil {
			return err
		}
		n.ID = id
		o.record(&AnnouncementMade{Notice: n, OperatorID: o.self})
		return nil
	})
	return id, err
}

// Unannounce deletes a group announcement: QQ lets the owner and admins delete any.
func (a *Actor) Unannounce(ctx context.Context, groupID, id int64) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return fmt.Errorf("only the owner and admins delete announcements: %w", err)
		}
		n, err := o.tx.Announcements().Get(groupID, id)
		if err != nil {
			return fmt.Errorf("announcement %d of group %d: %w", id, groupID, err)
		}
		o.record(&AnnouncementDeleted{Notice: n, OperatorID: o.self})
		if err := o.tx.Announcements().Delete(groupID, id); err != nil {
			return err
		}
		return o.w.dropMedia(o.op) // its picture, unless something else refers to it
	})
}

func checkAnnouncement(n Announcement) error {
	if n.Content == "" {
		return fmt.Errorf("content: an announcement needs text: %w", ErrInvalid)
	}
	if l := utf8.RuneCountInString(n.Content); l > MaxAnnouncementRunes {
		return fmt.Errorf("content: %d characters, more than the %d an announcement may have: %w", l, MaxAnnouncementRunes, ErrInvalid)
	}
	return nil
}

// AddAnnouncement puts an announcement in a group (the seed, world files): its sender must
// be the group's owner or an admin; Time 0 is now.
func (u *Universe) AddAnnouncement(a Announcement) (int64, error) {
	m, err := u.o.tx.Members().Get(a.GroupID, a.SenderID)
	if err != nil || m.Role == Member {
		return 0, fmt.Errorf("announcement of group %d: its sender %d is not the owner or an admin: %w", a.GroupID, a.SenderID, ErrInvalid)
	}
	if err := checkAnnouncement(a); err != nil {
		return 0, fmt.Errorf("announcement of group %d: %w", a.GroupID, err)
	}
	if a.Time == 0 {
		a.Time = u.o.now
	}
	return u.o.tx.Announcements().Add(a)
}

// AnnouncementMade: OperatorID posted an announcement. QQ shows it in the group's
// announcement list; no family sends an event for it.
type AnnouncementMade struct {
	Head
	unseen
	Notice     Announcement
	OperatorID int64
}

// AnnouncementDeleted: OperatorID deleted an announcement. No family sends an event for it.
type AnnouncementDeleted struct {
	Head
	unseen
	Notice     Announcement
	OperatorID int64
}
