package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// HTTP calls actions over an implementation's HTTP API: POST {base}/{action} with the
// parameters as a JSON body. It is safe for concurrent use.
type HTTP struct {
	base string
	opts Options
}

// NewHTTP returns a transport for the HTTP API at base (http://127.0.0.1:5700).
func NewHTTP(base string, opts Options) *HTTP {
	if opts.HTTPClient == nil {
		opts.HTTPClient = http.DefaultClient
	}
	return &HTTP{base: strings.TrimRight(base, "/"), opts: opts}
}

// Call calls action with params (nil for none) and decodes the reply's data into data (nil
// to ignore it). A failed call is an *Error.
func (h *HTTP) Call(ctx context.Context, action string, params, data any) error {
	b, err := body(params)
	if err != nil {
		return fmt.Errorf("%s: encoding the parameters: %w", action, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+"/"+action, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	req.Header = h.opts.header()
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.opts.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	defer resp.Body.Close()
	limit := h.opts.maxReplyBytes()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("%s: reading the reply: %w", action, err)
	}
	if int64(len(raw)) > limit {
		return fmt.Errorf("%s: the reply exceeds %d bytes", action, limit)
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Status == "" {
		// No envelope: a 401/403/404 from a server that answers those in plain text, or a proxy.
		if resp.StatusCode != http.StatusOK {
			return &Error{Action: action, HTTPStatus: resp.StatusCode, Message: strings.TrimSpace(string(raw))}
		}
		return fmt.Errorf("%s: the reply is not a OneBot envelope: %s", action, truncate(raw))
	}
	if err := env.result(action, data); err != nil {
		var e *Error
		if errors.As(err, &e) && resp.StatusCode != http.StatusOK {
			e.HTTPStatus = resp.StatusCode
		}
		return err
	}
	return nil
}

func truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}
