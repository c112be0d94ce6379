package world

import (
	"context"
)

// HonorType is one of QQ's group honors.
type HonorType string

const (
	Talkative    HonorType = "talkative"
	Performer    HonorType = "performer"
	Legend       HonorType = "legend"
	StrongNewbie HonorType = "strong_newbie"
	Emotion      HonorType = "emotion"
)

// HonorTypes lists every honor type, in QQ's order.
var HonorTypes = []HonorType{Talkative, Performer, Legend, StrongNewbie, Emotion}

func (h HonorType) valid() bool {
	for _, t := range HonorTypes {
		if h == t {
			return true
		}
	}
	return false
}

// Honor is one holder of a group honor.
type Honor struct {
	Type        HonorType
	UserID      int64
	Description string
	DayCount    int32
}

// HonorStore keeps each group's honors (the current talkative is the group's own).
type HonorStore interface {
	List(groupID int64) ([]Honor, error)
	Put(groupID int64, honors []Honor) error
}

// Honors returns a group's honors and its current talkative.
func (a *Actor) Honors(ctx context.Context, groupID int64) ([]Honor, *Honor, error) {
	var honors []Honor
	var talkative *Honor
	err := a.view(ctx, func(o *act) error {
		g, err := o.in(groupID)
		if err != nil {
			return err
		}
		talkative = g.Talkative
		honors, err = o.tx.Honors().List(groupID)
		return err
	})
	return honors, talkative, err
}

func talkativeOrNone(h *Honor) []Honor {
	if h == nil {
		return nil
	}
	t := *h
	t.Type = Talkative
	return []Honor{t}
}
