package impl

import (
	"context"
	"fmt"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// UploadGroupFile is upload_group_file 上传群文件: file is read like a message's media (path,
// URL or base64, under the server's rules), before the world stores it.
func (s *Server) UploadGroupFile(ctx context.Context, req gen.UploadGroupFileRequestObject) (gen.UploadGroupFileResponseObject, error) {
	p := value(req.Body)
	content, ok, err := s.world.ReadMedia(ctx, "file", p.File)
	if err == nil && !ok {
		err = fmt.Errorf("file %q: not a local path, file:// URI, http(s):// URL or base64:// content: %w", p.File, world.ErrInvalid)
	}
	if err != nil {
		return gen.UploadGroupFile200JSONResponse(failure[gen.UploadGroupFileData](ctx, err)), nil
	}
	if content == nil {
		content = []byte{}
	}
	f, err := s.bot(ctx).UploadGroupFile(ctx, world.GroupFileUpload{GroupID: p.GroupID, FolderID: value(p.Folder), Name: p.Name, Content: content})
	return gen.UploadGroupFile200JSONResponse(result(ctx, gen.UploadGroupFileData{FileID: f.ID}, err)), nil
}

// GetGroupRootFiles is get_group_root_files 获取群根目录文件列表.
func (s *Server) GetGroupRootFiles(ctx context.Context, req gen.GetGroupRootFilesRequestObject) (gen.GetGroupRootFilesResponseObject, error) {
	p := value(req.Body)
	l, err := s.bot(ctx).GroupFiles(ctx, p.GroupID, world.RootFolder)
	return gen.GetGroupRootFiles200JSONResponse(result(ctx, groupFileList(l), err)), nil
}

// GetGroupFilesByFolder is get_group_files_by_folder 获取群子目录文件列表.
func (s *Server) GetGroupFilesByFolder(ctx context.Context, req gen.GetGroupFilesByFolderRequestObject) (gen.GetGroupFilesByFolderResponseObject, error) {
	p := value(req.Body)
	l, err := s.bot(ctx).GroupFiles(ctx, p.GroupID, p.FolderID)
	return gen.GetGroupFilesByFolder200JSONResponse(result(ctx, groupFileList(l), err)), nil
}

func groupFileList(l world.GroupFileListing) gen.GroupFileList {
	out := gen.GroupFileList{Files: make([]gen.GroupFileInfo, len(l.Files)), Folders: make([]gen.GroupFolderInfo, len(l.Folders))}
	for i, f := range l.Files {
		out.Files[i] = gen.GroupFileInfo{GroupID: f.GroupID, FileID: f.ID, FileName: f.Name, Busid: f.BusID, FileSize: f.Size,
			UploadTime: f.Time, DeadTime: f.DeadTime, ModifyTime: f.ModifyTime, DownloadTimes: f.Downloads,
			Uploader: f.UploaderID, UploaderName: l.Names[f.UploaderID]}
	}
	for i, f := range l.Folders {
		out.Folders[i] = gen.GroupFolderInfo{GroupID: f.GroupID, FolderID: f.ID, FolderName: f.Name, CreateTime: f.Time,
			Creator: f.CreatorID, CreatorName: l.Names[f.CreatorID], TotalFileCount: int32(l.FolderFiles[f.ID])}
	}
	return out
}

// GetGroupFileSystemInfo is get_group_file_system_info 获取群文件系统信息.
func (s *Server) GetGroupFileSystemInfo(ctx context.Context, req gen.GetGroupFileSystemInfoRequestObject) (gen.GetGroupFileSystemInfoResponseObject, error) {
	i, err := s.bot(ctx).GroupFileSpace(ctx, value(req.Body).GroupID)
	data := gen.GroupFileSystemInfo{FileCount: int32(i.FileCount), LimitCount: int32(i.LimitCount), UsedSpace: i.UsedSpace, TotalSpace: i.TotalSpace}
	return gen.GetGroupFileSystemInfo200JSONResponse(result(ctx, data, err)), nil
}

// GetGroupFileURL is get_group_file_url 获取群文件资源链接: the URL this server serves the
// file's bytes at.
func (s *Server) GetGroupFileURL(ctx context.Context, req gen.GetGroupFileURLRequestObject) (gen.GetGroupFileURLResponseObject, error) {
	p := value(req.Body)
	url, err := s.bot(ctx).GroupFileURL(ctx, p.GroupID, p.FileID)
	return gen.GetGroupFileURL200JSONResponse(result(ctx, gen.GroupFileURLData{URL: url}, err)), nil
}

// DeleteGroupFile is delete_group_file 删除群文件.
func (s *Server) DeleteGroupFile(ctx context.Context, req gen.DeleteGroupFileRequestObject) (gen.DeleteGroupFileResponseObject, error) {
	p := value(req.Body)
	return gen.DeleteGroupFile200JSONResponse(done(ctx, s.bot(ctx).DeleteGroupFile(ctx, p.GroupID, p.FileID))), nil
}

// MoveGroupFile is move_group_file 移动群文件.
func (s *Server) MoveGroupFile(ctx context.Context, req gen.MoveGroupFileRequestObject) (gen.MoveGroupFileResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).MoveGroupFile(ctx, p.GroupID, p.FileID, p.CurrentParentDirectory, p.TargetParentDirectory)
	return gen.MoveGroupFile200JSONResponse(result(ctx, gen.GroupFileOk{Ok: true}, err)), nil
}

// CreateGroupFileFolder is create_group_file_folder 创建群文件文件夹.
func (s *Server) CreateGroupFileFolder(ctx context.Context, req gen.CreateGroupFileFolderRequestObject) (gen.CreateGroupFileFolderResponseObject, error) {
	p := value(req.Body)
	f, err := s.bot(ctx).CreateGroupFolder(ctx, p.GroupID, p.Name)
	return gen.CreateGroupFileFolder200JSONResponse(result(ctx, gen.CreateGroupFileFolderData{FolderID: f.ID}, err)), nil
}

// DeleteGroupFolder is delete_group_folder 删除群文件文件夹.
func (s *Server) DeleteGroupFolder(ctx context.Context, req gen.DeleteGroupFolderRequestObject) (gen.DeleteGroupFolderResponseObject, error) {
	p := value(req.Body)
	return gen.DeleteGroupFolder200JSONResponse(done(ctx, s.bot(ctx).DeleteGroupFolder(ctx, p.GroupID, p.FolderID))), nil
}

// RenameGroupFile is rename_group_file 重命名群文件.
func (s *Server) RenameGroupFile(ctx context.Context, req gen.RenameGroupFileRequestObject) (gen.RenameGroupFileResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).RenameGroupFile(ctx, p.GroupID, p.FileID, value(p.CurrentParentDirectory), p.NewName)
	return gen.RenameGroupFile200JSONResponse(result(ctx, gen.GroupFileOk{Ok: true}, err)), nil
}

// RenameGroupFileFolder is rename_group_file_folder 重命名群文件文件夹.
func (s *Server) RenameGroupFileFolder(ctx context.Context, req gen.RenameGroupFileFolderRequestObject) (gen.RenameGroupFileFolderResponseObject, error) {
	p := value(req.Body)
	return gen.RenameGroupFileFolder200JSONResponse(done(ctx, s.bot(ctx).RenameGroupFolder(ctx, p.GroupID, p.FolderID, p.NewFolderName))), nil
}

// SetGroupFileForever is set_group_file_forever 设置群文件永久.
func (s *Server) SetGroupFileForever(ctx context.Context, req gen.SetGroupFileForeverRequestObject) (gen.SetGroupFileForeverResponseObject, error) {
	p := value(req.Body)
	return gen.SetGroupFileForever200JSONResponse(done(ctx, s.bot(ctx).KeepGroupFile(ctx, p.GroupID, p.FileID))), nil
}

// TransGroupFile is trans_group_file 转存为永久文件, NapCat's set_group_file_forever.
func (s *Server) TransGroupFile(ctx context.Context, req gen.TransGroupFileRequestObject) (gen.TransGroupFileResponseObject, error) {
	p := value(req.Body)
	err := s.bot(ctx).KeepGroupFile(ctx, p.GroupID, p.FileID)
	return gen.TransGroupFile200JSONResponse(result(ctx, gen.GroupFileOk{Ok: true}, err)), nil
}

// UploadPrivateFile is upload_private_file 上传私聊文件: file is read like a message's media.
func (s *Server) UploadPrivateFile(ctx context.Context, req gen.UploadPrivateFileRequestObject) (gen.UploadPrivateFileResponseObject, error) {
	p := value(req.Body)
	content, ok, err := s.world.ReadMedia(ctx, "file", p.File)
	if err == nil && !ok {
		err = fmt.Errorf("file %q: not a local path, file:// URI, http(s):// URL or base64:// content: %w", p.File, world.ErrInvalid)
	}
	if err != nil {
		return gen.UploadPrivateFile200JSONResponse(failure[gen.UploadPrivateFileData](ctx, err)), nil
	}
	f, err := s.bot(ctx).SendPrivateFile(ctx, p.UserID, p.Name, content)
	return gen.UploadPrivateFile200JSONResponse(result(ctx, gen.UploadPrivateFileData{FileID: f.ID}, err)), nil
}

// GetPrivateFileURL is get_private_file_url 获取私聊文件资源链接.
func (s *Server) GetPrivateFileURL(ctx context.Context, req gen.GetPrivateFileURLRequestObject) (gen.GetPrivateFileURLResponseObject, error) {
	url, err := s.bot(ctx).PrivateFileURL(ctx, value(req.Body).FileID)
	return gen.GetPrivateFileURL200JSONResponse(result(ctx, gen.GroupFileURLData{URL: url}, err)), nil
}
