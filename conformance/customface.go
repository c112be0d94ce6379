package conformance

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
)

// Custom faces (收藏表情) and stream uploads are the bot's own state, which no event reports:
// their round trips write, read back and undo, each judged by what the reads answer.
//
//   - custom-face-roundtrip: the bot adds a marked image (base64), fetch_custom_face_detail lists
//     it under the image's MD5, set_custom_face_desc describes it and the list shows the
//     description, delete_custom_face removes it and the list no longer has it;
//   - stream-upload-roundtrip: the bot uploads a marked file in chunks, out of order, with its
//     SHA-256 (upload_file_stream), and uses the path answered as the file of a custom face: the
//     face's MD5 is the file's, so the bytes went through; then the face is deleted.

func (s *suite) customFaceCheck() check {
	steps := []string{gen.ActionAddCustomFace, gen.ActionFetchCustomFaceDetail, gen.ActionSetCustomFaceDesc, gen.ActionDeleteCustomFace}
	return s.roundTripCheck("custom-face-roundtrip", steps, func(ctx context.Context, _ *eventRig, ops []*op) outcome {
		return s.customFaceRoundtrip(ctx, ops[0], ops[1], ops[2], ops[3])
	})
}

func (s *suite) streamUploadCheck() check {
	steps := []string{gen.ActionUploadFileStream, gen.ActionAddCustomFace, gen.ActionFetchCustomFaceDetail, gen.ActionDeleteCustomFace}
	return s.roundTripCheck("stream-upload-roundtrip", steps, func(ctx context.Context, _ *eventRig, ops []*op) outcome {
		return s.streamUploadRoundtrip(ctx, ops[0], ops[1], ops[2], ops[3])
	})
}

// listedFace is the bot's face of that MD5 as fetch_custom_face_detail lists it, if any.
func (s *suite) listedFace(ctx context.Context, list *op, md5 string) (*gen.CustomFaceDetail, *outcome) {
	var faces gen.CustomFaceDetailList
	if out := s.step(ctx, list, gen.FetchCustomFaceDetailJSONRequestBody{}, &faces, false); out != nil {
		return nil, out
	}
	i := slices.IndexFunc(faces, func(f gen.CustomFaceDetail) bool { return strings.EqualFold(f.Md5, md5) })
	if i < 0 {
		return nil, nil
	}
	return &faces[i], nil
}

func md5Hex(b []byte) string { sum := md5.Sum(b); return hex.EncodeToString(sum[:]) }

func (s *suite) customFaceRoundtrip(ctx context.Context, add, list, describe, del *op) outcome {
	image := []byte("onespec conformance sticker " + s.marker("face"))
	sum := md5Hex(image)
	if out := s.step(ctx, add, gen.AddCustomFaceJSONRequestBody{File: "base64://" + base64.StdEncoding.EncodeToString(image)}, nil, true); out != nil {
		return *out
	}
	var ps problems
	face, out := s.listedFace(ctx, list, sum)
	if out != nil {
		return *out
	}
	if face == nil {
		ps.add("data", "%s does not list the face of MD5 %s after %s answered ok", list.name, sum, add.name)
		return outcome{ps: ps}
	}
	desc := s.marker("desc")
	if out := s.step(ctx, describe, gen.SetCustomFaceDescJSONRequestBody{EmojiID: face.EmoID, ResID: face.ResID, Md5: face.Md5, Desc: desc}, nil, false); out != nil {
		return *out
	}
	if again, out := s.listedFace(ctx, list, sum); out != nil {
		return *out
	} else if again == nil || again.Desc != desc {
		ps.add("data.desc", "%s answers %+v for face %s after %s set its description to %q", list.name, again, face.ResID, describe.name, desc)
	}
	resID := face.ResID
	if out := s.step(ctx, del, gen.DeleteCustomFaceJSONRequestBody{ResID: &resID}, nil, false); out != nil {
		return *out
	}
	if gone, out := s.listedFace(ctx, list, sum); out != nil {
		return *out
	} else if gone != nil {
		ps.add("data", "%s still lists face %s after %s answered ok", list.name, resID, del.name)
	}
	return outcome{ps: ps, reason: fmt.Sprintf("face %s (MD5 %s) added, listed, described, deleted", resID, sum)}
}

// streamChunks is how many chunks the stream round trip sends its file in.
const streamChunks = 3

func (s *suite) streamUploadRoundtrip(ctx context.Context, upload, add, list, del *op) outcome {
	content := []byte("onespec conformance upload " + s.marker("stream") + strings.Repeat(" 流式上传", 16))
	sum, stream := sha256.Sum256(content), s.marker("stream id")
	size, total := int64(len(content)), int32(streamChunks)
	sha := hex.EncodeToString(sum[:])
	part := (len(content) + streamChunks - 1) / streamChunks
	for _, i := range []int{2, 0, 1} { // out of order: the server joins by index
		chunk := base64.StdEncoding.EncodeToString(content[i*part : min((i+1)*part, len(content))])
		index := int32(i)
		body := gen.UploadFileStreamJSONRequestBody{StreamID: stream, ChunkData: &chunk, ChunkIndex: &index, TotalChunks: &total, FileSize: &size, ExpectedSha256: &sha}
		if out := s.step(ctx, upload, body, nil, true); out != nil {
			out.reason = fmt.Sprintf("chunk %d of %d: %s", i, streamChunks, out.reason)
			return *out
		}
	}
	complete := true
	var done gen.UploadFileStreamData
	if out := s.step(ctx, upload, gen.UploadFileStreamJSONRequestBody{StreamID: stream, IsComplete: &complete}, &done, false); out != nil {
		return *out
	}
	var ps problems
	if done.Status != gen.UploadFileStreamDataStatusFileComplete || done.FilePath == nil || *done.FilePath == "" {
		ps.add("data", "%s answered %+v to is_complete after every chunk, want file_complete with a file_path", upload.name, done)
		return outcome{ps: ps}
	}
	if done.FileSize != nil && *done.FileSize != size {
		ps.add("data.file_size", "%s answered file_size %d, want %d", upload.name, *done.FileSize, size)
	}
	if done.Sha256 != nil && *done.Sha256 != sha {
		ps.add("data.sha256", "%s answered sha256 %s, want %s", upload.name, *done.Sha256, sha)
	}
	path := *done.FilePath
	if out := s.step(ctx, add, gen.AddCustomFaceJSONRequestBody{File: path}, nil, false); out != nil {
		out.reason = fmt.Sprintf("using the uploaded %s as a file: %s", path, out.reason)
		return *out
	}
	md5sum := md5Hex(content)
	face, out := s.listedFace(ctx, list, md5sum)
	if out != nil {
		return *out
	}
	if face == nil {
		ps.add("data", "%s lists no face of MD5 %s (the uploaded file's) after %s of %s answered ok", list.name, md5sum, add.name, path)
		return outcome{ps: ps}
	}
	resID := face.ResID
	if out := s.step(ctx, del, gen.DeleteCustomFaceJSONRequestBody{ResID: &resID}, nil, false); out != nil {
		return *out
	}
	return outcome{ps: ps, reason: fmt.Sprintf("%d bytes uploaded in %d chunks to %s, used as face %s, deleted", size, streamChunks, path, resID)}
}
