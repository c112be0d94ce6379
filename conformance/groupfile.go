package conformance

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"slices"

	"github.com/onespec/onespec/gen"
)

// Group files (群文件): the bot's round trip on the fixture's group, where it is an admin.
// It creates a folder, uploads a file of fresh bytes (base64), finds it in the root listing,
// downloads it from the URL get_group_file_url answers and compares the bytes, moves it into
// the folder (the folder's listing shows it, the root's no longer does), deletes it (the
// folder's listing no longer shows it) and deletes the folder. A target that answers ok and
// keeps nothing, or serves other bytes, fails it.

func (s *suite) groupFileCheck() check {
	steps := []string{gen.ActionCreateGroupFileFolder, gen.ActionUploadGroupFile, gen.ActionGetGroupRootFiles, gen.ActionGetGroupFileURL,
		gen.ActionMoveGroupFile, gen.ActionGetGroupFilesByFolder, gen.ActionDeleteGroupFile, gen.ActionDeleteGroupFolder}
	return s.roundTripCheck("group-file-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.groupFileRoundtrip(ctx, rig, ops)
	})
}

func (s *suite) groupFileRoundtrip(ctx context.Context, rig *eventRig, ops []*op) outcome {
	mkdir, upload, root, fileURL, move, byFolder, del, rmdir := ops[0], ops[1], ops[2], ops[3], ops[4], ops[5], ops[6], ops[7]
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	var folder gen.CreateGroupFileFolderData
	if out := s.step(ctx, mkdir, gen.CreateGroupFileFolderJSONRequestBody{GroupID: fx.group, Name: s.marker("folder")}, &folder, true); out != nil {
		return *out
	}
	if folder.FolderID == "" {
		var ps problems
		ps.add("data.folder_id", "%s answered no folder_id", mkdir.name)
		return outcome{ps: ps}
	}
	content := []byte(s.marker("group file content"))
	name := s.marker("file") + ".txt"
	var uploaded gen.UploadGroupFileData
	body := gen.UploadGroupFileJSONRequestBody{GroupID: fx.group, File: "base64://" + base64.StdEncoding.EncodeToString(content), Name: name}
	if out := s.step(ctx, upload, body, &uploaded, true); out != nil {
		return *out
	}
	var ps problems
	listed := func(o *op, req any, where string) (*gen.GroupFileInfo, *outcome) {
		var l gen.GroupFileList
		if out := s.step(ctx, o, req, &l, false); out != nil {
			out.reason = fmt.Sprintf("listing %s: %s", where, out.reason)
			return nil, out
		}
		i := slices.IndexFunc(l.Files, func(f gen.GroupFileInfo) bool { return f.FileName == name })
		if i < 0 {
			return nil, nil
		}
		return &l.Files[i], nil
	}
	f, out := listed(root, gen.GetGroupRootFilesJSONRequestBody{GroupID: fx.group}, "the root")
	if out != nil {
		return *out
	}
	if f == nil {
		ps.add("data.files", "%s of group %d does not list %s after %s answered ok", root.name, fx.group, name, upload.name)
		return outcome{ps: ps}
	}
	if uploaded.FileID != "" && uploaded.FileID != f.FileID {
		ps.add("data.files", "%s lists %s as %q; %s answered file_id %q", root.name, name, f.FileID, upload.name, uploaded.FileID)
	}
	if f.FileSize != int64(len(content)) || f.Uploader != s.self {
		ps.add("data.files", "%s lists %s with size %d by %d; want %d bytes by the bot %d", root.name, name, f.FileSize, f.Uploader, len(content), s.self)
	}
	var link gen.GroupFileURLData
	if out := s.step(ctx, fileURL, gen.GetGroupFileURLJSONRequestBody{GroupID: fx.group, FileID: f.FileID, Busid: &f.Busid}, &link, false); out != nil {
		return *out
	}
	if got, err := s.download(ctx, link.URL); err != nil {
		ps.add("data.url", "downloading %s from %s: %v", name, link.URL, err)
	} else if !bytes.Equal(got, content) {
		ps.add("data.url", "%s serves %d bytes that are not the %d uploaded", link.URL, len(got), len(content))
	}
	moveBody := gen.MoveGroupFileJSONRequestBody{GroupID: fx.group, FileID: f.FileID, CurrentParentDirectory: "/", TargetParentDirectory: folder.FolderID}
	if out := s.step(ctx, move, moveBody, nil, false); out != nil {
		return *out
	}
	inFolder := gen.GetGroupFilesByFolderJSONRequestBody{GroupID: fx.group, FolderID: folder.FolderID}
	if moved, out := listed(byFolder, inFolder, "the folder"); out != nil {
		return *out
	} else if moved == nil {
		ps.add("data.files", "%s of folder %s does not list %s after %s answered ok", byFolder.name, folder.FolderID, name, move.name)
	}
	if still, out := listed(root, gen.GetGroupRootFilesJSONRequestBody{GroupID: fx.group}, "the root"); out != nil {
		return *out
	} else if still != nil {
		ps.add("data.files", "%s still lists %s in the root after %s moved it", root.name, name, move.name)
	}
	if out := s.step(ctx, del, gen.DeleteGroupFileJSONRequestBody{GroupID: fx.group, FileID: f.FileID, Busid: &f.Busid}, nil, false); out != nil {
		return *out
	}
	if gone, out := listed(byFolder, inFolder, "the folder"); out != nil {
		return *out
	} else if gone != nil {
		ps.add("data.files", "%s still lists %s after %s answered ok", byFolder.name, name, del.name)
	}
	if out := s.step(ctx, rmdir, gen.DeleteGroupFolderJSONRequestBody{GroupID: fx.group, FolderID: folder.FolderID}, nil, false); out != nil {
		return *out
	}
	return outcome{ps: ps, reason: fmt.Sprintf("%s (%d bytes) uploaded to group %d, listed, downloaded, moved into folder %s, deleted", name, len(content), fx.group, folder.FolderID)}
}
