package impl

import (
	"context"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// flashUploads reads create_flash_task's files: base64:// (named after the set, numbered when
// there are several) or a path upload_file_stream answered (named by its last element).
func (s *Server) flashUploads(files []string, name string) ([]world.FlashUpload, error) {
	if name == "" {
		name = "file"
	}
	out := make([]world.FlashUpload, len(files))
	for i, file := range files {
		data, err := world.DecodeFaceData(file)
		if err != nil {
			return nil, fmt.Errorf("files[%d]: %w", i, err)
		}
		up := world.FlashUpload{Name: name, Content: data}
		if len(files) > 1 {
			up.Name = fmt.Sprintf("%s-%d", name, i+1)
		}
		if data == nil {
			p := strings.TrimPrefix(file, "file://")
			if st := s.uploads.opened(); st == nil || !st.Has(p) {
				return nil, invalid("files[%d] %q: not a file this server can read (a path upload_file_stream answered, or base64://)", i, file)
			}
			if info, err := os.Stat(p); err == nil && info.Size() > world.MaxFlashFileBytes {
				return nil, invalid("files[%d]: %d bytes, more than the %d a flash file may have", i, info.Size(), world.MaxFlashFileBytes)
			}
			if up.Content, err = os.ReadFile(p); err != nil {
				return nil, fmt.Errorf("files[%d]: %w", i, err)
			}
			up.Name = path.Base(p)
		}
		out[i] = up
	}
	return out, nil
}

// CreateFlashTask is create_flash_task 创建闪传任务.
func (s *Server) CreateFlashTask(ctx context.Context, req gen.CreateFlashTaskRequestObject) (gen.CreateFlashTaskResponseObject, error) {
	p := value(req.Body)
	var out gen.FlashFileSet
	ups, err := s.flashUploads(p.Files, value(p.Name))
	if err == nil {
		var set world.FlashSet
		var files []world.FlashFile
		set, files, err = s.bot(ctx).CreateFlashSet(ctx, value(p.Name), ups)
		out = flashFileSet(set, files)
	}
	return gen.CreateFlashTask200JSONResponse(result(ctx, out, err)), nil
}

// flashFileSet is a set as create_flash_task answers it.
func flashFileSet(set world.FlashSet, files []world.FlashFile) gen.FlashFileSet {
	out := gen.FlashFileSet{FilesetID: set.ID, Name: set.Name, OwnerID: set.OwnerID, FileCount: len(files),
		ShareLink: world.FlashShareLink(set.Code), Time: set.Time}
	for _, f := range files {
		out.TotalSize += f.Size
	}
	return out
}

// GetFlashFileList is get_flash_file_list 获取闪传文件列表.
func (s *Server) GetFlashFileList(ctx context.Context, req gen.GetFlashFileListRequestObject) (gen.GetFlashFileListResponseObject, error) {
	_, files, err := s.bot(ctx).FlashFiles(ctx, value(req.Body).FilesetID)
	list := make(gen.FlashFileList, len(files))
	for i, f := range files {
		list[i] = gen.FlashFile{FileIndex: f.Index, FileName: f.Name, Size: f.Size}
	}
	return gen.GetFlashFileList200JSONResponse(result(ctx, list, err)), nil
}

// GetFlashFileURL is get_flash_file_url 获取闪传文件链接: file_name picks the file, else
// file_index.
func (s *Server) GetFlashFileURL(ctx context.Context, req gen.GetFlashFileURLRequestObject) (gen.GetFlashFileURLResponseObject, error) {
	p := value(req.Body)
	var out gen.FlashFileURL
	_, files, err := s.bot(ctx).FlashFiles(ctx, p.FilesetID)
	if err == nil {
		err = fmt.Errorf("file_index %d: flash set %s has %d files (from 0): %w", value(p.FileIndex), p.FilesetID, len(files), world.ErrNotFound)
		if p.FileName != nil {
			err = fmt.Errorf("file_name %q: flash set %s has no file of that name: %w", *p.FileName, p.FilesetID, world.ErrNotFound)
		}
		for _, f := range files {
			if (p.FileName != nil && f.Name == *p.FileName) || (p.FileName == nil && f.Index == value(p.FileIndex)) {
				out, err = gen.FlashFileURL{FileIndex: f.Index, FileName: f.Name, Size: f.Size, URL: s.world.FlashFileURL(f)}, nil
				break
			}
		}
	}
	if err == nil && out.URL == "" {
		err = fmt.Errorf("file %d of flash set %s: this server keeps no bytes of it: %w", out.FileIndex, p.FilesetID, world.ErrNotFound)
	}
	return gen.GetFlashFileURL200JSONResponse(result(ctx, out, err)), nil
}

// GetShareLink is get_share_link 获取闪传分享链接.
func (s *Server) GetShareLink(ctx context.Context, req gen.GetShareLinkRequestObject) (gen.GetShareLinkResponseObject, error) {
	set, _, err := s.bot(ctx).FlashFiles(ctx, value(req.Body).FilesetID)
	out := gen.FlashShareLink{FilesetID: set.ID, ShareLink: world.FlashShareLink(set.Code), ShareCode: set.Code}
	return gen.GetShareLink200JSONResponse(result(ctx, out, err)), nil
}

// GetFilesetID is get_fileset_id 获取文件集 ID: share_code is a code or a link ending in one.
func (s *Server) GetFilesetID(ctx context.Context, req gen.GetFilesetIDRequestObject) (gen.GetFilesetIDResponseObject, error) {
	set, err := s.bot(ctx).FlashSetByCode(ctx, value(req.Body).ShareCode)
	return gen.GetFilesetID200JSONResponse(result(ctx, gen.FilesetID{FilesetID: set.ID}, err)), nil
}
