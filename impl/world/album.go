package world

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Album is a group album (群相册): a named collection of pictures members upload.
type Album struct {
	GroupID   int64
	ID        string
	Name      string
	Desc      string
	CreatorID int64
	// Created and Modified are Unix seconds; Modified moves with every upload or deletion.
	Created, Modified int64
}

// AlbumMedia is one picture of a group album. Lloc is QQ's id of the picture; BatchID names
// the upload it came in (QQ likes a whole batch or one picture of it).
type AlbumMedia struct {
	GroupID    int64
	AlbumID    string
	Lloc       string
	BatchID    string
	UploaderID int64
	Time       int64
	// Order is the picture's place in its batch.
	Order int
	// Name is the cached image file naming the stored bytes (<sha256>.image), Hash its hash.
	Name string
	Hash string
	Size int64
}

// AlbumComment is one account's comment on a picture.
type AlbumComment struct {
	GroupID int64
	AlbumID string
	Lloc    string
	UserID  int64
	Content string
	Time    int64
}

// AlbumStore keeps group albums, their pictures, and the likes and comments on them.
type AlbumStore interface {
	Put(Album) error
	// Get is an album of a group; ErrNotFound when there is none.
	Get(groupID int64, id string) (Album, error)
	// Delete removes an album with its pictures, likes and comments.
	Delete(groupID int64, id string) error
	List(groupID int64) ([]Album, error)

	PutMedia(AlbumMedia) error
	// GetMedia is a picture of an album; ErrNotFound when there is none.
	GetMedia(groupID int64, albumID, lloc string) (AlbumMedia, error)
	// DeleteMedia removes a picture with its likes and comments.
	DeleteMedia(groupID int64, albumID, lloc string) error
	// Media lists an album's pictures, newest upload first, in their order within a batch.
	Media(groupID int64, albumID string) ([]AlbumMedia, error)

	// Like records (on) or removes an account's like of a picture.
	Like(groupID int64, albumID, lloc string, userID int64, on bool) error
	// Likers are the accounts that like a picture, by id.
	Likers(groupID int64, albumID, lloc string) ([]int64, error)
	AddComment(AlbumComment) error
	// Comments are a picture's comments, oldest first.
	Comments(groupID int64, albumID, lloc string) ([]AlbumComment, error)
}

// Limits of albums the world enforces (QQ's clients enforce similar ones).
const (
	maxAlbumNameRunes    = 64
	maxAlbumDescRunes    = 200
	maxAlbumCommentRunes = 500
	// MaxAlbumUpload bounds the pictures of one upload.
	MaxAlbumUpload = 50
)

// CreateAlbum makes a new album in a group the actor is in and returns it.
func (a *Actor) CreateAlbum(ctx context.Context, groupID int64, name, desc string) (Album, error) {
	var al Album
	err := a.update(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		if err := albumText("name", name, 1, maxAlbumNameRunes); err != nil {
			return err
		}
		if err := albumText("desc", desc, 0, maxAlbumDescRunes); err != nil {
			return err
		}
		al = Album{GroupID: groupID, Name: name, Desc: desc, CreatorID: o.self, Created: o.now, Modified: o.now}
		var err error
		if al.ID, err = o.newAlbumID(groupID, name); err != nil {
			return err
		}
		o.record(&AlbumChanged{Album: al})
		return o.tx.Albums().Put(al)
	})
	return al, err
}

// newAlbumID makes an album id no album of the group has: QQ's are opaque strings.
func (o *act) newAlbumID(groupID int64, name string) (string, error) {
	for i := 0; ; i++ {
		sum := sha256.Sum256(fmt.Appendf(nil, "%d/%d/%d/%s/%d", groupID, o.self, o.now, name, i))
		id := "V" + hex.EncodeToString(sum[:10])
		_, err := o.tx.Albums().Get(groupID, id)
		if errors.Is(err, ErrNotFound) {
			return id, nil
		} else if err != nil {
			return "", err
		}
	}
}

// DeleteAlbum removes an album with its pictures: its creator, the group's owner and admins
// may.
func (a *Actor) DeleteAlbum(ctx context.Context, groupID int64, albumID string) error {
	return a.update(ctx, func(o *act) error {
		al, err := o.album(groupID, albumID)
		if err != nil {
			return err
		}
		if al.CreatorID != o.self {
			if _, err := o.as(groupID, Admin); err != nil {
				return fmt.Errorf("only the album's creator %d, the owner and admins delete album %s: %w", al.CreatorID, albumID, err)
			}
		}
		o.record(&AlbumChanged{Album: al, Deleted: true})
		if err := o.tx.Albums().Delete(groupID, albumID); err != nil {
			return err
		}
		return o.w.dropMedia(o.op)
	})
}

// album is an album of a group the actor is in.
func (o *act) album(groupID int64, albumID string) (Album, error) {
	if _, err := o.in(groupID); err != nil {
		return Album{}, err
	}
	al, err := o.tx.Albums().Get(groupID, albumID)
	if err != nil {
		return Album{}, fmt.Errorf("album %q of group %d: %w", albumID, groupID, err)
	}
	return al, nil
}

// UploadAlbum adds pictures (each a base64:// image) to an album of a group the actor is in,
// as one batch, and returns them. The bytes are stored content-addressed with the world's
// media, and each picture is a cached image file (get_image knows it by its name).
func (a *Actor) UploadAlbum(ctx context.Context, groupID int64, albumID string, files []string) ([]AlbumMedia, error) {
	var out []AlbumMedia
	err := a.update(ctx, func(o *act) error {
		al, err := o.album(groupID, albumID)
		if err != nil {
			return err
		}
		if len(files) == 0 || len(files) > MaxAlbumUpload {
			return fmt.Errorf("files: %d pictures; an upload holds 1 to %d: %w", len(files), MaxAlbumUpload, ErrInvalid)
		}
		images := make([][]byte, len(files))
		var total int64
		for i, f := range files {
			encoded, ok := strings.CutPrefix(f, "base64://")
			if !ok {
				return fmt.Errorf("files.%d: %q is no base64:// image (the world stores pictures it is given inline): %w", i, clip(f), ErrInvalid)
			}
			if images[i], err = base64.StdEncoding.DecodeString(encoded); err != nil || len(images[i]) == 0 {
				return fmt.Errorf("files.%d: not valid non-empty base64: %w", i, ErrInvalid)
			}
			if len(images[i]) > MaxGroupFileBytes {
				return fmt.Errorf("files.%d: %d bytes; a picture holds at most %d: %w", i, len(images[i]), MaxGroupFileBytes, ErrInvalid)
			}
			total += int64(len(images[i]))
		}
		if limit := o.w.opts.Retention.MediaBytes; limit > 0 {
			used, err := o.tx.Media().Bytes()
			if err != nil {
				return err
			}
			if used+total > limit {
				return fmt.Errorf("files: stored media already hold %d bytes and the world keeps at most %d (--retain-media-bytes): %w", used, limit, ErrNotPermitted)
			}
		}
		sum := sha256.Sum256(fmt.Appendf(nil, "%d/%s/%d/%d/%d", groupID, albumID, o.self, o.now, len(files)))
		batch := fmt.Sprintf("%d", o.now*1000+int64(sum[0])%1000)
		out = make([]AlbumMedia, len(images))
		for i, data := range images {
			m := AlbumMedia{GroupID: groupID, AlbumID: albumID, BatchID: batch, UploaderID: o.self, Time: o.now, Order: i, Size: int64(len(data))}
			if m.Name, m.Hash, err = o.w.keepAlbumImage(o.op, data); err != nil {
				return err
			}
			if m.Lloc, err = o.newLloc(m); err != nil {
				return err
			}
			if err := o.tx.Albums().PutMedia(m); err != nil {
				return err
			}
			out[i] = m
		}
		al.Modified = o.now
		o.record(&AlbumUploaded{Album: al, Media: out})
		return o.tx.Albums().Put(al)
	})
	return out, err
}

// newLloc makes a picture id no picture of the album has.
func (o *act) newLloc(m AlbumMedia) (string, error) {
	for i := 0; ; i++ {
		sum := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d/%s", m.AlbumID, m.BatchID, m.Order+i*MaxAlbumUpload, m.Hash))
		lloc := "NDR0" + hex.EncodeToString(sum[:12])
		_, err := o.tx.Albums().GetMedia(m.GroupID, m.AlbumID, lloc)
		if errors.Is(err, ErrNotFound) {
			return lloc, nil
		} else if err != nil {
			return "", err
		}
	}
}

// keepAlbumImage stores a picture's bytes with the world's media (content-addressed, kept
// while an album picture or a message refers to them) and caches it as an image file; it
// returns the file's name and the hash. A world without a media store keeps the name only.
func (w *World) keepAlbumImage(o *op, data []byte) (name, hash string, err error) {
	sum := sha256.Sum256(data)
	hash = hex.EncodeToString(sum[:])
	name = hash + "." + string(ImageFile)
	if w.opts.Media == nil {
		return name, hash, nil
	}
	if _, err := w.opts.Media.put(data); err != nil {
		return "", "", err
	}
	if err := o.tx.Media().Put(hash, int64(len(data))); err != nil {
		return "", "", err
	}
	f := File{Name: name, Kind: ImageFile, URL: "file://" + w.opts.Media.path(hash), Size: int64(len(data)), Hash: hash}
	return name, hash, o.tx.Files().Put(f)
}

// DeleteAlbumMedia removes a picture: its uploader, the group's owner and admins may.
func (a *Actor) DeleteAlbumMedia(ctx context.Context, groupID int64, albumID, lloc string) error {
	return a.update(ctx, func(o *act) error {
		al, m, err := o.albumMedia(groupID, albumID, lloc)
		if err != nil {
			return err
		}
		if m.UploaderID != o.self {
			if _, err := o.as(groupID, Admin); err != nil {
				return fmt.Errorf("only the picture's uploader %d, the owner and admins delete it: %w", m.UploaderID, err)
			}
		}
		if err := o.tx.Albums().DeleteMedia(groupID, albumID, lloc); err != nil {
			return err
		}
		al.Modified = o.now
		o.record(&AlbumMediaDeleted{Media: m})
		if err := o.tx.Albums().Put(al); err != nil {
			return err
		}
		return o.w.dropMedia(o.op)
	})
}

func (o *act) albumMedia(groupID int64, albumID, lloc string) (Album, AlbumMedia, error) {
	al, err := o.album(groupID, albumID)
	if err != nil {
		return Album{}, AlbumMedia{}, err
	}
	m, err := o.tx.Albums().GetMedia(groupID, albumID, lloc)
	if err != nil {
		return Album{}, AlbumMedia{}, fmt.Errorf("picture %q of album %q: %w", lloc, albumID, err)
	}
	return al, m, nil
}

// LikeAlbumMedia likes (on) or unlikes pictures of an album: the picture lloc, or with no
// lloc every picture of the upload batch. Liking twice, or unliking what one does not like,
// changes nothing.
func (a *Actor) LikeAlbumMedia(ctx context.Context, groupID int64, albumID, batchID, lloc string, on bool) error {
	return a.update(ctx, func(o *act) error {
		var targets []AlbumMedia
		if lloc != "" {
			_, m, err := o.albumMedia(groupID, albumID, lloc)
			if err != nil {
				return err
			}
			if batchID != "" && m.BatchID != batchID {
				return fmt.Errorf("picture %q is of batch %s, not %s: %w", lloc, m.BatchID, batchID, ErrInvalid)
			}
			targets = []AlbumMedia{m}
		} else {
			if _, err := o.album(groupID, albumID); err != nil {
				return err
			}
			all, err := o.tx.Albums().Media(groupID, albumID)
			if err != nil {
				return err
			}
			for _, m := range all {
				if m.BatchID == batchID {
					targets = append(targets, m)
				}
			}
			if len(targets) == 0 {
				return fmt.Errorf("album %q has no upload batch %q: %w", albumID, batchID, ErrNotFound)
			}
		}
		for _, m := range targets {
			if err := o.tx.Albums().Like(groupID, albumID, m.Lloc, o.self, on); err != nil {
				return err
			}
		}
		o.record(&AlbumLiked{GroupID: groupID, AlbumID: albumID, BatchID: batchID, Lloc: lloc, UserID: o.self, On: on})
		return nil
	})
}

// CommentAlbumMedia comments on a picture of an album of a group the actor is in.
func (a *Actor) CommentAlbumMedia(ctx context.Context, groupID int64, albumID, lloc, content string) error {
	return a.update(ctx, func(o *act) error {
		if _, _, err := o.albumMedia(groupID, albumID, lloc); err != nil {
			return err
		}
		if err := albumText("content", content, 1, maxAlbumCommentRunes); err != nil {
			return err
		}
		c := AlbumComment{GroupID: groupID, AlbumID: albumID, Lloc: lloc, UserID: o.self, Content: content, Time: o.now}
		o.record(&AlbumCommented{Comment: c})
		return o.tx.Albums().AddComment(c)
	})
}

// AlbumView is an album as an account reads it: its creator's account and its pictures.
type AlbumView struct {
	Album
	Creator Account
	Media   []AlbumMediaView
}

// AlbumMediaView is a picture as an account reads it: the image file, its uploader, who likes
// it (Liked: the reader among them) and its comments with their authors.
type AlbumMediaView struct {
	AlbumMedia
	File     File
	Uploader Account
	Likes    int
	Liked    bool
	Comments []AlbumCommentView
}

// AlbumCommentView is a comment with its author's account.
type AlbumCommentView struct {
	AlbumComment
	User Account
}

// Albums lists the albums of a group the actor is in, each with its pictures.
func (a *Actor) Albums(ctx context.Context, groupID int64) ([]AlbumView, error) {
	var out []AlbumView
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		list, err := o.tx.Albums().List(groupID)
		if err != nil {
			return err
		}
		out = make([]AlbumView, len(list))
		for i, al := range list {
			if out[i], err = o.albumView(al); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// Album is one album of a group the actor is in, with its pictures.
func (a *Actor) Album(ctx context.Context, groupID int64, albumID string) (AlbumView, error) {
	var out AlbumView
	err := a.view(ctx, func(o *act) error {
		al, err := o.album(groupID, albumID)
		if err != nil {
			return err
		}
		out, err = o.albumView(al)
		return err
	})
	return out, err
}

func (o *act) albumView(al Album) (AlbumView, error) {
	v := AlbumView{Album: al, Creator: o.accountOrGone(al.CreatorID)}
	media, err := o.tx.Albums().Media(al.GroupID, al.ID)
	if err != nil {
		return AlbumView{}, err
	}
	v.Media = make([]AlbumMediaView, len(media))
	for i, m := range media {
		mv := AlbumMediaView{AlbumMedia: m, Uploader: o.accountOrGone(m.UploaderID)}
		if mv.File, err = o.tx.Files().Get(ImageFile, m.Name); errors.Is(err, ErrNotFound) {
			mv.File = File{Name: m.Name, Kind: ImageFile, Size: m.Size, Hash: m.Hash}
		} else if err != nil {
			return AlbumView{}, err
		}
		likers, err := o.tx.Albums().Likers(m.GroupID, m.AlbumID, m.Lloc)
		if err != nil {
			return AlbumView{}, err
		}
		mv.Likes = len(likers)
		for _, id := range likers {
			mv.Liked = mv.Liked || id == o.self
		}
		comments, err := o.tx.Albums().Comments(m.GroupID, m.AlbumID, m.Lloc)
		if err != nil {
			return AlbumView{}, err
		}
		mv.Comments = make([]AlbumCommentView, len(comments))
		for j, c := range comments {
			mv.Comments[j] = AlbumCommentView{AlbumComment: c, User: o.accountOrGone(c.UserID)}
		}
		v.Media[i] = mv
	}
	return v, nil
}

// accountOrGone is an account, or a bare one naming id when it is gone.
func (o *act) accountOrGone(id int64) Account {
	acc, err := o.tx.Accounts().Get(id)
	if err != nil {
		return Account{ID: id, Sex: Unknown}
	}
	return acc
}

func albumText(field, s string, minRunes, maxRunes int) error {
	n := utf8.RuneCountInString(s)
	if n < minRunes || n > maxRunes || strings.TrimSpace(s) == "" && minRunes > 0 {
		return fmt.Errorf("%s: %d characters; it holds %d to %d, not only spaces: %w", field, n, minRunes, maxRunes, ErrInvalid)
	}
	return nil
}

// clip shortens a value quoted in an error.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:40] + "…"
}

// AddAlbum declares an album (the seed, world files): its creator must be a member of its
// group; Created 0 is now.
func (u *Universe) AddAlbum(al Album) error {
	if _, err := u.o.tx.Members().Get(al.GroupID, al.CreatorID); err != nil {
		return fmt.Errorf("album %q: its creator %d is not a member of group %d: %w", al.ID, al.CreatorID, al.GroupID, ErrInvalid)
	}
	if al.ID == "" {
		return fmt.Errorf("album of group %d: an album needs an id: %w", al.GroupID, ErrInvalid)
	}
	if al.Created == 0 {
		al.Created = u.o.now
	}
	if al.Modified == 0 {
		al.Modified = al.Created
	}
	return u.o.tx.Albums().Put(al)
}

// AddAlbumMedia declares a picture of an album whose image file the world already knows
// (AddFile): its uploader must be a member of the group.
func (u *Universe) AddAlbumMedia(m AlbumMedia) error {
	if _, err := u.o.tx.Albums().Get(m.GroupID, m.AlbumID); err != nil {
		return fmt.Errorf("picture %q: album %q of group %d: %w", m.Lloc, m.AlbumID, m.GroupID, err)
	}
	if _, err := u.o.tx.Members().Get(m.GroupID, m.UploaderID); err != nil {
		return fmt.Errorf("picture %q: its uploader %d is not a member of group %d: %w", m.Lloc, m.UploaderID, m.GroupID, ErrInvalid)
	}
	f, err := u.o.tx.Files().Get(ImageFile, m.Name)
	if err != nil {
		return fmt.Errorf("picture %q: image %q: %w", m.Lloc, m.Name, err)
	}
	m.Hash, m.Size = f.Hash, f.Size
	if m.Time == 0 {
		m.Time = u.o.now
	}
	return u.o.tx.Albums().PutMedia(m)
}

// AlbumChanged: an album was created or (Deleted) removed. QQ tells no bot.
type AlbumChanged struct {
	Head
	unseen
	Album   Album
	Deleted bool
}

// AlbumUploaded: pictures were added to an album as one batch. QQ tells no bot.
type AlbumUploaded struct {
	Head
	unseen
	Album Album
	Media []AlbumMedia
}

// AlbumMediaDeleted: a picture was removed. QQ tells no bot.
type AlbumMediaDeleted struct {
	Head
	unseen
	Media AlbumMedia
}

// AlbumLiked: UserID liked (On) or unliked a picture, or every picture of a batch (Lloc "").
// QQ tells no bot.
type AlbumLiked struct {
	Head
	unseen
	GroupID          int64
	AlbumID, BatchID string
	Lloc             string
	UserID           int64
	On               bool
}

// AlbumCommented: a comment on a picture. QQ tells no bot.
type AlbumCommented struct {
	Head
	unseen
	Comment AlbumComment
}

// AddAlbumLike declares that a member likes a picture (the seed, world files).
func (u *Universe) AddAlbumLike(groupID int64, albumID, lloc string, userID int64) error {
	if _, err := u.o.tx.Albums().GetMedia(groupID, albumID, lloc); err != nil {
		return fmt.Errorf("like of picture %q: %w", lloc, err)
	}
	if _, err := u.o.tx.Members().Get(groupID, userID); err != nil {
		return fmt.Errorf("like of picture %q: %d is not a member of group %d: %w", lloc, userID, groupID, ErrInvalid)
	}
	return u.o.tx.Albums().Like(groupID, albumID, lloc, userID, true)
}

// AddAlbumComment declares a member's comment on a picture (the seed, world files); Time 0 is
// now.
func (u *Universe) AddAlbumComment(c AlbumComment) error {
	if _, err := u.o.tx.Albums().GetMedia(c.GroupID, c.AlbumID, c.Lloc); err != nil {
		return fmt.Errorf("comment on picture %q: %w", c.Lloc, err)
	}
	if _, err := u.o.tx.Members().Get(c.GroupID, c.UserID); err != nil {
		return fmt.Errorf("comment on picture %q: %d is not a member of group %d: %w", c.Lloc, c.UserID, c.GroupID, ErrInvalid)
	}
	if err := albumText("content", c.Content, 1, maxAlbumCommentRunes); err != nil {
		return fmt.Errorf("comment on picture %q: %w", c.Lloc, err)
	}
	if c.Time == 0 {
		c.Time = u.o.now
	}
	return u.o.tx.Albums().AddComment(c)
}
