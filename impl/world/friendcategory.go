package world

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// Friend categories (好友分组): each account sorts its friends into categories of its own.
// Category 0, 我的好友, always exists; a friend not put anywhere else is in it. Accounts
// declare further categories (the seed, world files); moving a friend is the owner's alone
// (set_friend_category), and QQ tells no one.

// DefaultCategory is the category every friend starts in.
const (
	DefaultCategory     int32 = 0
	defaultCategoryName       = "我的好友"
	maxCategoryRunes          = 16 // QQ's limit on a category name
)

// FriendCategory is one of an account's friend categories.
type FriendCategory struct {
	OwnerID int64
	ID      int32
	Name    string
	// Sort orders the categories in the owner's list.
	Sort int32
}

// FriendCategoryStore keeps accounts' own friend categories (not the default one) and which
// category each friend is in (friends absent are in the default one).
type FriendCategoryStore interface {
	// List is owner's categories beyond the default one, by Sort then id.
	List(owner int64) ([]FriendCategory, error)
	Put(FriendCategory) error
	// Of is the category each of owner's friends was put in (absent: the default).
	Of(owner int64) (map[int64]int32, error)
	// Assign puts friend in category (DefaultCategory forgets the assignment).
	Assign(owner, friend int64, category int32) error
}

// CategoryView is a category with the friends in it, in id order.
type CategoryView struct {
	FriendCategory
	Friends []Friend
}

// categories are owner's categories, the default one first.
func categories(tx Tx, owner int64) ([]FriendCategory, error) {
	own, err := tx.FriendCategories().List(owner)
	if err != nil {
		return nil, err
	}
	return append([]FriendCategory{{OwnerID: owner, ID: DefaultCategory, Name: defaultCategoryName}}, own...), nil
}

// FriendsByCategory lists the actor's categories with its friends in each.
func (a *Actor) FriendsByCategory(ctx context.Context) ([]CategoryView, error) {
	var out []CategoryView
	err := a.view(ctx, func(o *act) error {
		out = nil
		cats, err := categories(o.tx, o.self)
		if err != nil {
			return err
		}
		of, err := o.tx.FriendCategories().Of(o.self)
		if err != nil {
			return err
		}
		friends, err := o.tx.Friends().List(o.self)
		if err != nil {
			return err
		}
		index := map[int32]int{}
		for i, c := range cats {
			index[c.ID] = i
			out = append(out, CategoryView{FriendCategory: c, Friends: []Friend{}})
		}
		for _, f := range friends {
			i, ok := index[of[f.ID]]
			if !ok {
				i = index[DefaultCategory] // a category since gone
			}
			out[i].Friends = append(out[i].Friends, f)
		}
		return nil
	})
	return out, err
}

// SetFriendCategory moves one of the actor's friends into one of its categories.
func (a *Actor) SetFriendCategory(ctx context.Context, userID int64, category int32) error {
	return a.update(ctx, func(o *act) error {
		if _, ok, err := o.tx.Friends().Remark(o.self, userID); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("user %d is not a friend of %s: %w", userID, o.who(), ErrNotFound)
		}
		cats, err := categories(o.tx, o.self)
		if err != nil {
			return err
		}
		found := false
		for _, c := range cats {
			found = found || c.ID == category
		}
		if !found {
			return fmt.Errorf("friend category %d: %s has no such category: %w", category, o.who(), ErrNotFound)
		}
		o.record(&FriendCategoryChanged{OwnerID: o.self, UserID: userID, CategoryID: category})
		return o.tx.FriendCategories().Assign(o.self, userID, category)
	})
}

// AddFriendCategory declares one of owner's categories (the seed, world files).
func (u *Universe) AddFriendCategory(c FriendCategory) error {
	if _, err := u.o.tx.Accounts().Get(c.OwnerID); err != nil {
		return err
	}
	if c.ID <= DefaultCategory {
		return fmt.Errorf("friend category %d of %d: ids above 0 (0 is %s): %w", c.ID, c.OwnerID, defaultCategoryName, ErrInvalid)
	}
	if n := utf8.RuneCountInString(c.Name); n < 1 || n > maxCategoryRunes {
		return fmt.Errorf("friend category %d of %d: a name of %d characters; QQ takes 1 to %d: %w", c.ID, c.OwnerID, n, maxCategoryRunes, ErrInvalid)
	}
	return u.o.tx.FriendCategories().Put(c)
}

// PutInCategory puts one of owner's friends in one of its categories (the seed, world files).
func (u *Universe) PutInCategory(owner, friend int64, category int32) error {
	if _, ok, err := u.o.tx.Friends().Remark(owner, friend); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("friend category of %d: %d is not a friend of %d: %w", friend, friend, owner, ErrInvalid)
	}
	return u.o.tx.FriendCategories().Assign(owner, friend, category)
}

// FriendCategoryChanged: OwnerID moved its friend UserID into CategoryID. QQ tells no one.
type FriendCategoryChanged struct {
	Head
	unseen
	OwnerID, UserID int64
	CategoryID      int32
}
