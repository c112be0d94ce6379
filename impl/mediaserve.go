package impl

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/onespec/onespec/impl/world"
)

// serveMedia serves the stored media the world names at world.MediaURLPath: the url of a
// received image or voice segment and of get_image. It is public, like QQ's CDN: the name is
// the content's SHA-256, known only to whoever saw the message.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, world.MediaURLPath)
	path, inline, err := s.world.StoredMedia(r.Context(), name)
	if errors.Is(err, world.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.log.Warn("serving media", "name", name, "err", err)
		http.Error(w, "media unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable") // content-addressed
	if inline != nil {
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(inline))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		s.log.Warn("serving media", "name", name, "err", err)
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, "", info.ModTime(), f)
}
