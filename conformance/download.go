package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// maxDownload bounds the bytes the suite reads from a file URL the target answered.
const maxDownload = 1 << 20

// download reads the bytes a URL the target answered names: http(s) with the suite's client
// (bounded like any request of the suite; a reference without a host is on the target's HTTP
// address), file:// when the file is on this machine (the target runs here), else a
// *notHereError.
func (s *suite) download(ctx context.Context, ref string) ([]byte, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme == "file" {
		f, err := os.Open(u.Path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &notHereError{ref}
		} else if err != nil {
			return nil, err
		}
		defer f.Close()
		return readCapped(f)
	}
	if !u.IsAbs() {
		base := s.base
		if base == "" {
			base = "http" + strings.TrimPrefix(s.wsBase, "ws") // ws:// -> http://, wss:// -> https://
		}
		b, err := url.Parse(base)
		if err != nil {
			return nil, err
		}
		u = b.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("a URL of scheme %q, where http, https or file was expected", u.Scheme)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	res, err := s.doer.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", res.Status)
	}
	return readCapped(res.Body)
}

func readCapped(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxDownload+1))
	if err == nil && len(data) > maxDownload {
		err = fmt.Errorf("more than %d bytes", maxDownload)
	}
	return data, err
}
