package world

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Translation (英译中, NapCat's translate_en2zh) asks a Tencent service; the world is its
// scriptable stand-in: a table of English words and their Chinese, set by a test through the
// world control API or by the seed and world files. A word the table lacks translates to
// nothing (an empty string), never to a canned answer. Words are matched without regard to
// case or surrounding space, as a dictionary would.

// TranslationStore keeps the scripted translation table, by normalized word.
type TranslationStore interface {
	Put(word, text string) error
	Delete(word string) error
	// Get is ErrNotFound for a word with nothing scripted.
	Get(word string) (string, error)
}

const (
	// MaxTranslationWords bounds the words of one translation or one script.
	MaxTranslationWords = 1000
	// MaxTranslationText bounds a word and its translation, in bytes.
	MaxTranslationText = 1024
)

// Translation is one entry of the translation table.
type Translation struct {
	Word, Text string
}

func translationKey(word string) string { return strings.ToLower(strings.TrimSpace(word)) }

// Translate translates English words into Chinese, one answer per word in order: what was
// scripted, else "".
func (a *Actor) Translate(ctx context.Context, words []string) ([]string, error) {
	if len(words) > MaxTranslationWords {
		return nil, fmt.Errorf("words: %d, at most %d: %w", len(words), MaxTranslationWords, ErrInvalid)
	}
	var out []string
	err := a.view(ctx, func(o *act) error {
		out = make([]string, len(words))
		for i, w := range words {
			text, err := o.tx.Translations().Get(translationKey(w))
			switch {
			case errors.Is(err, ErrNotFound):
			case err != nil:
				return err
			default:
				out[i] = text
			}
		}
		return nil
	})
	return out, err
}

// ScriptTranslations sets entries of the translation table (the world control API); an entry
// with an empty text removes the word.
func (w *World) ScriptTranslations(ctx context.Context, entries []Translation) error {
	return w.update(ctx, func(o *op) error { return scriptTranslations(o, entries) })
}

// ScriptTranslations sets entries of the translation table (the seed, world files).
func (u *Universe) ScriptTranslations(entries []Translation) error {
	return scriptTranslations(u.o, entries)
}

func scriptTranslations(o *op, entries []Translation) error {
	if len(entries) > MaxTranslationWords {
		return fmt.Errorf("translations: %d, at most %d at once: %w", len(entries), MaxTranslationWords, ErrInvalid)
	}
	for i, e := range entries {
		key := translationKey(e.Word)
		switch {
		case key == "":
			return fmt.Errorf("translations.%d.word: empty: %w", i, ErrInvalid)
		case len(key) > MaxTranslationText || len(e.Text) > MaxTranslationText:
			return fmt.Errorf("translations.%d: longer than %d bytes: %w", i, MaxTranslationText, ErrInvalid)
		}
		var err error
		if e.Text == "" {
			err = o.tx.Translations().Delete(key)
		} else {
			err = o.tx.Translations().Put(key, e.Text)
		}
		if err != nil {
			return err
		}
	}
	o.record(&TranslationsScripted{Words: len(entries)})
	return nil
}

// TranslationsScripted: a test set entries of the translation table. No bot is told.
type TranslationsScripted struct {
	Head
	unseen
	Words int
}
