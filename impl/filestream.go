package impl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/filestream"
	"github.com/onespec/onespec/impl/world"
)

// uploads opens the stream upload store at its first use: under Options.StreamDir, else in a
// temporary directory of its own (an in-memory world has no data directory), deleted at
// Shutdown.
type uploads struct {
	dir string // Options.StreamDir; "" for a temporary one

	mu    sync.Mutex
	store *filestream.Store
	temp  bool
}

func (u *uploads) open() (*filestream.Store, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.store != nil {
		return u.store, nil
	}
	dir := u.dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "onespec-streams-")
		if err != nil {
			return nil, fmt.Errorf("stream directory: %w", err)
		}
		dir, u.temp = tmp, true
	}
	st, err := filestream.Open(dir, filestream.Limits{}, nil)
	if err != nil {
		return nil, err
	}
	u.store = st
	return st, nil
}

// opened is the store when an upload opened it, else nil (nothing was uploaded).
func (u *uploads) opened() *filestream.Store {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.store
}

// StreamDir is where upload_file_stream keeps completed files ("" before the first upload
// when the server has no stream directory of its own): a root from which bots may send files
// by path, wherever the server listens.
func (s *Server) StreamDir() string {
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	if s.uploads.store != nil {
		return s.uploads.store.Dir()
	}
	return s.uploads.dir
}

// close deletes a temporary stream directory; a data directory's stays until the next start.
func (u *uploads) close() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.store == nil || !u.temp {
		return nil
	}
	err := u.store.Close()
	u.store = nil
	return err
}

// streamFailure maps the upload store's errors to the world's, which failure maps to
// retcodes, keeping their message.
func streamFailure(err error) error {
	switch {
	case errors.Is(err, filestream.ErrInvalid):
		return alsoIs{err, world.ErrInvalid}
	case errors.Is(err, filestream.ErrNotFound):
		return alsoIs{err, world.ErrNotFound}
	}
	return err
}

// alsoIs is err that also is kind, with err's message.
type alsoIs struct{ err, kind error }

func (e alsoIs) Error() string   { return e.err.Error() }
func (e alsoIs) Unwrap() []error { return []error{e.err, e.kind} }

// UploadFileStream is upload_file_stream 上传文件流: one call of a chunked upload.
func (s *Server) UploadFileStream(ctx context.Context, req gen.UploadFileStreamRequestObject) (gen.UploadFileStreamResponseObject, error) {
	p := value(req.Body)
	st, err := s.uploads.open()
	if err != nil {
		return gen.UploadFileStream200JSONResponse(result(ctx, gen.UploadFileStreamData{}, err)), nil
	}
	c := filestream.Chunk{StreamID: p.StreamID, Data: value(p.ChunkData), TotalChunks: int(value(p.TotalChunks)),
		FileSize: value(p.FileSize), SHA256: value(p.ExpectedSha256), Complete: value(p.IsComplete), Filename: value(p.Filename),
		Reset: value(p.Reset), VerifyOnly: value(p.VerifyOnly), Retention: time.Duration(value(p.FileRetention)) * time.Millisecond}
	if p.ChunkIndex != nil {
		i := int(*p.ChunkIndex)
		c.Index = &i
	}
	pr, err := st.Upload(c)
	if err != nil {
		return gen.UploadFileStream200JSONResponse(result(ctx, gen.UploadFileStreamData{}, streamFailure(err))), nil
	}
	data := gen.UploadFileStreamData{Type: gen.UploadFileStreamDataTypeStream, StreamID: pr.StreamID, Status: gen.UploadFileStreamDataStatus(pr.Status),
		ReceivedChunks: int32(pr.ReceivedChunks), TotalChunks: int32(pr.TotalChunks)}
	if pr.Status == filestream.Complete {
		data.Type, data.FilePath, data.FileSize, data.Sha256 = gen.UploadFileStreamDataTypeResponse, &pr.Path, &pr.Size, &pr.SHA256
	}
	return gen.UploadFileStream200JSONResponse(result(ctx, data, nil)), nil
}

// CleanStreamTempFile is clean_stream_temp_file 清理流式传输临时文件: completed uploads go.
func (s *Server) CleanStreamTempFile(ctx context.Context, _ gen.CleanStreamTempFileRequestObject) (gen.CleanStreamTempFileResponseObject, error) {
	st, err := s.uploads.open()
	if err == nil {
		n := st.Clean()
		s.log.Debug("clean_stream_temp_file", "deleted", n)
	}
	return gen.CleanStreamTempFile200JSONResponse(done(ctx, err)), nil
}
