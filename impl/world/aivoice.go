package world

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/onespec/onespec/impl/cqcode"
)

// AI voices (AI 声聊, NapCat's and Lagrange's get_ai_characters and send_group_ai_record) ask a
// Tencent service to read a text in a character's voice; the world is its stand-in. The list
// of characters is scripted (world control API, seed, world files): nothing scripted, no
// character. A voice is made here, deterministically from the character and the text: a short
// PCM WAV whose length follows the text and whose pitch the pair, so the same request makes the
// same file and different ones differ, and it is sent like any voice the world stores.

// AICharacter is one voice QQ offers, in a category (QQ's "type").
type AICharacter struct {
	Category, ID, Name, PreviewURL string
}

// AICharacterStore keeps the scripted list of characters, in order.
type AICharacterStore interface {
	Replace([]AICharacter) error
	List() ([]AICharacter, error)
}

const (
	// MaxAICharacters bounds the scripted list.
	MaxAICharacters = 256
	// MaxAIVoiceText bounds the text a voice reads, in characters.
	MaxAIVoiceText = 500
	// aiVoiceRate is the sample rate of a made voice (8 kHz mono, 16-bit: QQ voice quality).
	aiVoiceRate = 8000
	// aiVoiceSamplesPerRune is how long a made voice reads one character (a tenth of a second).
	aiVoiceSamplesPerRune = aiVoiceRate / 10
)

// AICharacters lists the characters the actor can use in a group it is in.
func (a *Actor) AICharacters(ctx context.Context, groupID int64) ([]AICharacter, error) {
	var out []AICharacter
	err := a.view(ctx, func(o *act) error {
		if _, err := o.in(groupID); err != nil {
			return err
		}
		var err error
		out, err = o.tx.AICharacters().List()
		return err
	})
	return out, err
}

// SendAIRecord sends text read in character's voice to a group the actor is in, and answers
// the message's id.
func (a *Actor) SendAIRecord(ctx context.Context, groupID int64, character, text string) (int32, error) {
	if err := checkAIVoiceText(text); err != nil {
		return 0, err
	}
	var id int32
	err := a.update(ctx, func(o *act) error {
		if err := hasAICharacter(o.tx, character); err != nil {
			return err
		}
		voice := base64.StdEncoding.EncodeToString(AIVoice(character, text))
		var err error
		id, err = deliver(o.op, o.w, Message{Type: Grouped, SenderID: o.self, GroupID: groupID,
			Segments: []cqcode.Segment{{Type: "record", Data: cqcode.Data{{Key: "file", Value: "base64://" + voice}}}}}, 0)
		return err
	})
	return id, err
}

func checkAIVoiceText(text string) error {
	n := utf8.RuneCountInString(text)
	switch {
	case n == 0:
		return fmt.Errorf("text: empty; an AI voice reads a text: %w", ErrInvalid)
	case n > MaxAIVoiceText:
		return fmt.Errorf("text: %d characters, at most %d: %w", n, MaxAIVoiceText, ErrInvalid)
	}
	return nil
}

func hasAICharacter(tx Tx, character string) error {
	list, err := tx.AICharacters().List()
	if err != nil {
		return err
	}
	for _, c := range list {
		if c.ID == character {
			return nil
		}
	}
	return fmt.Errorf("character %q: not one of the %d AI voices (get_ai_characters): %w", character, len(list), ErrNotFound)
}

// AIVoice is the voice file of text read by character: a mono 16-bit PCM WAV at 8 kHz, a tenth
// of a second per character of the text, a tone whose pitch the pair's hash picks.
func AIVoice(character, text string) []byte {
	sum := sha256.Sum256([]byte(character + "\x00" + text))
	freq := 200 + float64(binary.BigEndian.Uint16(sum[:2])%600) // 200-799 Hz
	samples := utf8.RuneCountInString(text) * aiVoiceSamplesPerRune
	var b bytes.Buffer
	b.Grow(44 + 2*samples)
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + 2*samples))
	b.WriteString("WAVEfmt ")
	le(uint32(16))              // fmt chunk size
	le(uint16(1))               // PCM
	le(uint16(1))               // mono
	le(uint32(aiVoiceRate))     // sample rate
	le(uint32(aiVoiceRate * 2)) // byte rate
	le(uint16(2))               // block align
	le(uint16(16))              // bits per sample
	b.WriteString("data")
	le(uint32(2 * samples))
	for i := range samples {
		le(int16(8000 * math.Sin(2*math.Pi*freq*float64(i)/aiVoiceRate)))
	}
	return b.Bytes()
}

// ScriptAICharacters replaces the list of AI voices (the world control API).
func (w *World) ScriptAICharacters(ctx context.Context, list []AICharacter) error {
	return w.update(ctx, func(o *op) error { return scriptAICharacters(o, list) })
}

// ScriptAICharacters replaces the list of AI voices (the seed, world files).
func (u *Universe) ScriptAICharacters(list []AICharacter) error {
	return scriptAICharacters(u.o, list)
}

func scriptAICharacters(o *op, list []AICharacter) error {
	if len(list) > MaxAICharacters {
		return fmt.Errorf("characters: %d, at most %d: %w", len(list), MaxAICharacters, ErrInvalid)
	}
	seen := map[string]bool{}
	for i, c := range list {
		switch {
		case c.ID == "" || c.Name == "" || c.Category == "":
			return fmt.Errorf("characters.%d: type, character_id and character_name must not be empty: %w", i, ErrInvalid)
		case seen[c.ID]:
			return fmt.Errorf("characters.%d.character_id: %q listed twice: %w", i, c.ID, ErrInvalid)
		}
		seen[c.ID] = true
	}
	o.record(&AICharactersScripted{Count: len(list)})
	return o.tx.AICharacters().Replace(list)
}

// AICharactersScripted: a test replaced the list of AI voices. No bot is told.
type AICharactersScripted struct {
	Head
	unseen
	Count int
}
