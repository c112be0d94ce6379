package impl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// convertTimeout bounds one ffmpeg run of get_record.
const convertTimeout = 30 * time.Second

// voiceFormat says what audio a file holds, from its first bytes ("" when it cannot tell):
// what get_record compares with out_format before it converts anything.
func voiceFormat(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("#!AMR")):
		return "amr"
	case bytes.HasPrefix(head, []byte("#!SILK")), bytes.HasPrefix(head, []byte("\x02#!SILK")):
		return "silk"
	case bytes.HasPrefix(head, []byte("ID3")), len(head) > 1 && head[0] == 0xff && head[1]&0xe0 == 0xe0:
		return "mp3"
	case bytes.HasPrefix(head, []byte("OggS")):
		return "ogg"
	case bytes.HasPrefix(head, []byte("fLaC")):
		return "flac"
	case len(head) >= 12 && bytes.HasPrefix(head, []byte("RIFF")) && string(head[8:12]) == "WAVE":
		return "wav"
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		return "m4a"
	case bytes.HasPrefix(head, []byte{0x30, 0x26, 0xb2, 0x75}):
		return "wma"
	}
	return ""
}

// errNoFFmpeg: get_record must convert and no ffmpeg is on the PATH (retcode 1500, as the
// icqq-based implementations answer).
var errNoFFmpeg = errors.New("converting needs ffmpeg, which is not on the server's PATH")

// convertVoice answers a local path of the stored voice at src in format: src itself when it
// already is, else the file ffmpeg converts it to beside it (kept: the next call answers it).
func convertVoice(ctx context.Context, src, format string) (string, error) {
	f, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("reading the voice: %w", err)
	}
	head := make([]byte, 16)
	n, _ := f.Read(head)
	f.Close()
	if voiceFormat(head[:n]) == format {
		return src, nil
	}
	out := src + "." + format
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		return "", errNoFFmpeg
	}
	ctx, cancel := context.WithTimeout(ctx, convertTimeout)
	defer cancel()
	tmp := out + ".tmp." + format // ffmpeg picks the container by the extension
	cmd := exec.CommandContext(ctx, ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-i", src, tmp)
	if msg, err := cmd.CombinedOutput(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("ffmpeg converting %s to %s: %w: %s", filepath.Base(src), format, err, bytes.TrimSpace(msg))
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("converting the voice: %w", err)
	}
	return out, nil
}
