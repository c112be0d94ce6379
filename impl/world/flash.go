package world

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Flash transfer (闪传) is a file set an account uploads once and shares by a link or code:
// whoever has the link lists its files and downloads them. The world keeps each set with its
// owner, name and files; the files' bytes go to the media storage (content-addressed) and
// their file:// URLs name them. Ids and share codes follow from a counter, so the examples
// can name them.

// FlashSet is one file set (文件集).
type FlashSet struct {
	// ID is the fileset_id, "flash-" and the set's number.
	ID string
	// Code is its share code (FlashShareCode of the id for a set the world made).
	Code    string
	OwnerID int64
	Name    string
	Time    int64
}

// FlashFile is one file of a set, at Index (from 0, NapCat's file_index).
type FlashFile struct {
	SetID string
	Index int
	Name  string
	Size  int64
	// Hash is the content hash of the bytes in the media storage, "" when the world has none.
	Hash string
	// URL is where a file without bytes in the world is (a seeded file), else "".
	URL string
}

// FlashUpload is one file given to CreateFlashSet.
type FlashUpload struct {
	Name    string
	Content []byte
}

// FlashStore keeps the file sets and their files.
type FlashStore interface {
	PutSet(FlashSet) error
	// Set is ErrNotFound for an unknown set.
	Set(id string) (FlashSet, error)
	// ByCode is the set of a share code, ErrNotFound for none.
	ByCode(code string) (FlashSet, error)
	PutFile(FlashFile) error
	// Files lists a set's files by index.
	Files(setID string) ([]FlashFile, error)
	// NextNumber is the number of the next set.
	NextNumber() (int64, error)
}

// Bounds of one file set: what QQ's 闪传 allows is far larger, but the world keeps the bytes.
const (
	MaxFlashFiles     = 64
	MaxFlashFileBytes = 64 << 20
)

// FlashSetID is the fileset_id of set number n.
func FlashSetID(n int64) string { return fmt.Sprintf("flash-%d", n) }

// FlashShareCode is the set's share code: derived from its id, so a link names one set.
func FlashShareCode(id string) string {
	sum := sha256.Sum256([]byte("onespec flash " + id))
	return hex.EncodeToString(sum[:6])
}

// FlashShareLink is the link of a share code.
func FlashShareLink(code string) string { return "https://qfile.qq.com/q/" + code }

// CreateFlashSet uploads files as a new set the actor owns, named name (default: the first
// file's name).
func (a *Actor) CreateFlashSet(ctx context.Context, name string, files []FlashUpload) (FlashSet, []FlashFile, error) {
	var set FlashSet
	var out []FlashFile
	err := a.update(ctx, func(o *act) error {
		if len(files) == 0 || len(files) > MaxFlashFiles {
			return fmt.Errorf("files: %d given; a file set has 1 to %d files: %w", len(files), MaxFlashFiles, ErrInvalid)
		}
		n, err := o.tx.Flash().NextNumber()
		if err != nil {
			return err
		}
		// A set added by a world file may have taken the id of a later number.
		for ; ; n++ {
			if _, err := o.tx.Flash().Set(FlashSetID(n)); errors.Is(err, ErrNotFound) {
				break
			} else if err != nil {
				return err
			}
		}
		if name == "" {
			name = files[0].Name
		}
		set = FlashSet{ID: FlashSetID(n), Code: FlashShareCode(FlashSetID(n)), OwnerID: o.self, Name: name, Time: o.now}
		for i, up := range files {
			if up.Name == "" || strings.ContainsAny(up.Name, `/\`) {
				return fmt.Errorf("files[%d]: the file name %q: a name without / or \\ (and not empty): %w", i, up.Name, ErrInvalid)
			}
			if len(up.Content) > MaxFlashFileBytes {
				return fmt.Errorf("files[%d]: %d bytes; the world keeps at most %d per flash file: %w", i, len(up.Content), MaxFlashFileBytes, ErrInvalid)
			}
			f := FlashFile{SetID: set.ID, Index: i, Name: up.Name, Size: int64(len(up.Content))}
			if o.w.opts.Media != nil {
				if f.Hash, err = o.w.opts.Media.put(up.Content); err != nil {
					return err
				}
				if err := o.tx.Media().Put(f.Hash, f.Size); err != nil {
					return err
				}
			}
			if err := o.tx.Flash().PutFile(f); err != nil {
				return err
			}
			out = append(out, f)
		}
		o.record(&FlashSetCreated{Set: set})
		return o.tx.Flash().PutSet(set)
	})
	return set, out, err
}

// FlashFiles is a set and its files: anyone with its id (or link) may list them, as on QQ.
func (a *Actor) FlashFiles(ctx context.Context, id string) (FlashSet, []FlashFile, error) {
	var set FlashSet
	var files []FlashFile
	err := a.view(ctx, func(o *act) error {
		var err error
		if set, err = o.tx.Flash().Set(id); err != nil {
			return fmt.Errorf("fileset_id: %w", err)
		}
		files, err = o.tx.Flash().Files(id)
		return err
	})
	return set, files, err
}

// FlashSetByCode is the set a share code (or a link ending in it) shares.
func (a *Actor) FlashSetByCode(ctx context.Context, code string) (FlashSet, error) {
	if i := strings.LastIndexAny(code, "/="); i >= 0 {
		code = code[i+1:]
	}
	var set FlashSet
	err := a.view(ctx, func(o *act) error {
		var err error
		if set, err = o.tx.Flash().ByCode(code); err != nil {
			return fmt.Errorf("share_code: %w", err)
		}
		return nil
	})
	return set, err
}

// FlashFileURL is where a flash file's bytes are: file:// in the media storage, else the URL
// it was added with, "" when the world knows neither.
func (w *World) FlashFileURL(f FlashFile) string {
	if f.Hash == "" || w.opts.Media == nil {
		return f.URL
	}
	return "file://" + w.opts.Media.path(f.Hash)
}

// AddFlashSet adds a set with its files (the seed, world files): the owner must exist; Time 0
// is now. The files have no bytes in the media storage: each names its URL.
func (u *Universe) AddFlashSet(set FlashSet, files []FlashFile) error {
	if _, err := u.o.tx.Accounts().Get(set.OwnerID); err != nil {
		return fmt.Errorf("flash set %s: %w", set.ID, err)
	}
	if set.ID == "" || set.Code == "" || set.Name == "" || len(files) == 0 {
		return fmt.Errorf("flash set %q: id, share code, name and files are required: %w", set.ID, ErrInvalid)
	}
	if set.Time == 0 {
		set.Time = u.o.now
	}
	for i, f := range files {
		f.SetID, f.Index = set.ID, i
		if f.Name == "" || f.Size <= 0 || f.URL == "" {
			return fmt.Errorf("flash set %s file %d: name, size and URL are required: %w", set.ID, i, ErrInvalid)
		}
		if err := u.o.tx.Flash().PutFile(f); err != nil {
			return err
		}
	}
	return u.o.tx.Flash().PutSet(set)
}

// FlashSetCreated: an account uploaded a file set. NapCat reports no OneBot event for it.
type FlashSetCreated struct {
	Head
	unseen
	Set FlashSet
}
