package world

import (
	"context"
	"fmt"
	"strings"
)

// Online files (在线文件) are files one account offers another directly, in a private chat:
// the recipient receives or refuses the offer, and the sender may cancel it while it is
// pending. The world keeps each offer with its state; its bytes, when given, go to the media
// storage (content-addressed) and the offer's file:// URL names them once received.

// OnlineFileState is where an offer stands.
type OnlineFileState string

const (
	OnlineOffered   OnlineFileState = "offered"
	OnlineReceived  OnlineFileState = "received"
	OnlineRefused   OnlineFileState = "refused"
	OnlineCancelled OnlineFileState = "cancelled"
)

// OnlineFile is one offer of a file from FromID to ToID.
type OnlineFile struct {
	// ID is the offer's message id (NapCat's msg_id; its element_id is the same number).
	ID           int32
	FromID, ToID int64
	Name         string
	Size         int64
	// Hash is the content hash of the bytes in the media storage, "" when the world has none.
	Hash  string
	State OnlineFileState
	Time  int64
}

// OnlineFileStore keeps the offers.
type OnlineFileStore interface {
	Put(OnlineFile) error
	// Get is ErrNotFound for an unknown offer.
	Get(id int32) (OnlineFile, error)
	// Between lists the offers between two accounts, either way, oldest first.
	Between(a, b int64) ([]OnlineFile, error)
	NextID() (int32, error)
}

// MaxOnlineFileBytes bounds the bytes the world keeps for one offer (a larger one is offered by
// size alone).
const MaxOnlineFileBytes = 64 << 20

// OfferOnlineFile offers a file to a friend: content when given (stored), else size bytes the
// world does not know.
func (a *Actor) OfferOnlineFile(ctx context.Context, to int64, name string, content []byte, size int64) (OnlineFile, error) {
	var f OnlineFile
	err := a.update(ctx, func(o *act) error {
		if _, ok, err := o.tx.Friends().Remark(o.self, to); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%s and %d are not friends; QQ sends online files between friends: %w", o.who(), to, ErrNotPermitted)
		}
		if name == "" || strings.ContainsAny(name, `/\`) {
			return fmt.Errorf("the file name %q: a name without / or \\ (and not empty): %w", name, ErrInvalid)
		}
		f = OnlineFile{FromID: o.self, ToID: to, Name: name, Size: size, State: OnlineOffered, Time: o.now}
		if content != nil {
			if len(content) > MaxOnlineFileBytes {
				return fmt.Errorf("the file has %d bytes; the world keeps at most %d per online file (offer it by size alone): %w", len(content), MaxOnlineFileBytes, ErrInvalid)
			}
			f.Size = int64(len(content))
			if o.w.opts.Media != nil {
				hash, err := o.w.opts.Media.put(content)
				if err != nil {
					return err
				}
				if err := o.tx.Media().Put(hash, f.Size); err != nil {
					return err
				}
				f.Hash = hash
			}
		}
		if f.Size <= 0 {
			return fmt.Errorf("size %d: a file has content or a positive size: %w", f.Size, ErrInvalid)
		}
		var err error
		if f.ID, err = o.tx.OnlineFiles().NextID(); err != nil {
			return err
		}
		o.record(&OnlineFileChanged{File: f})
		return o.tx.OnlineFiles().Put(f)
	})
	return f, err
}

// OnlineFiles lists the offers between the actor and peer, either way, oldest first.
func (a *Actor) OnlineFiles(ctx context.Context, peer int64) ([]OnlineFile, error) {
	var out []OnlineFile
	err := a.view(ctx, func(o *act) error {
		if _, err := o.tx.Accounts().Get(peer); err != nil {
			return fmt.Errorf("user_id: %w", err)
		}
		var err error
		out, err = o.tx.OnlineFiles().Between(o.self, peer)
		return err
	})
	return out, err
}

// pendingOffer is the offer id between the actor and peer that is still pending, sent by
// from (the peer or the actor).
func pendingOffer(o *act, peer int64, id int32, fromPeer bool) (OnlineFile, error) {
	f, err := o.tx.OnlineFiles().Get(id)
	if err != nil {
		return f, fmt.Errorf("online file %d: %w", id, err)
	}
	from, to := peer, o.self
	if !fromPeer {
		from, to = o.self, peer
	}
	switch {
	case f.FromID != from || f.ToID != to:
		return f, fmt.Errorf("online file %d is not one %d offered %d: %w", id, from, to, ErrNotFound)
	case f.State != OnlineOffered:
		return f, fmt.Errorf("online file %d is %s already; only an offered file can be answered or cancelled: %w", id, f.State, ErrInvalid)
	}
	return f, nil
}

// AnswerOnlineFile receives (accept) or refuses a file peer offered the actor.
func (a *Actor) AnswerOnlineFile(ctx context.Context, peer int64, id int32, accept bool) (OnlineFile, error) {
	var f OnlineFile
	err := a.update(ctx, func(o *act) error {
		var err error
		if f, err = pendingOffer(o, peer, id, true); err != nil {
			return err
		}
		f.State = OnlineRefused
		if accept {
			f.State = OnlineReceived
		}
		o.record(&OnlineFileChanged{File: f})
		return o.tx.OnlineFiles().Put(f)
	})
	return f, err
}

// CancelOnlineFile withdraws a file the actor offered peer, while it is pending.
func (a *Actor) CancelOnlineFile(ctx context.Context, peer int64, id int32) error {
	return a.update(ctx, func(o *act) error {
		f, err := pendingOffer(o, peer, id, false)
		if err != nil {
			return err
		}
		f.State = OnlineCancelled
		o.record(&OnlineFileChanged{File: f})
		return o.tx.OnlineFiles().Put(f)
	})
}

// OnlineFileURL is where a received file's bytes are (file://), "" when the world has none or
// the file was not received.
func (w *World) OnlineFileURL(f OnlineFile) string {
	if f.Hash == "" || w.opts.Media == nil || f.State != OnlineReceived {
		return ""
	}
	return "file://" + w.opts.Media.path(f.Hash)
}

// AddOnlineFile adds an offer (the seed, world files): both accounts must exist; Time 0 is now.
func (u *Universe) AddOnlineFile(f OnlineFile) error {
	for _, id := range []int64{f.FromID, f.ToID} {
		if _, err := u.o.tx.Accounts().Get(id); err != nil {
			return fmt.Errorf("online file %d: %w", f.ID, err)
		}
	}
	if f.ID <= 0 || f.Name == "" || f.Size <= 0 || f.State == "" {
		return fmt.Errorf("online file %d: id, name, size and state are required: %w", f.ID, ErrInvalid)
	}
	if f.Time == 0 {
		f.Time = u.o.now
	}
	return u.o.tx.OnlineFiles().Put(f)
}

// OnlineFileChanged: an offer was made, answered or cancelled (File as it is now). NapCat
// reports no OneBot event for online files: no bot is told.
type OnlineFileChanged struct {
	Head
	unseen
	File OnlineFile
}
