// Package client calls any OneBot v11 implementation (go-cqhttp, NapCat, LLOneBot, Lagrange,
// onespec serve) over its HTTP API or a forward WebSocket. It is the transport only: it sends
// an action's name and parameters and decodes the reply's envelope. The typed methods, one per
// action of the spec, are generated: gen.NewClient(c) wraps either transport.
//
//	c, err := client.DialWS(ctx, "ws://127.0.0.1:5700/", client.Options{AccessToken: "secret"})
//	bot := gen.NewClient(c)
//	info, err := bot.GetLoginInfo(ctx)
//
// 任意 OneBot v11 实现的 Go 客户端（HTTP 或正向 WebSocket）；各 API 的类型化方法由规范生成，见 gen.Client。
package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Options configure a transport.
type Options struct {
	// AccessToken, when set, is sent as Authorization: Bearer on every request (HTTP) or on
	// the handshake (WebSocket).
	AccessToken string
	// HTTPClient sends the requests (HTTP) or the handshake (WebSocket); nil uses
	// http.DefaultClient. Timeouts belong to each call's context.
	HTTPClient *http.Client
	// MaxReplyBytes bounds one reply (or event frame); 0 means 16 MiB. Member lists of large
	// groups are a few MiB.
	MaxReplyBytes int64
	// WriteTimeout bounds writing one call's frame on a WebSocket (a peer that stops reading
	// for that long has its connection closed); 0 means 10 s. A call's context bounds the rest.
	WriteTimeout time.Duration
	// EventBuffer is how many events a WebSocket connection holds for Events before it drops
	// new ones (counted by DroppedEvents); 0 means 1024. HTTP has no events.
	EventBuffer int
}

func (o Options) maxReplyBytes() int64 {
	if o.MaxReplyBytes > 0 {
		return o.MaxReplyBytes
	}
	return 16 << 20
}

func (o Options) writeTimeout() time.Duration {
	if o.WriteTimeout > 0 {
		return o.WriteTimeout
	}
	return 10 * time.Second
}

func (o Options) header() http.Header {
	h := http.Header{}
	if o.AccessToken != "" {
		h.Set("Authorization", "Bearer "+o.AccessToken)
	}
	return h
}

// Error is a call the implementation answered with status failed (or with an HTTP error and
// no envelope). Retcode, Message and Wording are the envelope's.
type Error struct {
	// Action is the action called.
	Action string
	// Retcode is the envelope's retcode (1404 unknown action, 1400 invalid parameters, 102
	// no such group or user on the reference server; each implementation has its own).
	Retcode int
	// Message is the error for developers, Wording the one for people; either may be empty.
	Message, Wording string
	// HTTPStatus is the HTTP status of an HTTP call that failed, 0 otherwise.
	HTTPStatus int
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: retcode %d", e.Action, e.Retcode)
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	}
	for _, s := range []string{e.Message, e.Wording} {
		if s != "" {
			b.WriteString(": " + s)
		}
	}
	return b.String()
}

// envelope is a reply as any implementation sends it.
type envelope struct {
	Status  string          `json:"status"`
	Retcode int             `json:"retcode"`
	Data    json.RawMessage `json:"data"`
	Message string          `json:"message"`
	Wording string          `json:"wording"`
	Echo    json.RawMessage `json:"echo"`
}

// result turns a reply into the call's outcome: data decoded into data (when both are
// non-null) for ok and async, an *Error for anything else.
func (e *envelope) result(action string, data any) error {
	switch e.Status {
	case "ok", "async":
	default:
		return &Error{Action: action, Retcode: e.Retcode, Message: e.Message, Wording: e.Wording}
	}
	if data == nil || len(e.Data) == 0 || string(e.Data) == "null" {
		return nil
	}
	if err := json.Unmarshal(e.Data, data); err != nil {
		return fmt.Errorf("%s: decoding the reply's data: %w", action, err)
	}
	return nil
}

// body is params as JSON: an empty object when there are none.
func body(params any) ([]byte, error) {
	if params == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(params)
}
