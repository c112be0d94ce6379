package world

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

// Custom faces (收藏表情) are the stickers an account collected: QQ keeps them per account and
// syncs them to its own clients only, so no bot is told of another's. The world keeps each
// face's image through its media storage (content-addressed under media/, counted in the
// media index like an image sent in a message), so a face outlives the message it came from.

// CustomFace is one face of an account's collection.
type CustomFace struct {
	OwnerID int64
	// ID is the face's number in its owner's collection (QQ's emoId), from 1.
	ID int32
	// MD5 is the image's MD5 in lower-case hex (QQ names faces by it).
	MD5  string
	Name string
	// Desc is the face's description (QQ's modifyWord), which recommendations match.
	Desc string
	Size int64
	// URL is where the image is: file:// its stored bytes, or the URL of the received image
	// it was added from when the world has no bytes for it.
	URL string
	// Hash is the content hash of the stored bytes (MediaStore), else "".
	Hash string
	Time int64
}

// ResID is the face's resource id, as QQ forms it: owner, zeros and the MD5 in upper case.
func (f CustomFace) ResID() string {
	return fmt.Sprintf("%d_0_0_0_%s_0_0", f.OwnerID, strings.ToUpper(f.MD5))
}

// CustomFaceStore keeps accounts' custom faces.
type CustomFaceStore interface {
	Put(CustomFace) error
	// Get is ErrNotFound when the owner has no face of that MD5.
	Get(ownerID int64, md5 string) (CustomFace, error)
	Delete(ownerID int64, md5 string) error
	// List is the owner's faces, newest first.
	List(ownerID int64) ([]CustomFace, error)
	// Matching is every account's faces whose description contains word, newest first.
	Matching(word string) ([]CustomFace, error)
	// NextID is the number of the owner's next face.
	NextID(ownerID int64) (int32, error)
}

// Bounds of a collection, the reference server's own.
const (
	MaxCustomFaces     = 300
	MaxCustomFaceBytes = 8 << 20
	MaxCustomFaceDesc  = 100
)

// FaceSource is the image a face is added from: Data (bytes, e.g. base64:// decoded by the
// caller), or Image, the file name of an image the account received.
type FaceSource struct {
	Data  []byte
	Image string
	Name  string
	Desc  string
}

// AddCustomFace adds an image to the actor's collection; the same image again is the face it
// already is.
func (a *Actor) AddCustomFace(ctx context.Context, src FaceSource) (CustomFace, error) {
	var out CustomFace
	err := a.update(ctx, func(o *act) error {
		f, err := a.w.faceFrom(o.op, src)
		if err != nil {
			return err
		}
		if old, err := o.tx.CustomFaces().Get(o.self, f.MD5); err == nil {
			out = old
			return nil
		}
		list, err := o.tx.CustomFaces().List(o.self)
		if err != nil {
			return err
		}
		if len(list) >= MaxCustomFaces {
			return fmt.Errorf("%s has %d custom faces, the most one account keeps: delete some first: %w", o.who(), len(list), ErrInvalid)
		}
		if f.ID, err = o.tx.CustomFaces().NextID(o.self); err != nil {
			return err
		}
		f.OwnerID, f.Time = o.self, o.now
		o.record(&CustomFaceChanged{OwnerID: o.self, MD5: f.MD5, Added: true})
		out = f
		return o.tx.CustomFaces().Put(f)
	})
	return out, err
}

// faceFrom reads the face's image: its bytes are stored as media, a received image's are
// taken from the file cache.
func (w *World) faceFrom(o *op, src FaceSource) (CustomFace, error) {
	if len(src.Desc) > MaxCustomFaceDesc*4 || len([]rune(src.Desc)) > MaxCustomFaceDesc {
		return CustomFace{}, fmt.Errorf("desc: more than %d characters: %w", MaxCustomFaceDesc, ErrInvalid)
	}
	f := CustomFace{Name: src.Name, Desc: src.Desc}
	if src.Data == nil {
		file, err := o.tx.Files().Get(ImageFile, src.Image)
		if err != nil {
			return CustomFace{}, fmt.Errorf("file: %w", err)
		}
		f.URL, f.Size, f.Hash = file.URL, file.Size, file.Hash
		if f.Name == "" {
			f.Name = file.Name
		}
		if file.Hash == "" || w.opts.Media == nil { // known by URL only: named by it
			sum := md5.Sum([]byte(file.URL))
			f.MD5 = hex.EncodeToString(sum[:])
			return f, nil
		}
		data, err := os.ReadFile(w.opts.Media.path(file.Hash))
		if err != nil {
			return CustomFace{}, fmt.Errorf("reading image %s: %w", file.Name, err)
		}
		sum := md5.Sum(data)
		f.MD5 = hex.EncodeToString(sum[:])
		return f, nil
	}
	switch {
	case len(src.Data) == 0:
		return CustomFace{}, fmt.Errorf("file: an empty image: %w", ErrInvalid)
	case len(src.Data) > MaxCustomFaceBytes:
		return CustomFace{}, fmt.Errorf("file: %d bytes, more than the %d a custom face may have: %w", len(src.Data), MaxCustomFaceBytes, ErrInvalid)
	case w.opts.Media == nil:
		return CustomFace{}, fmt.Errorf("file: this world keeps no media (its data directory is in memory): add a face from a received image instead: %w", ErrInvalid)
	}
	hash, err := w.opts.Media.put(src.Data)
	if err != nil {
		return CustomFace{}, err
	}
	if err := o.tx.Media().Put(hash, int64(len(src.Data))); err != nil {
		return CustomFace{}, err
	}
	sum := md5.Sum(src.Data)
	f.MD5, f.Size, f.Hash, f.URL = hex.EncodeToString(sum[:]), int64(len(src.Data)), hash, "file://"+w.opts.Media.path(hash)
	if f.Name == "" {
		f.Name = f.MD5 + ".image"
	}
	return f, nil
}

// DecodeFaceData is the bytes of a base64:// file parameter, or nil when file is not one.
func DecodeFaceData(file string) ([]byte, error) {
	encoded, ok := strings.CutPrefix(file, "base64://")
	if !ok {
		return nil, nil
	}
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, fmt.Errorf("file: not valid base64: %w", ErrInvalid)
	}
	return data, nil
}

// CustomFaces is the actor's collection, newest first, at most count faces.
func (a *Actor) CustomFaces(ctx context.Context, count int) ([]CustomFace, error) {
	var out []CustomFace
	err := a.view(ctx, func(o *act) error {
		list, err := o.tx.CustomFaces().List(o.self)
		out = list[:min(count, len(list))]
		return err
	})
	return out, err
}

// faceByResID finds one of the actor's faces by its resource id (or its MD5).
func faceByResID(o *act, id string) (CustomFace, error) {
	md5 := id
	if owner, rest, ok := strings.Cut(id, "_0_0_0_"); ok {
		if owner != fmt.Sprint(o.self) {
			return CustomFace{}, fmt.Errorf("custom face %q is not one of %s's: %w", id, o.who(), ErrNotFound)
		}
		md5 = strings.TrimSuffix(rest, "_0_0")
	}
	f, err := o.tx.CustomFaces().Get(o.self, strings.ToLower(md5))
	if err != nil {
		return CustomFace{}, fmt.Errorf("custom face %q of %s: %w", id, o.who(), err)
	}
	return f, nil
}

// DeleteCustomFaces removes faces from the actor's collection, by resource id: all of them,
// or none when one is not there.
func (a *Actor) DeleteCustomFaces(ctx context.Context, resIDs []string) error {
	if len(resIDs) == 0 {
		return fmt.Errorf("res_id: none given; name the faces to delete (fetch_custom_face_detail lists them): %w", ErrInvalid)
	}
	return a.update(ctx, func(o *act) error {
		for _, id := range resIDs {
			f, err := faceByResID(o, id)
			if err != nil {
				return err
			}
			if err := o.tx.CustomFaces().Delete(o.self, f.MD5); err != nil {
				return err
			}
			o.record(&CustomFaceChanged{OwnerID: o.self, MD5: f.MD5})
		}
		return a.w.dropMedia(o.op)
	})
}

// SetCustomFaceDesc changes the description of one of the actor's faces, named by its
// resource id and its MD5 (as QQ asks both).
func (a *Actor) SetCustomFaceDesc(ctx context.Context, resID, md5, desc string) error {
	if len([]rune(desc)) > MaxCustomFaceDesc {
		return fmt.Errorf("desc: more than %d characters: %w", MaxCustomFaceDesc, ErrInvalid)
	}
	return a.update(ctx, func(o *act) error {
		f, err := faceByResID(o, resID)
		if err != nil {
			return err
		}
		if !strings.EqualFold(md5, f.MD5) {
			return fmt.Errorf("md5: %s is not the MD5 of custom face %s (%s): %w", md5, resID, f.MD5, ErrInvalid)
		}
		f.Desc = desc
		o.record(&CustomFaceChanged{OwnerID: o.self, MD5: f.MD5, Added: true})
		return o.tx.CustomFaces().Put(f)
	})
}

// RecommendFaces stands in for QQ's sticker search (PicSearchSvr): the faces collected in this
// world whose description contains word, the actor's own first, each image once, at most limit.
func (a *Actor) RecommendFaces(ctx context.Context, word string, limit int) ([]CustomFace, error) {
	word = strings.TrimSpace(word)
	if word == "" {
		return nil, fmt.Errorf("word: empty; recommendations match a word: %w", ErrInvalid)
	}
	var out []CustomFace
	err := a.view(ctx, func(o *act) error {
		all, err := o.tx.CustomFaces().Matching(word)
		if err != nil {
			return err
		}
		out = nil
		seen := map[string]bool{}
		for _, own := range []bool{true, false} {
			for _, f := range all {
				if (f.OwnerID == o.self) == own && !seen[f.MD5] && len(out) < limit {
					seen[f.MD5] = true
					out = append(out, f)
				}
			}
		}
		return nil
	})
	return out, err
}

// AddCustomFace adds a face to an account's collection (the seed, world files), as given: its
// ID, MD5 and URL explicit; Time 0 is now.
func (u *Universe) AddCustomFace(f CustomFace) error {
	if _, err := u.o.tx.Accounts().Get(f.OwnerID); err != nil {
		return fmt.Errorf("custom face: owner: %w", err)
	}
	if f.ID <= 0 || len(f.MD5) != 32 || f.URL == "" {
		return fmt.Errorf("custom face of %d: id (from 1), md5 (32 hex digits) and url are required: %w", f.OwnerID, ErrInvalid)
	}
	if f.Time == 0 {
		f.Time = u.o.now
	}
	f.MD5 = strings.ToLower(f.MD5)
	return u.o.tx.CustomFaces().Put(f)
}

// CustomFaceChanged: an account added (or edited, Added) or deleted a custom face. QQ syncs
// collections to the account's own clients only: no bot is told.
type CustomFaceChanged struct {
	Head
	unseen
	OwnerID int64
	MD5     string
	Added   bool
}
