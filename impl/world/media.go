package world

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/onespec/onespec/impl/cqcode"
)

// FileKind says which cache a received file is in.
type FileKind string

const (
	ImageFile  FileKind = "image"
	RecordFile FileKind = "record"
)

// File is a received image or voice file in the cache.
type File struct {
	Name string
	Kind FileKind
	URL  string
	Size int64
	// Hash is the content hash of a file whose bytes the world stores (MediaStore), else "".
	Hash string
}

// MediaIndex is the store's list of the media files a MediaStore holds, with their sizes.
type MediaIndex interface {
	Put(hash string, size int64) error
	// Has reports whether the store knows media hash (its file is to be kept).
	Has(hash string) (bool, error)
	Bytes() (int64, error)
	// Unreferenced removes and returns the media no message (nor album picture) references any more (and the
	// cached files naming them), so their files can go.
	Unreferenced() ([]string, error)
	// Messages lists the messages that reference media hash.
	Messages(hash string) ([]int32, error)
}

// FileStore is the cache of received image and voice files.
type FileStore interface {
	Get(kind FileKind, name string) (File, error)
	Put(File) error
}

// MediaStore keeps the bytes of media sent in messages, content-addressed under a directory:
// the same picture sent twice is stored once, and a file is deleted when the last message
// referring to it falls out of retention.
type MediaStore struct {
	dir string
}

// MediaURLPath is where the server serves stored media: MediaURLPath + a stored file's name
// (<sha256>.<kind>), without a token, the name being the capability (as QQ's CDN URLs are).
const MediaURLPath = "/media/"

// Served is the stored file a request path under MediaURLPath names: its hash, when the name
// has the form of one (<64 hex>.<kind>); the caller checks the store still keeps it.
func (*MediaStore) Served(name string) (hash string, ok bool) {
	hash, kind, _ := strings.Cut(name, ".")
	if len(hash) != 64 || !isLowerHex(hash) || !slices.Contains([]string{string(ImageFile), string(RecordFile), "video", "file"}, kind) {
		return "", false
	}
	return hash, true
}

// NewMediaStore keeps media under dir, creating it.
func NewMediaStore(dir string) (*MediaStore, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("media directory: %w", err)
	}
	return &MediaStore{dir: dir}, nil
}

// MadeKind says whether a file under the media directory is one the store made.
type MadeKind int

const (
	// NotMade is any file the store did not make: someone else's, never deleted.
	NotMade MadeKind = iota
	// MadeMedia is a stored medium: <dir>/<2 hex>/<64 hex>.
	MadeMedia
	// MadeTemp is a write the store began: <dir>/<2 hex>/<64 hex>.tmp<digits>.
	MadeTemp
	// MadeConverted is a stored voice converted by get_record: <dir>/<2 hex>/<64 hex>.<format>.
	MadeConverted
)

// Made says whether path is a file the store made, and its hash: only such files are ever
// deleted (by the sweep, expiry or a reset), so a user's files kept under the media directory
// survive whatever they are called.
func (s *MediaStore) Made(path string) (hash string, kind MadeKind) {
	rel, err := filepath.Rel(s.dir, path)
	if err != nil {
		return "", NotMade
	}
	sub, name, ok := strings.Cut(filepath.ToSlash(rel), "/")
	if !ok || len(sub) != 2 || !isLowerHex(sub) || len(name) < 64 || !isLowerHex(name[:64]) {
		return "", NotMade
	}
	switch rest := name[64:]; {
	case rest == "":
		return name, MadeMedia
	case strings.HasPrefix(rest, ".tmp") && isDigits(rest[len(".tmp"):]):
		return name[:64], MadeTemp
	}
	// A voice get_record converted (<64 hex>.<format>), kept while its original is, and
	// ffmpeg's write of one cut short (<64 hex>.<format>.tmp.<format>).
	format, tmp, _ := strings.Cut(strings.TrimPrefix(name[64:], "."), ".tmp.")
	if strings.HasPrefix(name[64:], ".") && convertedFormats[format] && (tmp == "" || tmp == format) {
		if tmp != "" {
			return name[:64], MadeTemp
		}
		return name[:64], MadeConverted
	}
	return "", NotMade
}

// convertedFormats are the out_format values of get_record, whose conversions the store keeps.
var convertedFormats = map[string]bool{"mp3": true, "amr": true, "wma": true, "m4a": true, "spx": true, "ogg": true, "wav": true, "flac": true}

func isLowerHex(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func (s *MediaStore) path(hash string) string { return filepath.Join(s.dir, hash[:2], hash) }

// Path is where the bytes of hash live.
func (s *MediaStore) Path(hash string) string { return s.path(hash) }

// put writes data under its hash, durably (written, synced, then renamed into place), before
// the transaction that references it commits.
func (s *MediaStore) put(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	p := s.path(hash)
	if _, err := os.Stat(p); err == nil {
		return hash, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", fmt.Errorf("media directory: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), hash+".tmp*")
	if err != nil {
		return "", fmt.Errorf("storing media: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("storing media %s: %w", hash, err)
	}
	return hash, nil
}

func (s *MediaStore) remove(hash string) error {
	p := s.path(hash)
	for format := range convertedFormats { // its conversions go with it
		if err := os.Remove(p + "." + format); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// mediaKinds are the segments whose file a client may send inline as base64.
var mediaKinds = map[string]FileKind{"image": ImageFile, "record": RecordFile, "video": "video"}

// inlineMediaBytes is the decoded size of segs' inline (base64://) media, from the encoded
// lengths: known before anything is decoded or written.
func inlineMediaBytes(segs []cqcode.Segment) int64 {
	var total int64
	for _, seg := range segs {
		if _, ok := mediaKinds[seg.Type]; !ok {
			continue
		}
		file, _ := seg.Data.Get("file").(string)
		if encoded, ok := strings.CutPrefix(file, "base64://"); ok {
			encoded = strings.TrimRight(encoded, "=")
			total += int64(len(encoded)) * 3 / 4
		}
	}
	return total
}

// storeMedia stores inline (base64://) media of segs and returns the segments naming the stored
// file instead (as QQ hands back a file name, not the bytes) and the hashes referenced.
func (w *World) storeMedia(tx Tx, segs []cqcode.Segment) ([]cqcode.Segment, []string, error) {
	if w.opts.Media == nil {
		return segs, nil, nil
	}
	if limit := w.opts.Retention.MediaBytes; limit > 0 {
		if size := inlineMediaBytes(segs); size > limit {
			return nil, nil, fmt.Errorf("the message's media are %d bytes, more than all stored media may hold (--retain-media-bytes %d): it would be forgotten at once: %w",
				size, limit, ErrInvalid)
		}
	}
	var hashes []string
	out, copied := segs, false
	for i, seg := range segs {
		kind, ok := mediaKinds[seg.Type]
		if !ok {
			continue
		}
		file, _ := seg.Data.Get("file").(string)
		encoded, ok := strings.CutPrefix(file, "base64://")
		if !ok {
			// A received file sent on: the message references its stored bytes too.
			if f, err := tx.Files().Get(kind, file); err == nil && f.Hash != "" {
				hashes = append(hashes, f.Hash)
			} else if err != nil && !errors.Is(err, ErrNotFound) {
				return nil, nil, err
			}
			continue
		}
		data, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			return nil, nil, fmt.Errorf("message.%d (%s): file is not valid base64: %w", i, seg.Type, ErrInvalid)
		}
		hash, err := w.opts.Media.put(data)
		if err != nil {
			return nil, nil, err
		}
		if err := tx.Media().Put(hash, int64(len(data))); err != nil {
			return nil, nil, err
		}
		name := hash + "." + string(kind)
		u := w.mediaURL(name)
		if u == "" {
			u = "file://" + w.opts.Media.path(hash)
		}
		if err := tx.Files().Put(File{Name: name, Kind: kind, URL: u, Size: int64(len(data)), Hash: hash}); err != nil {
			return nil, nil, err
		}
		if !copied {
			out, copied = slices.Clone(segs), true
		}
		named := seg.Data.With("file", name)
		if served := w.mediaURL(name); served != "" {
			// The url a receiving bot downloads from (the segments' readOnly url), never the
			// data directory's path.
			named = named.With("url", served)
		}
		out[i] = cqcode.Segment{Type: seg.Type, Data: named}
		hashes = append(hashes, hash)
	}
	return out, hashes, nil
}

// RemoveMedia deletes every file a media store made under dir, and the directories that leaves
// empty; the user's files stay. A missing dir holds nothing.
func RemoveMedia(dir string) error {
	s := &MediaStore{dir: dir}
	var made, dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist) && path == dir:
			return fs.SkipAll
		case err != nil:
			return err
		case d.IsDir():
			dirs = append(dirs, path)
		default:
			if _, kind := s.Made(path); kind != NotMade {
				made = append(made, path)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("removing media: %w", err)
	}
	for _, p := range made {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("removing media: %w", err)
		}
	}
	for i := len(dirs) - 1; i >= 0; i-- { // deepest first; a directory still holding files stays
		_ = os.Remove(dirs[i])
	}
	return nil
}

// SweepMedia deletes media files the store does not know: written for an operation that then
// failed or was cut short by a crash before its commit. It runs at start, before any
// operation, and returns how many files it deleted.
func (w *World) SweepMedia(ctx context.Context) (int, error) {
	if w.opts.Media == nil {
		return 0, nil
	}
	w.writes.Lock()
	defer w.writes.Unlock()
	var orphans []string
	err := filepath.WalkDir(w.opts.Media.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name, kind := w.opts.Media.Made(path)
		switch kind {
		case NotMade: // the user's own file: never deleted
			return nil
		case MadeTemp: // a write that never reached its rename
			orphans = append(orphans, path)
			return nil
		}
		var known bool
		err = w.store.View(ctx, func(tx Tx) error {
			var err error
			known, err = tx.Media().Has(name)
			return err
		})
		if err == nil && !known {
			orphans = append(orphans, path)
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sweeping media: %w", err)
	}
	for _, p := range orphans {
		if err := os.Remove(p); err != nil {
			return 0, fmt.Errorf("sweeping media: %w", err)
		}
	}
	return len(orphans), nil
}

// dropMedia forgets media no message references any more and deletes their files once the
// transaction has committed (a rolled-back transaction keeps them).
func (w *World) dropMedia(o *op) error {
	if w.opts.Media == nil {
		return nil
	}
	hashes, err := o.tx.Media().Unreferenced()
	if err != nil || len(hashes) == 0 {
		return err
	}
	o.after = append(o.after, func() {
		// An operation committed in the same transaction after this one may have sent the
		// same file again: what the store knows once everything committed is kept.
		if err := w.store.View(context.Background(), func(tx Tx) error {
			gone := hashes[:0:0]
			for _, h := range hashes {
				if known, err := tx.Media().Has(h); err != nil {
					return err
				} else if !known {
					gone = append(gone, h)
				}
			}
			hashes = gone
			return nil
		}); err != nil {
			w.log.Warn("deleting expired media", "err", err)
			return
		}
		for _, h := range hashes {
			if err := w.opts.Media.remove(h); err != nil {
				w.log.Warn("deleting expired media", "hash", h, "err", err)
			}
		}
	})
	return nil
}

// StoredMedia is the bytes a served name (<sha256>.<kind>) names, when the world still keeps
// them: the local path of the stored file, or the content itself for a group file kept inline
// (a world without a media store); ErrNotFound otherwise.
func (w *World) StoredMedia(ctx context.Context, name string) (path string, inline []byte, err error) {
	hash, ok := w.opts.Media.Served(name)
	if !ok {
		return "", nil, fmt.Errorf("media %q: not a stored file's name: %w", name, ErrNotFound)
	}
	err = w.store.View(ctx, func(tx Tx) error {
		if strings.HasSuffix(name, "."+groupFileKind) {
			path, inline, err = w.groupFileContent(tx, hash)
			return err
		}
		if w.opts.Media == nil {
			return fmt.Errorf("media %q: the world keeps no media files: %w", name, ErrNotFound)
		}
		known, err := tx.Media().Has(hash)
		if err == nil && !known {
			err = fmt.Errorf("media %q: %w", name, ErrNotFound)
		}
		path = w.opts.Media.path(hash)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return path, inline, nil
}

// MediaPath is the local path of stored content hash ("" when the world keeps no media).
func (w *World) MediaPath(hash string) string {
	if w.opts.Media == nil || hash == "" {
		return ""
	}
	return w.opts.Media.path(hash)
}

// SetMediaURLBase says where the server that serves the world's media listens
// ("http://127.0.0.1:5700"): received segments, get_image and group file URLs then point
// there. Before it is set, received segments carry no url and get_image the file:// URI.
func (w *World) SetMediaURLBase(base string) {
	base = strings.TrimSuffix(base, "/")
	w.mediaBase.Store(&base)
}

// servedURL is where the server serves the stored file name: under the base SetMediaURLBase
// gave, or, before, the path on this server.
func (w *World) servedURL(name string) string {
	if u := w.mediaURL(name); u != "" {
		return u
	}
	return MediaURLPath + name
}

// mediaURL is where the server serves the stored file name, "" before SetMediaURLBase.
func (w *World) mediaURL(name string) string {
	if b := w.mediaBase.Load(); b != nil && *b != "" {
		return *b + MediaURLPath + name
	}
	return ""
}
