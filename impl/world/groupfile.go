package world

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/onespec/onespec/gen"
)

// GroupFile is a file uploaded to a group (群文件). Content is nil when only its size was
// given (the world then knows the file but not its bytes).
type GroupFile struct {
	ID         string
	GroupID    int64
	Name       string
	Size       int64
	UploaderID int64
	Time       int64
	BusID      int32
	Downloads  int32
	Content    []byte
}

// GroupFileStore keeps files uploaded to groups (群文件).
type GroupFileStore interface {
	Put(GroupFile) error
	// List is a group's files, without their content.
	List(groupID int64) ([]GroupFile, error)
	Content(id string) ([]byte, error)
	// Bytes is the content all group files store.
	Bytes() (int64, error)
}

// MaxGroupFileBytes bounds one uploaded file's content the world keeps.
const MaxGroupFileBytes = 16 << 20

// UploadGroupFile uploads a file to a group the account is in: content when given (kept by
// the world, within MaxGroupFileBytes and the retention's MediaBytes for all group files),
// else a file of size bytes whose content the world does not know. It returns the file.
func (a *Actor) UploadGroupFile(ctx context.Context, groupID int64, name string, content []byte, size int64) (GroupFile, error) {
	var f GroupFile
	err := a.update(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		if name == "" || strings.ContainsAny(name, `/\`) {
			return fmt.Errorf("name %q: a file name, without / or \\: %w", name, ErrInvalid)
		}
		if content != nil {
			if len(content) > MaxGroupFileBytes {
				return fmt.Errorf("content: %d bytes, the world keeps at most %d per file (give size alone for a larger file): %w", len(content), MaxGroupFileBytes, ErrInvalid)
			}
			if limit := o.w.opts.Retention.MediaBytes; limit > 0 {
				used, err := o.tx.GroupFiles().Bytes()
				if err != nil {
					return err
				}
				if used+int64(len(content)) > limit {
					return fmt.Errorf("content: group files already hold %d bytes and the world keeps at most %d (give size alone): %w", used, limit, ErrNotPermitted)
				}
			}
			size = int64(len(content))
		}
		if size <= 0 {
			return fmt.Errorf("size %d: a file has content or a positive size: %w", size, ErrInvalid)
		}
		f = GroupFile{GroupID: groupID, Name: name, Size: size, UploaderID: o.self, Time: o.now, BusID: 102, Content: content}
		sum := sha256.Sum256(fmt.Appendf(nil, "%d/%d/%d/%s/%d", groupID, o.self, o.now, name, size))
		f.ID = "/" + hex.EncodeToString(sum[:16])
		if err := o.tx.GroupFiles().Put(f); err != nil {
			return err
		}
		told := f
		told.Content = nil // the event names the file; its bytes stay in the store
		o.record(&FileUploaded{File: told})
		return nil
	})
	return f, err
}

// GroupFiles lists a group's files (without their content).
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
