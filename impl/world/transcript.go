package world

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Speech to text (语音转文字, LLOneBot's voice_msg_to_text, NapCat's fetch_ptt_text) asks a
// Tencent service; the world is its scriptable stand-in. It keeps, per voice, the transcript a
// test scripted through the world control API (or the seed and world files): a voice with
// nothing scripted reads as nothing (an empty text). A voice is keyed like an OCR image: by its
// content hash when the world stores its bytes, else by its file name, so the same recording
// received twice reads the same.

// TranscriptStore keeps the scripted transcripts, by voice key.
type TranscriptStore interface {
	Put(key, text string) error
	// Get is ErrNotFound for a voice with nothing scripted.
	Get(key string) (string, error)
}

// MaxTranscript bounds a scripted transcript, in bytes.
const MaxTranscript = 64 << 10

// voiceKey is the key of a received voice: ErrNotFound when the world does not know it.
func voiceKey(tx Tx, record string) (string, error) {
	f, err := tx.Files().Get(RecordFile, record)
	if err != nil {
		return "", err
	}
	if f.Hash != "" {
		return f.Hash, nil
	}
	return f.Name, nil
}

// Transcribe reads the voice of a message the actor can see: what was scripted for it, else
// "". A message without a voice is ErrInvalid.
func (a *Actor) Transcribe(ctx context.Context, messageID int32) (string, error) {
	var out string
	err := a.view(ctx, func(o *act) error {
		out = ""
		m, err := o.visibleMessage(messageID)
		if err != nil {
			return err
		}
		record := ""
		for _, s := range m.Segments {
			if s.Type == "record" {
				record = s.Data.Text("file")
				break
			}
		}
		if record == "" {
			return fmt.Errorf("message %d carries no voice (record segment) to transcribe: %w", messageID, ErrInvalid)
		}
		key, err := voiceKey(o.tx, record)
		if err != nil {
			return fmt.Errorf("the voice %s of message %d: %w", record, messageID, err)
		}
		out, err = o.tx.Transcripts().Get(key)
		if errors.Is(err, ErrNotFound) {
			out, err = "", nil
		}
		return err
	})
	return out, err
}

// ScriptTranscript sets what speech to text reads in a received voice from now on (the world
// control API); "" makes it read nothing.
func (w *World) ScriptTranscript(ctx context.Context, record, text string) error {
	return w.update(ctx, func(o *op) error { return scriptTranscript(o, record, text) })
}

// ScriptTranscript sets what speech to text reads in a received voice (the seed, world files).
func (u *Universe) ScriptTranscript(record, text string) error {
	return scriptTranscript(u.o, record, text)
}

func scriptTranscript(o *op, record, text string) error {
	key, err := voiceKey(o.tx, strings.TrimSpace(record))
	if err != nil {
		return fmt.Errorf("scripting a transcript: %w", err)
	}
	if len(text) > MaxTranscript {
		return fmt.Errorf("text: %d bytes, at most %d: %w", len(text), MaxTranscript, ErrInvalid)
	}
	o.record(&TranscriptScripted{Record: record})
	return o.tx.Transcripts().Put(key, text)
}

// TranscriptScripted: a test set what speech to text reads in Record. No bot is told.
type TranscriptScripted struct {
	Head
	unseen
	Record string
}
