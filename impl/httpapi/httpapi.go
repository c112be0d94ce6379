// Package httpapi is the OneBot v11 HTTP transport (standard communication/http.md) of the
// reference server: a thin adapter that reads the access token and the parameters from wherever
// a real client put them, hands a dispatch.Call to the dispatcher and writes the envelope back.
//
// Clients send JSON bodies, form bodies and query strings; POSTs without a Content-Type
// (ZeroBot), bodies of null, and JSON labelled as a form (curl -d). All of them become one Call.
package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/onespec/onespec/gen/core"
	"github.com/onespec/onespec/impl/auth"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/inflight"
	"github.com/onespec/onespec/openapi/wire"
)

// Options configure the HTTP transport.
type Options struct {
	// AccessToken, when not empty, is required on every action request.
	AccessToken string
	// Public reports paths served by Extra without a token and outside OneBot (the docs, the
	// spec itself); nil serves none.
	Public func(path string) bool
	// Extra serves the public paths.
	Extra http.Handler
	// SelfID is the bot account these endpoints act as; 0 is the default bot.
	SelfID int64
	// Log receives rejected requests; nil discards.
	Log *slog.Logger
	// PlainTextJSON reads a text/plain body as JSON, the Content-Type that fetch and XHR send
	// for a string body when none is set. Off for the OneBot API, whose standard transport
	// answers 406 to it; on for the world control API, which browsers and scripts call.
	PlainTextJSON bool
	// MaxBody bounds one request body; 0 means DefaultMaxBody.
	MaxBody int64
	// MaxValues bounds the JSON values of one body; 0 means inflight.DefaultMaxValues.
	MaxValues int
	// Budget bounds the body bytes of every request in flight; share one between the
	// transports of a server. nil: one of inflight.DefaultMax for this handler alone.
	Budget *inflight.Budget
}

// failure is a request the transport rejects before dispatching it.
type failure struct {
	status  int
	retcode core.Retcode
	message string
	wording string
}

// Handler returns the OneBot HTTP API of d: every action at GET or POST /{action}.
func Handler(d *dispatch.Dispatcher, opts Options) http.Handler {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxValues <= 0 {
		opts.MaxValues = inflight.DefaultMaxValues
	}
	if opts.Budget == nil {
		opts.Budget = inflight.NewBudget(0)
	}
	t := &transport{d: d, opts: opts, log: opts.Log}
	if t.log == nil {
		t.log = slog.New(slog.DiscardHandler)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = t.errorHandler
	e.Use(middleware.Recover())
	e.Any("/*", t.serve)
	return e
}

type transport struct {
	d    *dispatch.Dispatcher
	opts Options
	log  *slog.Logger
}

func (t *transport) serve(c echo.Context) error {
	r := c.Request()
	if t.opts.Public != nil && t.opts.Extra != nil && t.opts.Public(r.URL.Path) {
		t.opts.Extra.ServeHTTP(c.Response(), r)
		return nil
	}
	// The token is checked before the body is read: a request refused for its token costs
	// nothing beyond its headers, and its echo can only come from the query.
	var f *failure
	var params map[string]any
	if d := auth.Check(r, t.opts.AccessToken); d != nil {
		f = &failure{d.Status, d.Retcode, d.Message, d.Wording}
		params = dispatch.Values(nil, r.URL.Query())
	} else {
		var held int64
		params, held, f = t.readParams(r)
		defer t.opts.Budget.Give(held) // the body's bytes stay alive until the reply is written
	}
	if f == nil && r.Method != http.MethodGet && r.Method != http.MethodPost {
		c.Response().Header().Set("Allow", "GET, POST")
		f = &failure{http.StatusMethodNotAllowed, core.RetcodeBadRequest,
			fmt.Sprintf("method %s not allowed, use GET or POST", r.Method), "仅支持 GET 与 POST"}
	}
	var echoValue json.RawMessage
	if raw, ok := params["echo"]; ok {
		echoValue, _ = json.Marshal(raw)
		delete(params, "echo")
	}
	delete(params, "access_token")
	if f != nil {
		t.log.Warn("request rejected", "path", r.URL.Path, "status", f.status, "retcode", int(f.retcode), "reason", f.message)
		reply := dispatch.Failed(f.retcode, f.message, f.wording)
		reply.Echo = echoValue
		return c.JSON(f.status, reply)
	}
	self := botctx.SelfIDOr(r.Context(), t.opts.SelfID)
	action := strings.Trim(r.URL.Path, "/")
	reply := t.d.Dispatch(r.Context(), dispatch.Call{
		Action: action,
		Params: params,
		Echo:   echoValue,
		SelfID: self,
	})
	return c.JSON(t.statusOf(action, reply), reply)
}

// statusOf is the HTTP status of a dispatched reply: the standard answers an unknown action
// with 404; every other answer, failed or not, is a 200 carrying its retcode, an action
// that exists and answers 1404 "not supported" (send_packet) included: it was found and called.
func (t *transport) statusOf(action string, r wire.Reply) int {
	if r.Retcode == int(core.RetcodeUnsupportedAction) {
		if a, _ := t.d.Lookup(action); a == nil {
			return http.StatusNotFound
		}
	}
	return http.StatusOK
}

// readParams gathers a request's parameters: the body of any method but GET (JSON or form),
// with the query's values underneath. The body's bytes are taken from the budget as they are
// read; held is what the caller gives back once the request is answered. On failure it still
// returns what it could read (the query), so that the failure can carry the echo. Options'
// PlainTextJSON reads text/plain as JSON.
func (t *transport) readParams(r *http.Request) (params map[string]any, held int64, f *failure) {
	query := r.URL.Query()
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return dispatch.Values(nil, query), 0, nil
	}
	max := t.opts.MaxBody
	if r.ContentLength > max {
		return dispatch.Values(nil, query), 0, tooLarge(max)
	}
	body, held, f := t.readBody(r.Body, r.ContentLength, max)
	if f != nil {
		return dispatch.Values(nil, query), held, f
	}
	ct := r.Header.Get(echo.HeaderContentType)
	mediaType := ""
	if ct != "" {
		var err error
		if mediaType, _, err = mime.ParseMediaType(ct); err != nil {
			return dispatch.Values(nil, query), held, unsupported(ct)
		}
	}
	switch {
	case mediaType == "" || mediaType == echo.MIMEApplicationJSON || strings.HasSuffix(mediaType, "+json"),
		// curl -d sends JSON labelled as a form; no real form body starts with "{".
		mediaType == echo.MIMEApplicationForm && bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")),
		t.opts.PlainTextJSON && mediaType == echo.MIMETextPlain:
		if _, ok := inflight.CountValues(body, t.opts.MaxValues); !ok {
			return dispatch.Values(nil, query), held, tooManyValues(t.opts.MaxValues)
		}
		var err error
		if params, err = decodeObject(body); err != nil {
			return dispatch.Values(nil, query), held, &failure{http.StatusBadRequest, core.RetcodeBadRequest, err.Error(), "请求体不是合法的 JSON 对象"}
		}
	case mediaType == echo.MIMEApplicationForm:
		if n := bytes.Count(body, []byte("&")); n >= t.opts.MaxValues {
			return dispatch.Values(nil, query), held, tooManyValues(t.opts.MaxValues)
		}
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return dispatch.Values(nil, query), held, &failure{http.StatusBadRequest, core.RetcodeBadRequest, "malformed form body: " + err.Error(), "表单格式错误"}
		}
		params = dispatch.Values(nil, values)
	default:
		return dispatch.Values(nil, query), held, unsupported(ct)
	}
	return dispatch.Values(params, query), held, nil
}

// readChunk is how many bytes of a body are taken from the budget at a time.
const readChunk = 64 << 10

// readBody reads at most max bytes of body, taking them from the budget before holding them:
// a body of declared length (length >= 0) at once, into a buffer of exactly that size; one of
// unknown length chunk by chunk. A request whose body does not fit what remains is refused
// before it is read whole.
func (t *transport) readBody(body io.Reader, length, max int64) ([]byte, int64, *failure) {
	if length >= 0 {
		if !t.opts.Budget.Take(length) {
			return nil, 0, busy()
		}
		buf := make([]byte, length)
		if _, err := io.ReadFull(body, buf); err != nil {
			return nil, length, &failure{http.StatusBadRequest, core.RetcodeBadRequest, "reading the request body: " + err.Error(), "请求体读取失败"}
		}
		return buf, length, nil
	}
	var buf bytes.Buffer
	var held int64
	for {
		if !t.opts.Budget.Take(readChunk) {
			return nil, held, busy()
		}
		held += readChunk
		n, err := io.CopyN(&buf, body, readChunk)
		if int64(buf.Len()) > max {
			return nil, held, tooLarge(max)
		}
		if errors.Is(err, io.EOF) || (err == nil && n < readChunk) {
			return buf.Bytes(), held, nil
		}
		if err != nil {
			return nil, held, &failure{http.StatusBadRequest, core.RetcodeBadRequest, "reading the request body: " + err.Error(), "请求体读取失败"}
		}
	}
}

// busy is the failure of a request that finds the in-flight budget spent.
func busy() *failure {
	return &failure{http.StatusServiceUnavailable, core.RetcodeBadThreadPool,
		"too many request bytes in flight on this server: retry later", "服务器繁忙，请稍后重试"}
}

func tooLarge(max int64) *failure {
	return &failure{http.StatusRequestEntityTooLarge, core.RetcodeBadRequest,
		fmt.Sprintf("request body larger than %d bytes", max), "请求体过大"}
}

func unsupported(ct string) *failure {
	return &failure{http.StatusNotAcceptable, core.RetcodeBadRequest,
		fmt.Sprintf("unsupported Content-Type %q: use application/json or application/x-www-form-urlencoded", ct), "不支持的 Content-Type"}
}

// decodeObject reads a JSON object; an empty body and `null` mean no parameters.
func decodeObject(body []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("malformed JSON body: %w", err)
	}
	if dec.More() {
		return nil, errors.New("malformed JSON body: more than one JSON value")
	}
	switch x := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return x, nil
	}
	return nil, fmt.Errorf("the JSON body must be an object of parameters, not %s", jsonKind(v))
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case []any:
		return "an array"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return "an object"
}

// errorHandler renders what reaches Echo's error path (a recovered panic) as an envelope.
func (t *transport) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// Echo's own answers (no route for an empty path) keep their status: a 404 is no 500.
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusNotFound {
		reply := dispatch.Failed(core.RetcodeUnsupportedAction, fmt.Sprintf("no action at %q", c.Request().URL.Path), "接口不存在")
		_ = c.JSON(http.StatusNotFound, reply)
		return
	}
	t.log.Error("request failed", "path", c.Request().URL.Path, "err", err)
	reply := dispatch.Failed(core.RetcodeInternalError, "internal error: "+err.Error(), "内部错误")
	if werr := c.JSON(http.StatusInternalServerError, reply); werr != nil {
		t.log.Error("writing error response", "err", werr)
	}
}
