package world

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/onespec/onespec/impl/cqcode"
)

// MediaSources say where a media reference a bot sends (an image, voice or video segment's
// file, a file parameter) may be read from, besides inline base64:// content. Every rule is
// checked once, when the reference is sent; what it names is read then and stored by content.
type MediaSources struct {
	// AnyLocalPath lets file:// URIs and absolute paths name any file the server can read:
	// right while the server listens on loopback only, where the bot runs on the same machine
	// (as NapCat and go-cqhttp users expect), wrong beyond it.
	AnyLocalPath bool
	// LocalRoots are the directories local paths may name otherwise (after resolving
	// symbolic links and ".."); none: no local path is read.
	LocalRoots []string
	// Hosts are the host names (or IP addresses) http(s) references may be fetched from, beside
	// loopback (localhost, 127.0.0.0/8, ::1), which is always allowed and must resolve to a
	// loopback address.
	Hosts []string
	// MaxBytes bounds one reference's content; 0 is DefaultMediaMaxBytes.
	MaxBytes int64
	// Timeout bounds one fetch, redirects included; 0 is DefaultMediaTimeout.
	Timeout time.Duration
}

// Defaults of MediaSources.
const (
	DefaultMediaMaxBytes = 16 << 20
	DefaultMediaTimeout  = 10 * time.Second
	// maxMediaRedirects bounds the redirects one fetch follows, each to an allowed host.
	maxMediaRedirects = 3
)

func (s MediaSources) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMediaMaxBytes
}

// ReadMedia reads what a media reference names: base64:// content, a file:// URI or an
// absolute path (within the local rules), or an http(s):// URL of an allowed host. It is the
// one way a bot's file parameter becomes bytes (send_*_msg's media, upload_group_file's file,
// set_group_portrait...). ok is false for a reference of none of these forms (a received
// file's name, which the caller looks up itself). A reference that cannot be read is an
// ErrInvalid saying why, naming field.
func (w *World) ReadMedia(ctx context.Context, field, ref string) (data []byte, ok bool, err error) {
	src := w.opts.MediaSources
	switch {
	case strings.HasPrefix(ref, "base64://"):
		encoded := strings.TrimPrefix(ref, "base64://")
		if n := int64(base64.StdEncoding.DecodedLen(len(encoded))); n > src.maxBytes()+2 {
			return nil, true, fmt.Errorf("%s: %d bytes of base64, more than the %d a file may have (--media-max-bytes): %w", field, n, src.maxBytes(), ErrInvalid)
		}
		data, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			return nil, true, fmt.Errorf("%s: not valid base64: %w", field, ErrInvalid)
		}
		return data, true, nil
	case hasPrefixFold(ref, "http://"), hasPrefixFold(ref, "https://"):
		data, err := src.fetch(ctx, ref)
		if err != nil {
			return nil, true, fmt.Errorf("%s: %w: %w", field, err, ErrInvalid)
		}
		return data, true, nil
	case hasPrefixFold(ref, "file://"):
		u, err := url.Parse(ref)
		if err != nil || u.Path == "" || (u.Host != "" && u.Host != "localhost") {
			return nil, true, fmt.Errorf("%s: %q is not a file:///absolute/path URI: %w", field, ref, ErrInvalid)
		}
		data, err := src.readLocal(u.Path)
		if err != nil {
			return nil, true, fmt.Errorf("%s: %w: %w", field, err, ErrInvalid)
		}
		return data, true, nil
	case filepath.IsAbs(ref):
		data, err := src.readLocal(ref)
		if err != nil {
			return nil, true, fmt.Errorf("%s: %w: %w", field, err, ErrInvalid)
		}
		return data, true, nil
	}
	return nil, false, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// readLocal reads a local file the rules allow: any path with AnyLocalPath, else one that
// lies, once its symbolic links and ".." are resolved, inside a LocalRoot.
func (s MediaSources) readLocal(path string) ([]byte, error) {
	path = filepath.Clean(path)
	if !s.AnyLocalPath {
		if len(s.LocalRoots) == 0 {
			return nil, fmt.Errorf("local path %s is not read: the server listens beyond loopback and no --media-roots are configured", path)
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, fmt.Errorf("local path %s cannot be read: %w", path, unwrapPathError(err))
		}
		inside := slices.ContainsFunc(s.LocalRoots, func(root string) bool {
			r, err := filepath.EvalSymlinks(root)
			if err != nil {
				return false
			}
			rel, err := filepath.Rel(r, real)
			return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
		})
		if !inside {
			return nil, fmt.Errorf("local path %s is outside the configured --media-roots", path)
		}
		path = real
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("local path %s cannot be read: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("local path %s: %w", path, unwrapPathError(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("local path %s is not a regular file", path)
	}
	return readCapped(f, s.maxBytes(), "local path "+path)
}

// unwrapPathError drops the path an *os.PathError repeats.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readCapped reads r whole, refusing more than limit bytes.
func readCapped(r io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is more than the %d bytes a file may have (--media-max-bytes)", what, limit)
	}
	return data, nil
}

// errHostNotAllowed refuses a fetch, or a redirect, to a host the rules do not allow.
var errHostNotAllowed = errors.New("host not allowed")

// allowed says whether the rules let host (a URL's host name, no port) be fetched; loopback
// says it was allowed as loopback only, so that it must also resolve to a loopback address.
func (s MediaSources) allowed(host string) (ok, loopbackOnly bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, h := range s.Hosts {
		if strings.EqualFold(strings.TrimSuffix(h, "."), host) {
			return true, false
		}
	}
	if host == "localhost" {
		return true, true
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return true, true
	}
	return false, false
}

func (s MediaSources) checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%s: only http and https URLs are fetched", u.Redacted())
	}
	if ok, _ := s.allowed(u.Hostname()); !ok {
		return fmt.Errorf("%s: %w: only loopback and the --media-hosts are fetched", u.Redacted(), errHostNotAllowed)
	}
	return nil
}

// fetch gets ref from an allowed host: no proxy, within Timeout and MaxBytes, following at
// most maxMediaRedirects redirects, each to an allowed host; a host allowed as loopback must
// connect to a loopback address (a name that resolves elsewhere is refused at the dial).
func (s MediaSources) fetch(ctx context.Context, ref string) ([]byte, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL", ref)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if err := s.checkURL(u); err != nil {
		return nil, err
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultMediaTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dialer := &net.Dialer{Timeout: timeout}
	transport := &http.Transport{
		Proxy: nil, // the rules name the hosts reached, not a proxy in the environment
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			ok, loopbackOnly := s.allowed(host)
			if !ok {
				return nil, fmt.Errorf("%s: %w", host, errHostNotAllowed)
			}
			d := *dialer
			if loopbackOnly {
				d.Control = func(_, address string, _ syscall.RawConn) error {
					h, _, err := net.SplitHostPort(address)
					if ip := net.ParseIP(h); err != nil || ip == nil || !ip.IsLoopback() {
						return fmt.Errorf("%s resolves to %s, not a loopback address: %w", host, address, errHostNotAllowed)
					}
					return nil
				}
			}
			return d.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		DisableKeepAlives:     true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) > maxMediaRedirects {
			return fmt.Errorf("more than %d redirects", maxMediaRedirects)
		}
		return s.checkURL(req.URL)
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u.Redacted(), err)
	}
	res, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			if ue.Timeout() {
				return nil, fmt.Errorf("fetching %s: no answer within %s (--media-timeout)", u.Redacted(), timeout)
			}
			err = ue.Err
		}
		return nil, fmt.Errorf("fetching %s: %w", u.Redacted(), err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: HTTP %s", u.Redacted(), res.Status)
	}
	if res.ContentLength > s.maxBytes() {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d a file may have (--media-max-bytes)", u.Redacted(), res.ContentLength, s.maxBytes())
	}
	return readCapped(res.Body, s.maxBytes(), u.Redacted())
}

// resolveMedia reads, before the transaction that stores them, the media of segs a bot sends
// by path or URL, and returns the segments carrying them inline (base64://) for storeMedia; a
// file named otherwise must be one the world's cache holds (a received file's name). Any
// reference that cannot be read fails the whole send, and nothing is stored.
func (w *World) resolveMedia(ctx context.Context, segs []cqcode.Segment) ([]cqcode.Segment, error) {
	if w.opts.Media == nil {
		return segs, nil
	}
	out := segs
	for i, seg := range segs {
		kind, ok := mediaKinds[seg.Type]
		if !ok {
			continue
		}
		file, _ := seg.Data.Get("file").(string)
		field := fmt.Sprintf("message.%d.data.file", i)
		if encoded, ok := strings.CutPrefix(file, "base64://"); ok {
			// Decoded and stored in the transaction; bounded here like any other reference.
			if n := int64(len(strings.TrimRight(encoded, "="))) * 3 / 4; n > w.opts.MediaSources.maxBytes() {
				return nil, fmt.Errorf("%s: %d bytes of base64 content, more than the %d a file may have (--media-max-bytes): %w", field, n, w.opts.MediaSources.maxBytes(), ErrInvalid)
			}
			continue
		}
		if file == "" {
			continue // the schema's to refuse
		}
		data, ok, err := w.ReadMedia(ctx, field, file)
		if err != nil {
			return nil, err
		}
		if !ok {
			if err := w.store.View(ctx, func(tx Tx) error {
				_, err := tx.Files().Get(kind, file)
				return err
			}); errors.Is(err, ErrNotFound) {
				return nil, fmt.Errorf("%s: %q is no received %s's name, nor a file:// URI, absolute path, http(s):// URL or base64:// content: %w", field, file, kind, ErrInvalid)
			} else if err != nil {
				return nil, err
			}
			continue
		}
		if len(out) > 0 && &out[0] == &segs[0] {
			out = slices.Clone(segs)
		}
		out[i] = cqcode.Segment{Type: seg.Type, Data: seg.Data.With("file", "base64://"+base64.StdEncoding.EncodeToString(data))}
	}
	return out, nil
}
