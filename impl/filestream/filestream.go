// Package filestream keeps NapCat's stream uploads (upload_file_stream): a file sent in
// base64 chunks over several calls, each chunk written to disk as it comes, joined and checked
// (size, SHA-256) when the client says it is complete, then kept as a file the bot can send by
// its path. Everything lives under one directory the Store owns; memory holds only which
// chunks of each upload arrived, and every quantity is bounded (Limits), so a client can
// neither fill memory nor the disk, and an upload it abandons expires.
package filestream

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Errors a caller maps to retcodes: ErrInvalid is the client's mistake or a limit (1400),
// ErrNotFound an upload that does not exist (any more).
var (
	ErrInvalid  = errors.New("invalid request")
	ErrNotFound = errors.New("not found")
)

// Limits bound the uploads; zero values mean the defaults (DefaultLimits).
type Limits struct {
	// ChunkBytes bounds one decoded chunk.
	ChunkBytes int64
	// FileBytes bounds one uploaded file.
	FileBytes int64
	// TotalBytes bounds every byte under the directory: chunks of uploads in progress and
	// the files completed and not yet expired.
	TotalBytes int64
	// Uploads bounds the uploads in progress at once.
	Uploads int
	// Chunks bounds total_chunks of one upload (memory keeps one flag per chunk).
	Chunks int
	// Idle is how long an upload in progress lives without a new chunk (NapCat: 10 minutes).
	Idle time.Duration
}

// DefaultLimits are NapCat's where it has them (10 minutes idle) and sized for images,
// voices and videos a bot sends otherwise.
var DefaultLimits = Limits{ChunkBytes: 4 << 20, FileBytes: 100 << 20, TotalBytes: 512 << 20, Uploads: 64, Chunks: 1 << 16, Idle: 10 * time.Minute}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.ChunkBytes > 0 {
		d.ChunkBytes = l.ChunkBytes
	}
	if l.FileBytes > 0 {
		d.FileBytes = l.FileBytes
	}
	if l.TotalBytes > 0 {
		d.TotalBytes = l.TotalBytes
	}
	if l.Uploads > 0 {
		d.Uploads = l.Uploads
	}
	if l.Chunks > 0 {
		d.Chunks = l.Chunks
	}
	if l.Idle > 0 {
		d.Idle = l.Idle
	}
	return d
}

// Status is where an upload stands, as NapCat names it.
type Status string

const (
	Created  Status = "file_created"   // known, answered to a call without a chunk
	Received Status = "chunk_received" // a chunk was stored
	Complete Status = "file_complete"  // joined, checked and kept at Path
	Reset    Status = "reset"          // dropped on the client's request
)

// Progress is the answer to one upload call.
type Progress struct {
	StreamID       string
	Status         Status
	ReceivedChunks int
	TotalChunks    int
	// Path, Size and SHA256 are set once Complete.
	Path   string
	Size   int64
	SHA256 string
}

// Chunk is one call of upload_file_stream.
type Chunk struct {
	StreamID string
	// Data is the chunk in base64; with Index set, it is stored.
	Data  string
	Index *int
	// TotalChunks is required by the first call of an upload.
	TotalChunks int
	// FileSize and SHA256 (hex), when given, are checked once the file is joined.
	FileSize int64
	SHA256   string
	// Complete asks to join the chunks (also done when a call without a chunk finds them all).
	Complete bool
	Filename string
	// Reset drops the upload and its file; VerifyOnly answers where it stands.
	Reset, VerifyOnly bool
	// Retention is how long the completed file is kept; 0 keeps it until Clean.
	Retention time.Duration
}

// Store keeps the uploads under its directory.
type Store struct {
	dir    string
	limits Limits
	now    func() time.Time

	mu      sync.Mutex
	uploads map[string]*upload
	done    map[string]kept // completed files by path
	bytes   int64           // on disk: chunks and completed files
}

type upload struct {
	id, key  string
	filename string
	total    int
	got      []bool
	received int
	bytes    int64
	size     int64
	sha256   string
	// retention is how long the completed file is kept (file_retention); 0: until Clean.
	retention time.Duration
	touched   time.Time
}

type kept struct {
	size    int64
	expires time.Time // zero: until Clean
}

// partsDir holds the chunks of the uploads in progress, one directory per upload.
const partsDir = ".parts"

// Dir is the stream directory of a data directory: where onespec serve keeps uploads, a root
// from which the bot may send files by path even when the server listens beyond loopback.
func Dir(dataDir string) string { return filepath.Join(dataDir, "streams") }

// Open keeps uploads under dir, creating it. What an earlier server left there is deleted:
// uploads are temporary files (NapCat's are in its temp directory), and their state is gone.
func Open(dir string, limits Limits, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	if err := removeMade(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, partsDir), 0o755); err != nil {
		return nil, fmt.Errorf("stream directory: %w", err)
	}
	return &Store{dir: dir, limits: limits.withDefaults(), now: now, uploads: map[string]*upload{}, done: map[string]kept{}}, nil
}

// Dir is where the Store keeps its files.
func (s *Store) Dir() string { return s.dir }

// key names an upload on disk: the client chooses stream ids, so they never become paths.
func key(streamID string) string {
	sum := sha256.Sum256([]byte(streamID))
	return hex.EncodeToString(sum[:12])
}

// Upload handles one call of upload_file_stream, as NapCat does: Reset drops the upload,
// VerifyOnly answers where it stands, a chunk is stored (again: ignored), and a call with
// Complete, or without a chunk once all arrived, joins the file.
func (s *Store) Upload(c Chunk) (Progress, error) {
	if c.StreamID == "" {
		return Progress{}, fmt.Errorf("stream_id: empty: %w", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	u := s.uploads[c.StreamID]
	switch {
	case c.Reset:
		if u != nil {
			s.drop(u)
		}
		return Progress{StreamID: c.StreamID, Status: Reset}, nil
	case c.VerifyOnly:
		if u == nil {
			return Progress{}, fmt.Errorf("stream %q: no upload in progress (it completed, expired or never began): %w", c.StreamID, ErrNotFound)
		}
		return u.progress(Created), nil
	}
	if u == nil {
		var err error
		if u, err = s.begin(c); err != nil {
			return Progress{}, err
		}
	}
	u.touched = s.now()
	if c.Index != nil && c.Data != "" {
		return s.store(u, *c.Index, c.Data)
	}
	if c.Complete || u.received == u.total {
		return s.complete(u)
	}
	return u.progress(Created), nil
}

func (u *upload) progress(st Status) Progress {
	return Progress{StreamID: u.id, Status: st, ReceivedChunks: u.received, TotalChunks: u.total}
}

func (s *Store) begin(c Chunk) (*upload, error) {
	l := s.limits
	switch {
	case c.TotalChunks <= 0:
		return nil, fmt.Errorf("total_chunks: %d; the first call of an upload says how many chunks it has (1 or more): %w", c.TotalChunks, ErrInvalid)
	case c.TotalChunks > l.Chunks:
		return nil, fmt.Errorf("total_chunks: %d, more than the %d chunks one upload may have: %w", c.TotalChunks, l.Chunks, ErrInvalid)
	case c.FileSize < 0 || c.FileSize > l.FileBytes:
		return nil, fmt.Errorf("file_size: %d, not within 0-%d bytes: %w", c.FileSize, l.FileBytes, ErrInvalid)
	case c.Retention < 0:
		return nil, fmt.Errorf("file_retention: %v; 0 keeps the file until clean_stream_temp_file, more keeps it that long: %w", c.Retention, ErrInvalid)
	case c.SHA256 != "" && !isSHA256(c.SHA256):
		return nil, fmt.Errorf("expected_sha256: %q is not 64 hex digits: %w", c.SHA256, ErrInvalid)
	case len(s.uploads) >= l.Uploads:
		return nil, fmt.Errorf("%d uploads are in progress, the most at once: complete or reset one first: %w", len(s.uploads), ErrInvalid)
	}
	name, err := fileName(c.Filename)
	if err != nil {
		return nil, err
	}
	u := &upload{id: c.StreamID, key: key(c.StreamID), filename: name, total: c.TotalChunks, got: make([]bool, c.TotalChunks),
		size: c.FileSize, sha256: strings.ToLower(c.SHA256), retention: c.Retention}
	if name == "" {
		u.filename = "upload_" + u.key
	}
	if err := os.MkdirAll(s.parts(u), 0o755); err != nil {
		return nil, fmt.Errorf("stream %q: %w", c.StreamID, err)
	}
	s.uploads[c.StreamID] = u
	return u, nil
}

// fileName is the client's file name, which becomes the last element of a path: a base name
// only ("a/b", "..", "." are refused, not rewritten, so the path answered is the one asked).
func fileName(name string) (string, error) {
	if name == "" {
		return "", nil
	}
	if name == "." || name == ".." || strings.ContainsAny(name, `/\`+"\x00") || len(name) > 255 {
		return "", fmt.Errorf("filename: %q; a file name without a directory (no / or \\, not . or .., at most 255 bytes): %w", name, ErrInvalid)
	}
	return name, nil
}

func isSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == sha256.Size
}

func (s *Store) parts(u *upload) string { return filepath.Join(s.dir, partsDir, u.key) }

func (s *Store) chunkPath(u *upload, i int) string {
	return filepath.Join(s.parts(u), strconv.Itoa(i)+".chunk")
}

func (s *Store) store(u *upload, index int, data string) (Progress, error) {
	l := s.limits
	if index < 0 || index >= u.total {
		return Progress{}, fmt.Errorf("chunk_index: %d, not within 0-%d (total_chunks %d): %w", index, u.total-1, u.total, ErrInvalid)
	}
	if u.got[index] { // sent again (a retry): received already, whatever the data
		return u.progress(Received), nil
	}
	if int64(base64.StdEncoding.DecodedLen(len(data))) > l.ChunkBytes+2 {
		return Progress{}, fmt.Errorf("chunk_data: more than %d bytes in one chunk: send smaller chunks: %w", l.ChunkBytes, ErrInvalid)
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return Progress{}, fmt.Errorf("chunk_data: not valid base64: %w", ErrInvalid)
	}
	switch n := int64(len(b)); {
	case n > l.ChunkBytes:
		return Progress{}, fmt.Errorf("chunk_data: %d bytes, more than %d in one chunk: %w", n, l.ChunkBytes, ErrInvalid)
	case u.bytes+n > l.FileBytes || (u.size > 0 && u.bytes+n > u.size):
		return Progress{}, fmt.Errorf("chunk %d: the upload would be %d bytes, more than its file_size %d or the %d bytes a file may have: %w",
			index, u.bytes+n, u.size, l.FileBytes, ErrInvalid)
	case s.bytes+n > l.TotalBytes:
		return Progress{}, fmt.Errorf("chunk %d: uploads hold %d bytes, and %d more pass the %d they may: complete, reset or clean some first: %w",
			index, s.bytes, n, l.TotalBytes, ErrInvalid)
	}
	if err := os.WriteFile(s.chunkPath(u, index), b, 0o644); err != nil {
		return Progress{}, fmt.Errorf("stream %q chunk %d: %w", u.id, index, err)
	}
	u.got[index] = true
	u.received++
	u.bytes += int64(len(b))
	s.bytes += int64(len(b))
	return u.progress(Received), nil
}

// complete joins the chunks into the file, checks it and forgets the upload; a file that
// fails a check is not kept, and the upload stays, so the client may reset it.
func (s *Store) complete(u *upload) (Progress, error) {
	if u.received < u.total {
		for i, ok := range u.got {
			if !ok {
				return Progress{}, fmt.Errorf("stream %q: chunk %d of %d is missing (%d received): %w", u.id, i, u.total, u.received, ErrInvalid)
			}
		}
	}
	if u.size > 0 && u.bytes != u.size {
		return Progress{}, fmt.Errorf("stream %q: %d bytes received, file_size said %d: %w", u.id, u.bytes, u.size, ErrInvalid)
	}
	if s.bytes+u.bytes > s.limits.TotalBytes {
		return Progress{}, fmt.Errorf("stream %q: joining its %d bytes passes the %d uploads may hold: clean some first: %w", u.id, u.bytes, s.limits.TotalBytes, ErrInvalid)
	}
	final := filepath.Join(s.dir, u.key, u.filename)
	sum, err := s.join(u, final)
	if err != nil {
		return Progress{}, err
	}
	if u.sha256 != "" && sum != u.sha256 {
		_ = os.Remove(final)
		return Progress{}, fmt.Errorf("stream %q: SHA-256 mismatch: expected %s, got %s: %w", u.id, u.sha256, sum, ErrInvalid)
	}
	if old, ok := s.done[final]; ok { // the same stream id and name uploaded again
		s.bytes -= old.size
	}
	k := kept{size: u.bytes}
	if u.retention > 0 {
		k.expires = s.now().Add(u.retention)
	}
	s.done[final] = k
	s.bytes += u.bytes
	p := u.progress(Complete)
	p.Path, p.Size, p.SHA256 = final, u.bytes, sum
	s.drop(u)
	return p, nil
}

func (s *Store) join(u *upload, final string) (string, error) {
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", fmt.Errorf("stream %q: %w", u.id, err)
	}
	f, err := os.CreateTemp(filepath.Dir(final), ".join*")
	if err != nil {
		return "", fmt.Errorf("stream %q: %w", u.id, err)
	}
	h := sha256.New()
	w := io.MultiWriter(f, h)
	for i := range u.total {
		if err = appendFile(w, s.chunkPath(u, i)); err != nil {
			break
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), final)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("stream %q: joining its chunks: %w", u.id, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func appendFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// drop forgets an upload in progress and deletes its chunks.
func (s *Store) drop(u *upload) {
	_ = os.RemoveAll(s.parts(u))
	s.bytes -= u.bytes
	delete(s.uploads, u.id)
}

// expire drops the uploads idle beyond Limits.Idle and the completed files whose retention
// ended; it runs at every call, so nothing needs a timer.
func (s *Store) expire() {
	now := s.now()
	for _, u := range s.uploads {
		if now.Sub(u.touched) > s.limits.Idle {
			s.drop(u)
		}
	}
	for p, k := range s.done {
		if !k.expires.IsZero() && !now.Before(k.expires) {
			s.forget(p, k)
		}
	}
}

func (s *Store) forget(path string, k kept) {
	if err := os.Remove(path); err == nil || errors.Is(err, fs.ErrNotExist) {
		_ = os.Remove(filepath.Dir(path)) // the upload's directory, once empty
	}
	s.bytes -= k.size
	delete(s.done, path)
}

// Clean deletes every completed file (clean_stream_temp_file) and reports how many; uploads
// in progress go on.
func (s *Store) Clean() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.done)
	for p, k := range s.done {
		s.forget(p, k)
	}
	return n
}

// Has reports whether path is a completed upload the store still keeps.
func (s *Store) Has(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	_, ok := s.done[filepath.Clean(path)]
	return ok
}

// Close deletes the files the store made, and the directory when that leaves it empty.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.uploads, s.done, s.bytes = map[string]*upload{}, map[string]kept{}, 0
	err := removeMade(s.dir)
	_ = os.Remove(s.dir)
	return err
}

// removeMade deletes what a store made under dir (the chunks directory and the uploads'
// directories, named by key), never anything else someone put there.
func removeMade(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stream directory: %w", err)
	}
	for _, e := range entries {
		if name := e.Name(); e.IsDir() && (name == partsDir || (len(name) == 24 && isHex(name))) {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("stream directory: %w", err)
			}
		}
	}
	return nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}
