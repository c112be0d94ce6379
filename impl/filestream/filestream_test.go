package filestream

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clock is a test's time: uploads expire when it moves, not when the wall clock does.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func open(t *testing.T, l Limits) (*Store, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s, err := Open(filepath.Join(t.TempDir(), "streams"), l, c.now)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func ptr(i int) *int { return &i }

func sum(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

// A file sent in chunks, out of order and with a retry, is joined in order, checked and kept.
func TestUploadJoinsChunksInOrder(t *testing.T) {
	s, _ := open(t, Limits{})
	parts := []string{"Hello, ", "流式", " world"}
	whole := strings.Join(parts, "")
	first := Chunk{StreamID: "s1", TotalChunks: 3, FileSize: int64(len(whole)), SHA256: sum(whole), Filename: "hello.txt"}
	for _, i := range []int{2, 0, 0, 1} {
		c := first
		c.Index, c.Data = ptr(i), b64(parts[i])
		if _, err := s.Upload(c); err != nil {
			t.Fatalf("chunk %d: %v", i, err)
		}
	}
	p, err := s.Upload(Chunk{StreamID: "s1", Complete: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != Complete || p.ReceivedChunks != 3 || p.Size != int64(len(whole)) || p.SHA256 != sum(whole) || filepath.Base(p.Path) != "hello.txt" {
		t.Fatalf("completed: %+v", p)
	}
	if b, err := os.ReadFile(p.Path); err != nil || string(b) != whole {
		t.Fatalf("the file holds %q, %v", b, err)
	}
	if !s.Has(p.Path) {
		t.Error("Has: the completed file is not known")
	}
	if _, err := s.Upload(Chunk{StreamID: "s1", VerifyOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("verify_only after completion: %v, want ErrNotFound", err)
	}
}

// Every rule refuses with ErrInvalid and a message naming the field or the limit.
func TestUploadRefuses(t *testing.T) {
	limits := Limits{ChunkBytes: 8, FileBytes: 16, TotalBytes: 32, Uploads: 2, Chunks: 4}
	tests := []struct {
		name  string
		setup []Chunk
		call  Chunk
		want  string
	}{
		{"no stream id", nil, Chunk{TotalChunks: 1}, "stream_id"},
		{"no total_chunks", nil, Chunk{StreamID: "a", Index: ptr(0), Data: b64("x")}, "total_chunks"},
		{"too many chunks", nil, Chunk{StreamID: "a", TotalChunks: 5}, "total_chunks"},
		{"file too big", nil, Chunk{StreamID: "a", TotalChunks: 1, FileSize: 17}, "file_size"},
		{"bad sha", nil, Chunk{StreamID: "a", TotalChunks: 1, SHA256: "abc"}, "expected_sha256"},
		{"path in filename", nil, Chunk{StreamID: "a", TotalChunks: 1, Filename: "../x"}, "filename"},
		{"dot dot filename", nil, Chunk{StreamID: "a", TotalChunks: 1, Filename: ".."}, "filename"},
		{"index out of range", nil, Chunk{StreamID: "a", TotalChunks: 2, Index: ptr(2), Data: b64("x")}, "chunk_index"},
		{"negative index", nil, Chunk{StreamID: "a", TotalChunks: 2, Index: ptr(-1), Data: b64("x")}, "chunk_index"},
		{"not base64", nil, Chunk{StreamID: "a", TotalChunks: 1, Index: ptr(0), Data: "!!!"}, "base64"},
		{"chunk too big", nil, Chunk{StreamID: "a", TotalChunks: 1, Index: ptr(0), Data: b64("123456789")}, "chunk"},
		{"beyond file_size", nil, Chunk{StreamID: "a", TotalChunks: 2, FileSize: 3, Index: ptr(0), Data: b64("1234")}, "file_size"},
		{"too many uploads", []Chunk{{StreamID: "a", TotalChunks: 1}, {StreamID: "b", TotalChunks: 1}}, Chunk{StreamID: "c", TotalChunks: 1}, "uploads are in progress"},
		{"missing chunk", []Chunk{{StreamID: "a", TotalChunks: 2, Index: ptr(1), Data: b64("x")}}, Chunk{StreamID: "a", Complete: true}, "chunk 0 of 2 is missing"},
		{"size mismatch", []Chunk{{StreamID: "a", TotalChunks: 1, FileSize: 4, Index: ptr(0), Data: b64("xy")}}, Chunk{StreamID: "a", Complete: true}, "file_size said 4"},
		{"sha mismatch", []Chunk{{StreamID: "a", TotalChunks: 1, SHA256: sum("no"), Index: ptr(0), Data: b64("yes")}}, Chunk{StreamID: "a", Complete: true}, "SHA-256 mismatch"},
		{"negative retention", nil, Chunk{StreamID: "a", TotalChunks: 1, Retention: -time.Second}, "file_retention"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := open(t, limits)
			for _, c := range tt.setup {
				if _, err := s.Upload(c); err != nil {
					t.Fatalf("setup: %v", err)
				}
			}
			_, err := s.Upload(tt.call)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrInvalid naming %q", err, tt.want)
			}
		})
	}
}

// The bytes of every upload together are bounded: a chunk beyond TotalBytes is refused, and
// resetting an upload gives its bytes back.
func TestUploadBoundsTotalBytes(t *testing.T) {
	s, _ := open(t, Limits{ChunkBytes: 8, FileBytes: 8, TotalBytes: 12})
	if _, err := s.Upload(Chunk{StreamID: "a", TotalChunks: 1, Index: ptr(0), Data: b64("12345678")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Upload(Chunk{StreamID: "b", TotalChunks: 1, Index: ptr(0), Data: b64("12345678")}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("beyond TotalBytes: %v", err)
	}
	if p, err := s.Upload(Chunk{StreamID: "a", Reset: true}); err != nil || p.Status != Reset {
		t.Fatalf("reset: %+v %v", p, err)
	}
	if _, err := s.Upload(Chunk{StreamID: "b", TotalChunks: 1, Index: ptr(0), Data: b64("12345678")}); err != nil {
		t.Fatalf("after the reset: %v", err)
	}
}

// An idle upload expires with its chunks; a completed file lives its retention, or until Clean.
func TestUploadsExpire(t *testing.T) {
	s, c := open(t, Limits{Idle: time.Minute})
	if _, err := s.Upload(Chunk{StreamID: "idle", TotalChunks: 2, Index: ptr(0), Data: b64("x")}); err != nil {
		t.Fatal(err)
	}
	kept := func(id string, retention time.Duration) string {
		if _, err := s.Upload(Chunk{StreamID: id, TotalChunks: 1, Retention: retention, Index: ptr(0), Data: b64(id)}); err != nil {
			t.Fatal(err)
		}
		p, err := s.Upload(Chunk{StreamID: id})
		if err != nil || p.Status != Complete {
			t.Fatalf("%s: %+v %v", id, p, err)
		}
		return p.Path
	}
	short, forever := kept("short", 30*time.Second), kept("forever", 0)
	c.t = c.t.Add(2 * time.Minute)
	if _, err := s.Upload(Chunk{StreamID: "idle", VerifyOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("an idle upload still answers: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(s.Dir(), partsDir))
	if len(entries) != 0 {
		t.Errorf("the idle upload's chunks stay: %v", entries)
	}
	if s.Has(short) {
		t.Error("a file past its retention is kept")
	}
	if _, err := os.Stat(short); !os.IsNotExist(err) {
		t.Errorf("the expired file is still on disk: %v", err)
	}
	if !s.Has(forever) {
		t.Error("a file without retention is gone")
	}
	if n := s.Clean(); n != 1 || s.Has(forever) {
		t.Errorf("Clean removed %d files; forever kept: %v", n, s.Has(forever))
	}
}

// Opening a directory deletes what an earlier store made there and nothing else.
func TestOpenDeletesOnlyWhatItMade(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "streams")
	s, err := Open(dir, Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Upload(Chunk{StreamID: "a", TotalChunks: 1, Index: ptr(0), Data: b64("a")}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Upload(Chunk{StreamID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Limits{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p.Path); !os.IsNotExist(err) {
		t.Errorf("an earlier upload survives: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("someone else's file was deleted: %v", err)
	}
}
