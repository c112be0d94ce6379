package world

import (
	"context"
	"fmt"
)

// Announcement is a group announcement (群公告).
type Announcement struct {
	ID       int64
	GroupID  int64
	SenderID int64
	Time     int64
	Content  string
}

// AnnouncementStore keeps group announcements (群公告).
type AnnouncementStore interface {
	// Add stores an announcement, under its ID when not 0 (a world file's or the seed's),
	// else under a new one, and returns its id.
	Add(Announcement) (int64, error)
	List(groupID int64) ([]Announcement, error)
}

// Announcements lists a group's announcements.
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

// Announce posts a group announcement; admins only.
func (a *Actor) Announce(ctx context.Context, groupID int64, content string) (int64, error) {
	var id int64
	err := a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if content == "" {
			return fmt.Errorf("an announcement needs content: %w", ErrInvalid)
		}
		var err error
		id, err = o.tx.Announcements().Add(Announcement{GroupID: groupID, SenderID: o.self, Time: o.now, Content: content})
		o.record(&AnnouncementMade{GroupID: groupID, OperatorID: o.self})
		return err
	})
	return id, err
}

// AddAnnouncement puts an announcement in a group (the seed, world files): its sender must
// be a member; Time 0 is now.
func (u *Universe) AddAnnouncement(a Announcement) (int64, error) {
	if _, err := u.o.tx.Members().Get(a.GroupID, a.SenderID); err != nil {
		return 0, fmt.Errorf("announcement of group %d: its sender %d is not a member: %w", a.GroupID, a.SenderID, ErrInvalid)
	}
	if a.Content == "" {
		return 0, fmt.Errorf("announcement of group %d: an announcement needs content: %w", a.GroupID, ErrInvalid)
	}
	if a.Time == 0 {
		a.Time = u.o.now
	}
	return u.o.tx.Announcements().Add(a)
}

// AnnouncementMade: OperatorID posted an announcement. No event in OneBot v11.
type AnnouncementMade struct {
	Head
	unseen
	GroupID, OperatorID int64
}
