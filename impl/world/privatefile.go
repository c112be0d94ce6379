package world

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/onespec/onespec/gen"
)

// PrivateFile is a file one account sent another (离线文件): QQ sends files only to friends.
// Its bytes are kept by hash like a group file's (media store, or inline without one).
type PrivateFile struct {
	ID       string
	SenderID int64
	PeerID   int64
	Name     string
	Size     int64
	Time     int64
	Hash     string
	Content  []byte
}

// PrivateFileStore keeps the files accounts sent each other.
type PrivateFileStore interface {
	Put(PrivateFile) error
	// Get is a file without its content.
	Get(id string) (PrivateFile, error)
	// ByHash is a file whose content hash is hash, with its inline content if any.
	ByHash(hash string) (PrivateFile, error)
}

// SendPrivateFile sends a friend a file (upload_private_file; a simulated user's send_file):
// the friend's bot receives the offline_file notice with the URL this server serves it at.
func (a *Actor) SendPrivateFile(ctx context.Context, userID int64, name string, content []byte) (PrivateFile, error) {
	var f PrivateFile
	err := a.update(ctx, func(o *act) error {
		if err := fileName("name", name); err != nil {
			return err
		}
		if len(content) == 0 || len(content) > MaxGroupFileBytes {
			return fmt.Errorf("file: %d bytes; a file has 1 to %d: %w", len(content), MaxGroupFileBytes, ErrInvalid)
		}
		if _, err := o.tx.Accounts().Get(userID); err != nil {
			return fmt.Errorf("user %d: %w", userID, err)
		}
		if _, friends, err := o.tx.Friends().Remark(o.self, userID); err != nil {
			return err
		} else if !friends {
			return fmt.Errorf("%d is not a friend of %s; QQ sends files to friends only: %w", userID, o.who(), ErrNotPermitted)
		}
		f = PrivateFile{SenderID: o.self, PeerID: userID, Name: name, Size: int64(len(content)), Time: o.now}
		sum := sha256.Sum256(fmt.Appendf(nil, "private/%d/%d/%d/%s/%d", o.self, userID, o.now, name, len(content)))
		f.ID = "/" + hex.EncodeToString(sum[:16])
		var err error
		if f.Hash, f.Content, err = o.w.keepFileContent(o.op, content); err != nil {
			return err
		}
		if err := o.tx.PrivateFiles().Put(f); err != nil {
			return err
		}
		o.record(&PrivateFileSent{File: PrivateFile{ID: f.ID, SenderID: f.SenderID, PeerID: f.PeerID, Name: f.Name, Size: f.Size, Time: f.Time, Hash: f.Hash},
			URL: o.w.servedURL(f.Hash + "." + groupFileKind)})
		return nil
	})
	f.Content = nil
	return f, err
}

// PrivateFileURL is where the actor, the file's sender or recipient, downloads it.
func (a *Actor) PrivateFileURL(ctx context.Context, id string) (string, error) {
	var url string
	err := a.view(ctx, func(o *act) error {
		f, err := o.tx.PrivateFiles().Get(id)
		if err == nil && f.SenderID != o.self && f.PeerID != o.self {
			err = fmt.Errorf("%s neither sent nor received it: %w", o.who(), ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("private file %q: %w", id, err)
		}
		url = o.w.servedURL(f.Hash + "." + groupFileKind)
		return nil
	})
	return url, err
}

// PrivateFileSent: File.SenderID sent File.PeerID a file; the recipient's bot is told.
type PrivateFileSent struct {
	Head
	File PrivateFile
	// URL is where the file downloads from, as the change was made.
	URL string
}

func (c *PrivateFileSent) audience(a *audience) error {
	a.bot(c.File.PeerID)
	return nil
}

func (c *PrivateFileSent) Render(bot int64) (any, error) {
	ev := gen.OfflineFileNotice{Time: c.Time, SelfID: bot, PostType: gen.OfflineFileNoticePostTypeNotice,
		NoticeType: gen.OfflineFileNoticeNoticeTypeOfflineFile, UserID: c.File.SenderID}
	ev.File.Name, ev.File.Size, ev.File.URL = c.File.Name, c.File.Size, c.URL
	return ev, nil
}

// AddPrivateFile puts a file one account sent another in the world, with its id, its
// content kept by the world.
func (u *Universe) AddPrivateFile(f PrivateFile) error {
	if f.ID == "" || len(f.Content) == 0 {
		return fmt.Errorf("private file %q: a file needs an id and content: %w", f.ID, ErrInvalid)
	}
	if err := fileName("file name", f.Name); err != nil {
		return err
	}
	for _, id := range []int64{f.SenderID, f.PeerID} {
		if _, err := u.o.tx.Accounts().Get(id); err != nil {
			return fmt.Errorf("private file %q: account %d: %w", f.ID, id, err)
		}
	}
	f.Size = int64(len(f.Content))
	var err error
	if f.Hash, f.Content, err = u.w.keepFileContent(u.o, f.Content); err != nil {
		return err
	}
	return u.o.tx.PrivateFiles().Put(f)
}
