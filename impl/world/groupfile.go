package world

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
)

// GroupFile is a file uploaded to a group (群文件). The world keeps its bytes when they were
// given (Hash names them: in the media store, or inline in Content when the world keeps no
// media files); a file given by size alone is known without its bytes.
type GroupFile struct {
	ID      string
	GroupID int64
	// FolderID is RootFolder or the id of one of the group's folders (QQ has one level).
	FolderID   string
	Name       string
	Size       int64
	UploaderID int64
	Time       int64
	ModifyTime int64
	// DeadTime is when a temporary file expires (Unix seconds); 0 keeps it for ever.
	DeadTime  int64
	BusID     int32
	Downloads int32
	Hash      string
	Content   []byte
}

// GroupFolder is a folder of a group's files (群文件夹), in the root: QQ has one level.
type GroupFolder struct {
	ID        string
	GroupID   int64
	Name      string
	CreatorID int64
	Time      int64
}

// RootFolder is the id of a group's root folder, as QQ and every family spell it.
const RootFolder = "/"

// Group file space, as QQ gives an ordinary group: 10 GiB kept for ever and 10000 files.
// A file that does not fit the space is kept as a temporary file for TempFileLife seconds.
const (
	GroupFileSpaceBytes = 10 << 30
	GroupFileLimit      = 10000
	TempFileLife        = 7 * 24 * 3600
)

// GroupFileStore keeps files uploaded to groups (群文件) and their folders.
type GroupFileStore interface {
	Put(GroupFile) error
	// Get is one file of a group, without its content.
	Get(groupID int64, id string) (GroupFile, error)
	// Update writes a file's folder, name, times and download count.
	Update(GroupFile) error
	Delete(groupID int64, id string) error
	// List is a group's files, without their content.
	List(groupID int64) ([]GroupFile, error)
	// ByHash is a file whose content hash is hash, with its inline content if any.
	ByHash(hash string) (GroupFile, error)
	Content(id string) ([]byte, error)
	// Bytes is the content all group files store.
	Bytes() (int64, error)
	PutFolder(GroupFolder) error
	Folder(groupID int64, id string) (GroupFolder, error)
	RenameFolder(groupID int64, id, name string) error
	DeleteFolder(groupID int64, id string) error
	Folders(groupID int64) ([]GroupFolder, error)
}

// MaxGroupFileBytes bounds one uploaded file's content the world keeps.
const MaxGroupFileBytes = 16 << 20

// GroupFileUpload is a file an account uploads: Content when the world is to keep its
// bytes, else Size alone.
type GroupFileUpload struct {
	GroupID int64
	// FolderID is the folder to upload into; "" is the root.
	FolderID string
	Name     string
	Content  []byte
	Size     int64
}

// UploadGroupFile uploads a file to a group the account is in, into the root or one of its
// folders: content when given (kept by the world, within MaxGroupFileBytes and the
// retention's MediaBytes for all group files), else a file of size bytes whose content the
// world does not know. Beyond the group's space it is a temporary file. It returns the file.
func (a *Actor) UploadGroupFile(ctx context.Context, up GroupFileUpload) (GroupFile, error) {
	var f GroupFile
	err := a.update(ctx, func(o *act) error {
		if _, err := o.in(up.GroupID); err != nil {
			return err
		}
		if err := fileName("name", up.Name); err != nil {
			return err
		}
		folder, err := o.folder(up.GroupID, up.FolderID)
		if err != nil {
			return err
		}
		size := up.Size
		if up.Content != nil {
			if len(up.Content) > MaxGroupFileBytes {
				return fmt.Errorf("content: %d bytes, the world keeps at most %d per file (give size alone for a larger file): %w", len(up.Content), MaxGroupFileBytes, ErrInvalid)
			}
			if limit := o.w.opts.Retention.MediaBytes; limit > 0 {
				used, err := o.tx.GroupFiles().Bytes()
				if err != nil {
					return err
				}
				if used+int64(len(up.Content)) > limit {
					return fmt.Errorf("content: group files already hold %d bytes and the world keeps at most %d (give size alone): %w", used, limit, ErrNotPermitted)
				}
			}
			size = int64(len(up.Content))
		}
		if size <= 0 {
			return fmt.Errorf("size %d: a file has content or a positive size: %w", size, ErrInvalid)
		}
		files, err := o.liveFiles(up.GroupID)
		if err != nil {
			return err
		}
		if len(files) >= GroupFileLimit {
			return fmt.Errorf("group %d holds %d files, as many as QQ allows: %w", up.GroupID, len(files), ErrNotPermitted)
		}
		f = GroupFile{GroupID: up.GroupID, FolderID: folder, Name: up.Name, Size: size, UploaderID: o.self, Time: o.now, ModifyTime: o.now, BusID: 102}
		if used := usedSpace(files); used+size > GroupFileSpaceBytes {
			f.DeadTime = o.now + TempFileLife // QQ keeps what does not fit as a temporary file
		}
		sum := sha256.Sum256(fmt.Appendf(nil, "%d/%d/%d/%s/%s/%d/%d", up.GroupID, o.self, o.now, folder, up.Name, size, len(files)))
		f.ID = "/" + hex.EncodeToString(sum[:16])
		if up.Content != nil {
			if f.Hash, f.Content, err = o.w.keepFileContent(o.op, up.Content); err != nil {
				return err
			}
		}
		if err := o.tx.GroupFiles().Put(f); err != nil {
			return err
		}
		told := f
		told.Content = nil // the event names the file; its bytes stay in the store
		o.record(&FileUploaded{File: told})
		return nil
	})
	f.Content = nil
	return f, err
}

// keepFileContent stores content by its hash: in the media store when the world has one
// (written before the commit, like a message's media), else inline (returned).
func (w *World) keepFileContent(o *op, content []byte) (hash string, inline []byte, err error) {
	if w.opts.Media == nil {
		sum := sha256.Sum256(content)
		return hex.EncodeToString(sum[:]), content, nil
	}
	hash, err = w.opts.Media.put(content)
	if err != nil {
		return "", nil, err
	}
	return hash, nil, o.tx.Media().Put(hash, int64(len(content)))
}

func fileName(field, name string) error {
	if name == "" || strings.ContainsAny(name, `/\`) || len(name) > 255 {
		return fmt.Errorf("%s %q: a file name of 1 to 255 bytes, without / or \\: %w", field, name, ErrInvalid)
	}
	return nil
}

// folder checks that id ("" or RootFolder: the root) is a folder of the group, and returns
// its id.
func (o *act) folder(groupID int64, id string) (string, error) {
	if id == "" || id == RootFolder {
		return RootFolder, nil
	}
	if _, err := o.tx.GroupFiles().Folder(groupID, id); err != nil {
		return "", fmt.Errorf("folder %q of group %d: %w", id, groupID, ErrNotFound)
	}
	return id, nil
}

// liveFiles are a group's files that have not expired.
func (o *op) liveFiles(groupID int64) ([]GroupFile, error) {
	files, err := o.tx.GroupFiles().List(groupID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(files, func(f GroupFile) bool { return f.DeadTime != 0 && f.DeadTime <= o.now }), nil
}

func usedSpace(files []GroupFile) int64 {
	var used int64
	for _, f := range files {
		if f.DeadTime == 0 {
			used += f.Size
		}
	}
	return used
}

// groupFile is a live file of a group the actor is in.
func (o *act) groupFile(groupID int64, id string) (GroupFile, error) {
	if _, err := o.in(groupID); err != nil {
		return GroupFile{}, err
	}
	f, err := o.tx.GroupFiles().Get(groupID, id)
	if err == nil && f.DeadTime != 0 && f.DeadTime <= o.now {
		err = fmt.Errorf("expired at %d: %w", f.DeadTime, ErrNotFound)
	}
	if err != nil {
		return GroupFile{}, fmt.Errorf("file %q of group %d: %w", id, groupID, err)
	}
	return f, nil
}

// mayManage says whether the actor may delete, move or rename f: its uploader, or an admin or
// the owner of the group (QQ's rule).
func (o *act) mayManage(f GroupFile) error {
	if f.UploaderID == o.self {
		return nil
	}
	me, err := o.tx.Members().Get(f.GroupID, o.self)
	if err != nil {
		return err
	}
	if me.Role.rank() < Admin.rank() {
		return fmt.Errorf("%s (%s) did not upload file %q of group %d; only its uploader, an admin or the owner may: %w", o.who(), me.Role, f.ID, f.GroupID, ErrNotPermitted)
	}
	return nil
}

// GroupFileListing is a folder's content.
type GroupFileListing struct {
	Files   []GroupFile
	Folders []GroupFolder
	// FolderFiles counts the live files of each folder listed.
	FolderFiles map[string]int
	// Names are the nicknames of the uploaders and creators listed.
	Names map[int64]string
}

// GroupFiles lists the live files of a folder of a group the actor is in ("" or RootFolder:
// the root, with the group's folders), oldest first.
func (a *Actor) GroupFiles(ctx context.Context, groupID int64, folderID string) (GroupFileListing, error) {
	var out GroupFileListing
	err := a.view(ctx, func(o *act) error {
		out = GroupFileListing{FolderFiles: map[string]int{}, Names: map[int64]string{}}
		if _, err := o.in(groupID); err != nil {
			return err
		}
		folder, err := o.folder(groupID, folderID)
		if err != nil {
			return err
		}
		files, err := o.liveFiles(groupID)
		if err != nil {
			return err
		}
		for _, f := range files {
			out.FolderFiles[f.FolderID]++
			if f.FolderID == folder {
				out.Files = append(out.Files, f)
			}
		}
		if folder == RootFolder {
			if out.Folders, err = o.tx.GroupFiles().Folders(groupID); err != nil {
				return err
			}
		}
		named := func(id int64) error {
			if _, ok := out.Names[id]; ok {
				return nil
			}
			acc, err := o.tx.Accounts().Get(id)
			if errors.Is(err, ErrNotFound) {
				return nil // an account deleted since keeps its files, nameless
			}
			out.Names[id] = acc.Nickname
			return err
		}
		for _, f := range out.Files {
			if err := named(f.UploaderID); err != nil {
				return err
			}
		}
		for _, f := range out.Folders {
			if err := named(f.CreatorID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// GroupFileSpaceInfo is a group's file system's use: QQ's figures for an ordinary group.
type GroupFileSpaceInfo struct {
	FileCount, LimitCount int
	UsedSpace, TotalSpace int64
}

// GroupFileSpace reports the use of a group's files.
func (a *Actor) GroupFileSpace(ctx context.Context, groupID int64) (GroupFileSpaceInfo, error) {
	var out GroupFileSpaceInfo
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		files, err := o.liveFiles(groupID)
		out = GroupFileSpaceInfo{FileCount: len(files), LimitCount: GroupFileLimit, UsedSpace: usedSpace(files), TotalSpace: GroupFileSpaceBytes}
		return err
	})
	return out, err
}

// GroupFileURL is where the actor downloads a file of a group it is in, counting the
// download; a file known by size alone has no bytes to download (ErrNotFound).
func (a *Actor) GroupFileURL(ctx context.Context, groupID int64, id string) (string, error) {
	var url string
	err := a.update(ctx, func(o *act) error {
		f, err := o.groupFile(groupID, id)
		if err != nil {
			return err
		}
		if f.Hash == "" {
			return fmt.Errorf("file %q of group %d was uploaded by size alone: the world has no bytes to download: %w", id, groupID, ErrNotFound)
		}
		f.Downloads++
		url = o.w.servedURL(f.Hash + "." + groupFileKind)
		return o.tx.GroupFiles().Update(f)
	})
	return url, err
}

// groupFileKind names group files among the served media: <sha256>.file.
const groupFileKind = "file"

// DeleteGroupFile deletes a file of a group: its uploader, an admin or the owner may.
func (a *Actor) DeleteGroupFile(ctx context.Context, groupID int64, id string) error {
	return a.update(ctx, func(o *act) error {
		f, err := o.groupFile(groupID, id)
		if err != nil {
			return err
		}
		if err := o.mayManage(f); err != nil {
			return err
		}
		if err := o.tx.GroupFiles().Delete(groupID, id); err != nil {
			return err
		}
		return o.w.dropMedia(o.op)
	})
}

// MoveGroupFile moves a file of a group into another folder ("" or RootFolder: the root);
// from names the folder it is in now, when the caller says (NapCat's current_parent_directory).
func (a *Actor) MoveGroupFile(ctx context.Context, groupID int64, id, from, to string) error {
	return a.update(ctx, func(o *act) error {
		f, err := o.groupFileIn(groupID, id, from)
		if err != nil {
			return err
		}
		if err := o.mayManage(f); err != nil {
			return err
		}
		if f.FolderID, err = o.folder(groupID, to); err != nil {
			return err
		}
		f.ModifyTime = o.now
		return o.tx.GroupFiles().Update(f)
	})
}

// groupFileIn is groupFile, when from (the folder the caller says the file is in, "" when it
// says none) names the folder it is in.
func (o *act) groupFileIn(groupID int64, id, from string) (GroupFile, error) {
	f, err := o.groupFile(groupID, id)
	if err == nil && from != "" && !sameFolder(from, f.FolderID) {
		err = fmt.Errorf("file %q of group %d is in folder %q, not %q: %w", id, groupID, f.FolderID, from, ErrNotFound)
	}
	return f, err
}

func sameFolder(a, b string) bool {
	root := func(s string) string {
		if s == "" {
			return RootFolder
		}
		return s
	}
	return root(a) == root(b)
}

// RenameGroupFile renames a file of a group: its uploader, an admin or the owner may; from,
// when given, names the folder it is in.
func (a *Actor) RenameGroupFile(ctx context.Context, groupID int64, id, from, name string) error {
	return a.update(ctx, func(o *act) error {
		f, err := o.groupFileIn(groupID, id, from)
		if err != nil {
			return err
		}
		if err := fileName("new_name", name); err != nil {
			return err
		}
		if err := o.mayManage(f); err != nil {
			return err
		}
		f.Name, f.ModifyTime = name, o.now
		return o.tx.GroupFiles().Update(f)
	})
}

// KeepGroupFile makes a temporary file of a group permanent (转存为永久文件), when it fits the
// group's space: an admin or the owner may.
func (a *Actor) KeepGroupFile(ctx context.Context, groupID int64, id string) error {
	return a.update(ctx, func(o *act) error {
		f, err := o.groupFile(groupID, id)
		if err != nil {
			return err
		}
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if f.DeadTime == 0 {
			return nil // already permanent: QQ answers success
		}
		files, err := o.liveFiles(groupID)
		if err != nil {
			return err
		}
		if used := usedSpace(files); used+f.Size > GroupFileSpaceBytes {
			return fmt.Errorf("file %q of group %d (%d bytes) does not fit the %d bytes left of the group's space: %w", id, groupID, f.Size, GroupFileSpaceBytes-used, ErrNotPermitted)
		}
		f.DeadTime = 0
		return o.tx.GroupFiles().Update(f)
	})
}

// CreateGroupFolder creates a folder in a group's root: an admin or the owner may; names are
// unique in the group.
func (a *Actor) CreateGroupFolder(ctx context.Context, groupID int64, name string) (GroupFolder, error) {
	var out GroupFolder
	err := a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if err := fileName("name", name); err != nil {
			return err
		}
		folders, err := o.tx.GroupFiles().Folders(groupID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(folders, func(f GroupFolder) bool { return f.Name == name }) {
			return fmt.Errorf("name %q: group %d already has a folder of that name: %w", name, groupID, ErrInvalid)
		}
		sum := sha256.Sum256(fmt.Appendf(nil, "folder/%d/%d/%d/%s", groupID, o.self, o.now, name))
		out = GroupFolder{ID: "/" + hex.EncodeToString(sum[:16]), GroupID: groupID, Name: name, CreatorID: o.self, Time: o.now}
		return o.tx.GroupFiles().PutFolder(out)
	})
	return out, err
}

// RenameGroupFolder renames a folder of a group: an admin or the owner may.
func (a *Actor) RenameGroupFolder(ctx context.Context, groupID int64, id, name string) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if err := fileName("new_folder_name", name); err != nil {
			return err
		}
		if _, err := o.tx.GroupFiles().Folder(groupID, id); err != nil {
			return fmt.Errorf("folder %q of group %d: %w", id, groupID, err)
		}
		folders, err := o.tx.GroupFiles().Folders(groupID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(folders, func(f GroupFolder) bool { return f.Name == name && f.ID != id }) {
			return fmt.Errorf("new_folder_name %q: group %d already has a folder of that name: %w", name, groupID, ErrInvalid)
		}
		return o.tx.GroupFiles().RenameFolder(groupID, id, name)
	})
}

// DeleteGroupFolder deletes a folder of a group and the files in it: an admin or the owner
// may.
func (a *Actor) DeleteGroupFolder(ctx context.Context, groupID int64, id string) error {
	return a.update(ctx, func(o *act) error {
		if _, err := o.as(groupID, Admin); err != nil {
			return err
		}
		if _, err := o.tx.GroupFiles().Folder(groupID, id); err != nil {
			return fmt.Errorf("folder %q of group %d: %w", id, groupID, err)
		}
		files, err := o.tx.GroupFiles().List(groupID)
		if err != nil {
			return err
		}
		for _, f := range files {
			if f.FolderID == id {
				if err := o.tx.GroupFiles().Delete(groupID, f.ID); err != nil {
					return err
				}
			}
		}
		if err := o.tx.GroupFiles().DeleteFolder(groupID, id); err != nil {
			return err
		}
		return o.w.dropMedia(o.op)
	})
}

// groupFileContent is the bytes of the group or private file served under the name
// <hash>.file: its path in the media store, or its inline content.
func (w *World) groupFileContent(tx Tx, hash string) (path string, inline []byte, err error) {
	if w.opts.Media != nil {
		if known, err := tx.Media().Has(hash); err != nil || !known {
			return "", nil, errors.Join(err, fmt.Errorf("file %s: %w", hash, ErrNotFound))
		}
		return w.opts.Media.path(hash), nil, nil
	}
	if f, err := tx.GroupFiles().ByHash(hash); err == nil && len(f.Content) > 0 {
		return "", f.Content, nil
	} else if err != nil && !errors.Is(err, ErrNotFound) {
		return "", nil, err
	}
	f, err := tx.PrivateFiles().ByHash(hash)
	if err == nil && len(f.Content) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("file %s: %w", hash, err)
	}
	return "", f.Content, nil
}

// FileUploaded: File.UploaderID uploaded File to its group; the group's bots but the uploader
// see it.
type FileUploaded struct {
	Head
	// File is the file as uploaded, without its content.
	File GroupFile
}

func (c *FileUploaded) audience(a *audience) error {
	return a.group(c.File.GroupID, false, c.File.UploaderID)
}

func (c *FileUploaded) Render(bot int64) (any, error) {
	f := c.File
	ev := gen.GroupUploadNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupUploadNoticePostTypeNotice,
		NoticeType: gen.GroupUploadNoticeNoticeTypeGroupUpload, GroupID: f.GroupID, UserID: f.UploaderID}
	ev.File.ID, ev.File.Name, ev.File.Size, ev.File.Busid = f.ID, f.Name, f.Size, int64(f.BusID)
	return ev, nil
}

// GroupFiles lists every file of a group, expired ones included, without their content (the
// world's own view).
func (w *World) GroupFiles(ctx context.Context, groupID int64) ([]GroupFile, error) {
	var out []GroupFile
	err := w.view(ctx, func(o *op) error {
		if _, err := o.tx.Groups().Get(groupID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.GroupFiles().List(groupID)
		return err
	})
	return out, err
}

// AddGroupFolder puts a folder in a group's files, with its id.
func (u *Universe) AddGroupFolder(f GroupFolder) error {
	if f.ID == "" || f.ID == RootFolder {
		return fmt.Errorf("folder %q: a folder needs an id other than the root's: %w", f.ID, ErrInvalid)
	}
	if err := fileName("folder name", f.Name); err != nil {
		return err
	}
	if _, err := u.o.tx.Members().Get(f.GroupID, f.CreatorID); err != nil {
		return fmt.Errorf("folder %q: its creator %d is no member of group %d: %w", f.ID, f.CreatorID, f.GroupID, err)
	}
	return u.o.tx.GroupFiles().PutFolder(f)
}

// AddGroupFile puts a file in a group's files, with its id, its content kept by the world.
func (u *Universe) AddGroupFile(f GroupFile) error {
	if f.ID == "" {
		return fmt.Errorf("group file %q: a file needs an id: %w", f.Name, ErrInvalid)
	}
	if err := fileName("file name", f.Name); err != nil {
		return err
	}
	if _, err := u.o.tx.Members().Get(f.GroupID, f.UploaderID); err != nil {
		return fmt.Errorf("group file %q: its uploader %d is no member of group %d: %w", f.ID, f.UploaderID, f.GroupID, err)
	}
	if f.FolderID == "" {
		f.FolderID = RootFolder
	}
	if f.FolderID != RootFolder {
		if _, err := u.o.tx.GroupFiles().Folder(f.GroupID, f.FolderID); err != nil {
			return fmt.Errorf("group file %q: folder %q: %w", f.ID, f.FolderID, err)
		}
	}
	if f.BusID == 0 {
		f.BusID = 102
	}
	if f.Content != nil {
		f.Size = int64(len(f.Content))
		var err error
		if f.Hash, f.Content, err = u.w.keepFileContent(u.o, f.Content); err != nil {
			return err
		}
	}
	if f.ModifyTime == 0 {
		f.ModifyTime = f.Time
	}
	return u.o.tx.GroupFiles().Put(f)
}
