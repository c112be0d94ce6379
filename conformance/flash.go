package conformance

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Flash transfer (闪传): the bot uploads a marked file as a new file set (create_flash_task);
// get_flash_file_list must list it by name and size, and the URL get_flash_file_url answers
// must download the very bytes. Then a user shares a set through the world control API
// (share_flash_set): get_fileset_id must find it by its link, and its file's URL download too.

func (s *suite) flashCheck() check {
	steps := []string{gen.ActionCreateFlashTask, gen.ActionGetFlashFileList, gen.ActionGetFlashFileURL}
	return s.roundTripCheck("flash-roundtrip", steps, func(ctx context.Context, _ *eventRig, ops []*op) outcome {
		return s.flashRoundtrip(ctx, ops[0], ops[1], ops[2])
	})
}

func (s *suite) flashShareCheck() check {
	steps := []string{gen.ActionGetFilesetID, gen.ActionGetFlashFileURL}
	return s.roundTripCheck("flash-share-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.flashShareRoundtrip(ctx, rig, ops[0], ops[1])
	})
}

func (s *suite) flashShareRoundtrip(ctx context.Context, rig *eventRig, find, link *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	content := []byte("onespec conformance shared flash file " + s.marker("flash share"))
	var set control.WorldFlashSet
	params := control.ShareFlashSetParams{UserID: fx.owner, Files: []control.WorldFlashUpload{{Name: s.marker("shared") + ".txt", Content: content}}}
	if err := s.act(ctx, rig, control.ActionShareFlashSet, params, &set); err != nil {
		return stopOutcome(err)
	}
	var found gen.FilesetID
	if out := s.step(ctx, find, gen.GetFilesetIDJSONRequestBody{ShareCode: set.ShareLink}, &found, false); out != nil {
		out.reason = fmt.Sprintf("finding the set %d shared by %s: %s", fx.owner, set.ShareLink, out.reason)
		return *out
	}
	var ps problems
	if found.FilesetID != set.FilesetID {
		ps.add("data.fileset_id", "%s answers %q for %s, the link of set %q", find.name, found.FilesetID, set.ShareLink, set.FilesetID)
		return outcome{ps: ps}
	}
	var got gen.FlashFileURL
	if out := s.step(ctx, link, gen.GetFlashFileURLJSONRequestBody{FilesetID: found.FilesetID}, &got, false); out != nil {
		out.reason = fmt.Sprintf("the URL of file 0 in flash set %s: %s", found.FilesetID, out.reason)
		return *out
	}
	data, err := s.download(ctx, got.URL)
	var far *notHereError
	switch {
	case errors.As(err, &far):
		return outcome{ps: ps, reason: fmt.Sprintf("%d shared flash set %s; found by its link; %s", fx.owner, set.FilesetID, far)}
	case err != nil:
		ps.add("data.url", "%s answers %q for the shared file; downloading it: %v", link.name, got.URL, err)
	case !bytes.Equal(data, content):
		ps.add("data.url", "%s answers %q for the shared file; it holds %d bytes that are not the %d shared", link.name, got.URL, len(data), len(content))
	}
	return outcome{ps: ps, reason: fmt.Sprintf("%d shared flash set %s; found by its link; its URL downloads the bytes", fx.owner, set.FilesetID)}
}

func (s *suite) flashRoundtrip(ctx context.Context, create, list, link *op) outcome {
	content := []byte("onespec conformance flash file " + s.marker("flash"))
	name := s.marker("flash")
	var set gen.FlashFileSet
	body := gen.CreateFlashTaskJSONRequestBody{Files: []string{"base64://" + base64.StdEncoding.EncodeToString(content)}, Name: &name}
	if out := s.step(ctx, create, body, &set, true); out != nil {
		return *out
	}
	var ps problems
	if set.FileCount != 1 || set.TotalSize != int64(len(content)) || set.Name != name {
		ps.add("data", "%s answers %+v for one file of %d bytes named %q", create.name, set, len(content), name)
	}
	var files gen.FlashFileList
	if out := s.step(ctx, list, gen.GetFlashFileListJSONRequestBody{FilesetID: set.FilesetID}, &files, false); out != nil {
		out.reason = fmt.Sprintf("listing flash set %s: %s", set.FilesetID, out.reason)
		return *out
	}
	if len(files) != 1 || files[0].Size != int64(len(content)) || files[0].FileIndex != 0 {
		ps.add("data", "%s of the new set %s answers %+v, want its one file of %d bytes at index 0", list.name, set.FilesetID, files, len(content))
		return outcome{ps: ps}
	}
	var got gen.FlashFileURL
	body2 := gen.GetFlashFileURLJSONRequestBody{FilesetID: set.FilesetID, FileName: &files[0].FileName}
	if out := s.step(ctx, link, body2, &got, false); out != nil {
		out.reason = fmt.Sprintf("the URL of %s in flash set %s: %s", files[0].FileName, set.FilesetID, out.reason)
		return *out
	}
	data, err := s.download(ctx, got.URL)
	var far *notHereError
	switch {
	case errors.As(err, &far):
		return outcome{ps: ps, reason: fmt.Sprintf("the bot uploaded flash set %s; listed; %s", set.FilesetID, far)}
	case err != nil:
		ps.add("data.url", "%s answers %q for the new file; downloading it: %v", link.name, got.URL, err)
	case !bytes.Equal(data, content):
		ps.add("data.url", "%s answers %q for the new file; it holds %d bytes that are not the %d uploaded", link.name, got.URL, len(data), len(content))
	}
	return outcome{ps: ps, reason: fmt.Sprintf("the bot uploaded flash set %s; listed; its URL downloads the bytes", set.FilesetID)}
}

// notHereError: a file:// URL names a file on the target's machine, not this one: the bytes
// cannot be judged from here.
type notHereError struct{ url string }

func (e *notHereError) Error() string {
	return fmt.Sprintf("its URL %s names a file on the implementation's machine, not checked from here", e.url)
}
