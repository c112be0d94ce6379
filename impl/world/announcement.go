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
	// Add stores an announcement and returns its id.
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

// AnnouncementMade: OperatorID posted an announcement. No event in OneBot v11.
type AnnouncementMade struct {
	Head
	unseen
	GroupID, OperatorID int64
}
