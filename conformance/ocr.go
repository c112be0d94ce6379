package conformance

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// OCR (图片 OCR) asks a Tencent service; the reference server's world stands in for it and a
// test scripts what it reads (control set_ocr). The check: the bot's friend sends it a new
// image, the test scripts a marked text for the image the bot received, ocr_image answers
// exactly that; scripted to nothing, ocr_image answers no text. A target that answered the same
// whatever was scripted would be a canned stand-in.

// ocrConfidence is the confidence the check scripts, so that the answer is told from a default.
const ocrConfidence = 77

// cqImageFile finds the file of an image CQ code in a CQ-code string.
var cqImageFile = regexp.MustCompile(`\[CQ:image,(?:[^\]]*,)?file=([^,\]]+)`)

func (s *suite) ocrCheck() check {
	return s.roundTripCheck("ocr-scripted", []string{gen.ActionOcrImage}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.ocrScripted(ctx, rig, ops[0])
	})
}

func (s *suite) ocrScripted(ctx context.Context, rig *eventRig, ocr *op) outcome {
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	text := s.marker("ocr")
	picture := base64.StdEncoding.EncodeToString([]byte("onespec conformance picture " + text))
	params := map[string]any{"user_id": fx.owner, "target_id": s.self, "message": text + "[CQ:image,file=base64://" + picture + "]"}
	var id int64
	want := expectedEvent{schema: schemaPrivateMessage, ref: refEventMessage, match: messageEvent(string(gen.PrivateMessageEventMessageTypePrivate), &id, fx.owner, text)}
	var sent control.WorldMessageID
	if err := s.act(ctx, rig, control.ActionSendMessage, params, &sent); err != nil {
		return stopOutcome(err)
	}
	id = int64(sent.MessageID)
	want.what = fmt.Sprintf("the private message %d (an image) from %d", id, fx.owner)
	var ps problems
	notes, got := s.awaitEvent(ctx, rig.sources, want, &ps)
	image := ""
	for _, m := range got {
		if image = receivedImage(m); image != "" {
			break
		}
	}
	if image == "" {
		ps.add("message", "%s carries no image segment with a file", want.what)
		return outcome{ps: ps, reason: strings.Join(notes, "; ")}
	}

	read := func(setup bool) (gen.OcrImageData, *outcome) {
		var data gen.OcrImageData
		return data, s.step(ctx, ocr, gen.OcrImageJSONRequestBody{Image: image}, &data, setup)
	}
	script := func(texts []control.WorldOcrText) error {
		return s.act(ctx, rig, control.ActionSetOcr, control.SetOcrParams{Image: image, Texts: texts}, nil)
	}
	line, confidence := s.marker("ocr text"), int32(ocrConfidence)
	if err := script([]control.WorldOcrText{{Text: line, Confidence: &confidence}}); err != nil {
		return stopOutcome(err)
	}
	data, out := read(true)
	if out != nil {
		return *out
	}
	if len(data.Texts) != 1 || data.Texts[0].Text != line || data.Texts[0].Confidence != confidence {
		ps.add("data.texts", "%s of %s answered %+v, want the one text scripted: %q, confidence %d", ocr.name, image, data.Texts, line, confidence)
	}
	if err := script([]control.WorldOcrText{}); err != nil {
		return stopOutcome(err)
	}
	if data, out = read(false); out != nil {
		return *out
	} else if len(data.Texts) != 0 {
		ps.add("data.texts", "%s of %s answered %+v after the script was emptied, want no text", ocr.name, image, data.Texts)
	}
	notes = append(notes, fmt.Sprintf("image %s scripted to read %q, then nothing; %s answered both", image, line, ocr.name))
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}

// receivedImage is the file of the first image of a message event, in either message form.
func receivedImage(m map[string]any) string {
	if segs, ok := m[fieldMessage].([]any); ok {
		for _, seg := range segs {
			sm, _ := seg.(map[string]any)
			data, _ := sm["data"].(map[string]any)
			if file, _ := data["file"].(string); sm["type"] == "image" && file != "" {
				return file
			}
		}
	}
	for _, raw := range []any{m[fieldRawMessage], m[fieldMessage]} {
		if s, ok := raw.(string); ok {
			if found := cqImageFile.FindStringSubmatch(s); found != nil {
				return found[1]
			}
		}
	}
	return ""
}
