package world

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Word segmentation (中文分词, .get_word_slices) is a Tencent service in QQ; the world is its
// scriptable stand-in. It keeps, per text, the words a test scripted for it through the world
// control API; a text with nothing scripted is split by the reference server's deterministic
// segmenter (package wordslice), never answered with a canned list.

// WordSlicesStore keeps the scripted segmentations, by text.
type WordSlicesStore interface {
	Put(content string, slices []string) error
	// Get is ErrNotFound for a text with nothing scripted.
	Get(content string) ([]string, error)
}

// Bounds of a scripted segmentation.
const (
	MaxWordSliceContent = 5000 // characters of the text
	MaxWordSlices       = 1000 // words
)

// WordSlices is what was scripted for content; ok is false when nothing was.
func (a *Actor) WordSlices(ctx context.Context, content string) (slices []string, ok bool, err error) {
	err = a.view(ctx, func(o *act) error {
		slices, err = o.tx.WordSlices().Get(content)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		ok = err == nil
		return err
	})
	return slices, ok, err
}

// ScriptWordSlices sets the words segmentation finds in content from now on (the world
// control API): each word must be a non-empty piece of the text.
func (w *World) ScriptWordSlices(ctx context.Context, content string, slices []string) error {
	return w.update(ctx, func(o *op) error {
		if strings.TrimSpace(content) == "" {
			return fmt.Errorf("content: empty; there is nothing to split: %w", ErrInvalid)
		}
		if n := utf8.RuneCountInString(content); n > MaxWordSliceContent {
			return fmt.Errorf("content: %d characters, at most %d: %w", n, MaxWordSliceContent, ErrInvalid)
		}
		if len(slices) > MaxWordSlices {
			return fmt.Errorf("slices: %d words, at most %d: %w", len(slices), MaxWordSlices, ErrInvalid)
		}
		for i, s := range slices {
			if s == "" || !strings.Contains(content, s) {
				return fmt.Errorf("slices.%d: %q is not a piece of the content: %w", i, s, ErrInvalid)
			}
		}
		if slices == nil {
			slices = []string{}
		}
		o.record(&WordSlicesScripted{Content: content})
		return o.tx.WordSlices().Put(content, slices)
	})
}

// WordSlicesScripted: a test set the words of Content. No bot is told.
type WordSlicesScripted struct {
	Head
	unseen
	Content string
}
