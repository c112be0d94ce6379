// Package wordslice splits Chinese text into words (中文分词) the same way every time, with no
// dictionary and no remote service: .get_word_slices's answer on a simulated QQ, where
// go-cqhttp asks Tencent's segmentation service.
//
// Letters and digits in a row (Latin words, numbers, "v11") are one word. A run of Chinese
// characters is cut into words of two characters from its start, the most common length of a
// Chinese word; an odd run ends with a word of one. Anything else (spaces, punctuation,
// symbols, emoji) separates words and is dropped.
package wordslice

import (
	"unicode"
)

// Split returns the words of text, in order; none for a text without any.
func Split(text string) []string {
	words := []string{}
	var run []rune
	han := false
	flush := func() {
		if !han {
			if len(run) > 0 {
				words = append(words, string(run))
			}
		} else {
			for i := 0; i < len(run); i += 2 {
				words = append(words, string(run[i:min(i+2, len(run))]))
			}
		}
		run = run[:0]
	}
	for _, r := range text {
		isHan := unicode.Is(unicode.Han, r)
		word := isHan || unicode.IsLetter(r) || unicode.IsDigit(r)
		if !word || (len(run) > 0 && isHan != han) {
			flush()
		}
		if word {
			han = isHan
			run = append(run, r)
		}
	}
	flush()
	return words
}
