package world

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// OCR (图片 OCR) is a Tencent service in QQ; the world is its scriptable stand-in. It keeps,
// per image, the text its OCR "recognizes", set by a test through the world control API or by
// the seed and world files: an image with nothing scripted has no text (an honest empty result),
// never a canned one. An image is keyed by its content hash when the world stores its bytes
// (media sent as base64://), else by its file name (an image known by URL only), so the same
// picture received twice reads the same.

// OCRText is one piece of text OCR finds in an image.
type OCRText struct {
	Text string
	// Confidence is 0-100.
	Confidence int32
	// Coordinates are the corners of the text's box, in pixels.
	Coordinates []OCRPoint
}

// OCRPoint is a point of an image, in pixels from its top left corner.
type OCRPoint struct{ X, Y int32 }

// OCRResult is what OCR reads in an image.
type OCRResult struct {
	// Key is the image's content hash, or its file name when the world has no bytes for it.
	Key      string
	Language string
	Texts    []OCRText
}

// OCRStore keeps the scripted OCR results, by image key.
type OCRStore interface {
	Put(OCRResult) error
	// Get is ErrNotFound for an image with nothing scripted.
	Get(key string) (OCRResult, error)
}

// MaxOCRTexts bounds the texts scripted for one image.
const MaxOCRTexts = 256

// ocrKey is the key of an image: its content hash when it is given inline (base64://, as
// NapCat's ocr_image takes it; the same key a received copy of it has), else the key of a
// received image: ErrNotFound when the world does not know it.
func ocrKey(tx Tx, image string) (string, error) {
	if encoded, ok := strings.CutPrefix(image, "base64://"); ok {
		data, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			return "", fmt.Errorf("image: not valid base64: %w", ErrInvalid)
		}
		sum := sha256.Sum256(data)
		return hex.EncodeToString(sum[:]), nil
	}
	f, err := tx.Files().Get(ImageFile, image)
	if err != nil {
		return "", err
	}
	if f.Hash != "" {
		return f.Hash, nil
	}
	return f.Name, nil
}

// OCR reads the text of a received image (the file name of its image segment): what was
// scripted for it, else no text in language "zh" (QQ's OCR answers Chinese by default).
func (a *Actor) OCR(ctx context.Context, image string) (OCRResult, error) {
	var out OCRResult
	err := a.view(ctx, func(o *act) error {
		key, err := ocrKey(o.tx, image)
		if err != nil {
			return err
		}
		out, err = o.tx.OCR().Get(key)
		if errors.Is(err, ErrNotFound) {
			out, err = OCRResult{Key: key, Language: "zh", Texts: []OCRText{}}, nil
		}
		return err
	})
	return out, err
}

// ScriptOCR sets what OCR reads in a received image from now on (the world control API).
func (w *World) ScriptOCR(ctx context.Context, image, language string, texts []OCRText) error {
	return w.update(ctx, func(o *op) error { return scriptOCR(o, image, language, texts) })
}

// ScriptOCR sets what OCR reads in a received image (the seed, world files).
func (u *Universe) ScriptOCR(image, language string, texts []OCRText) error {
	return scriptOCR(u.o, image, language, texts)
}

func scriptOCR(o *op, image, language string, texts []OCRText) error {
	key, err := ocrKey(o.tx, image)
	if err != nil {
		return fmt.Errorf("scripting OCR: %w", err)
	}
	if len(texts) > MaxOCRTexts {
		return fmt.Errorf("texts: %d, at most %d per image: %w", len(texts), MaxOCRTexts, ErrInvalid)
	}
	for i, t := range texts {
		if strings.TrimSpace(t.Text) == "" {
			return fmt.Errorf("texts.%d.text: empty; OCR finds text: %w", i, ErrInvalid)
		}
		if t.Confidence < 0 || t.Confidence > 100 {
			return fmt.Errorf("texts.%d.confidence: %d, not within 0-100: %w", i, t.Confidence, ErrInvalid)
		}
	}
	if language == "" {
		language = "zh"
	}
	if texts == nil {
		texts = []OCRText{}
	}
	o.record(&OCRScripted{Image: image})
	return o.tx.OCR().Put(OCRResult{Key: key, Language: language, Texts: texts})
}

// OCRScripted: a test set what OCR reads in Image. No bot is told.
type OCRScripted struct {
	Head
	unseen
	Image string
}
