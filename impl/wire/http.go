package wire

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/openapi"
)

// maxBody bounds a request body; OneBot parameters are small, base64 images aside.
const maxBody = 32 << 20

// HTTP adapts the OneBot HTTP transport (standard communication/http.md) to the generated Echo
// handlers, which only understand canonical JSON POSTs.
type HTTP struct {
	// Index resolves action names.
	Index *Index
	// AccessToken, when not empty, is required on every action request.
	AccessToken string
	// Public reports paths served without a token and outside OneBot (docs, the spec itself).
	Public func(path string) bool
	// Log receives one line per rejected request; nil discards.
	Log *slog.Logger
	// RateLimitInterval spaces _rate_limited calls; 0 means the standard's 500 ms.
	RateLimitInterval time.Duration

	deferOnce sync.Once
	deferred  *deferred
}

// internalKey marks a request the transport itself made (the background run of an _async or
// _rate_limited call), already authorized and prepared.
type internalKey struct{}

type echoKey struct{}

// WithEcho returns ctx carrying a request's echo, for the reply to return.
func WithEcho(ctx context.Context, echo json.RawMessage) context.Context {
	return context.WithValue(ctx, echoKey{}, echo)
}

// Echo returns the echo the request carried, or nil.
func Echo(ctx context.Context) json.RawMessage {
	e, _ := ctx.Value(echoKey{}).(json.RawMessage)
	return e
}

// Failure is a request the transport rejects before any handler runs.
type Failure struct {
	HTTPStatus int
	Retcode    gen.Retcode
	Message    string
	Wording    string
}

func (f *Failure) Error() string { return f.Message }

// Pre is an echo pre-routing middleware: for a request to a known action it checks the access
// token, reads the parameters from wherever the client put them, prepares them against the
// spec and rewrites the request into the JSON POST the generated handler binds (carrying the
// validated value, so it is not decoded twice). Unknown paths fall through to echo's router and
// end in ErrorHandler's 404 envelope.
func (h *HTTP) Pre(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Context().Value(internalKey{}) != nil || (h.Public != nil && h.Public(r.URL.Path)) {
			return next(c)
		}
		if f := h.authorize(r); f != nil {
			return h.reject(c, f)
		}
		name := strings.Trim(r.URL.Path, "/")
		action, suffix := h.Index.Lookup(name), ""
		if action == nil {
			var base string
			if base, suffix = splitSuffix(name); suffix != "" {
				action = h.Index.Lookup(base)
			}
		}
		if action == nil {
			return next(c) // echo answers 404, rendered by ErrorHandler
		}
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			c.Response().Header().Set("Allow", "GET, POST")
			return h.reject(c, &Failure{http.StatusMethodNotAllowed, gen.RetcodeBadRequest,
				fmt.Sprintf("method %s not allowed, use GET or POST", r.Method), "仅支持 GET 与 POST"})
		}
		params, f := readParams(r)
		if f != nil {
			return h.reject(c, f)
		}
		echoValue, hasEcho := params["echo"]
		delete(params, "echo")
		prepared, err := action.Prepare(params)
		ctx := r.Context()
		if hasEcho {
			raw, _ := json.Marshal(echoValue)
			ctx = WithEcho(ctx, raw)
		}
		if err != nil {
			c.SetRequest(r.WithContext(ctx))
			return h.reject(c, &Failure{http.StatusOK, gen.RetcodeBadRequest, err.Error(), "请求参数错误"})
		}

		if suffix != "" {
			bg := r.Clone(context.WithValue(context.WithoutCancel(ctx), internalKey{}, true))
			c.SetRequest(r.WithContext(ctx))
			return h.runDeferred(c, bg, action, prepared, suffix)
		}
		// Routing reads the original request's method and path, so rewrite them in place.
		canonicalize(r, action, prepared)
		c.SetRequest(r.WithContext(ctx))
		return next(c)
	}
}

// canonicalize turns r into the JSON POST of action the generated handler binds.
func canonicalize(r *http.Request, action *Action, prepared map[string]any) {
	r.Method = http.MethodPost
	r.URL.Path = "/" + action.Name
	r.URL.RawPath = ""
	r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	r.Body = &validatedBody{value: prepared}
	r.ContentLength = -1
}

// runDeferred answers an _async or _rate_limited call at once (status async, retcode 1) and
// runs the action later through the same router, on a request detached from the client's.
func (h *HTTP) runDeferred(c echo.Context, bg *http.Request, action *Action, prepared map[string]any, suffix string) error {
	h.deferOnce.Do(func() { h.deferred = newDeferred(h.RateLimitInterval) })
	canonicalize(bg, action, prepared)
	e := c.Echo()
	job := func() {
		var rec recorder
		e.ServeHTTP(&rec, bg)
		if h.Log != nil {
			h.Log.Info("deferred call done", "action", action.Name, "suffix", suffix, "reply", strings.TrimSpace(rec.body.String()))
		}
	}
	if !h.deferred.submit(suffix, job) {
		return h.reject(c, &Failure{http.StatusOK, gen.RetcodeBadThreadPool,
			fmt.Sprintf("too many %s calls waiting; try again later", suffix), "异步任务队列已满"})
	}
	return c.JSON(http.StatusOK, gen.NoDataResult{
		Status:  string(gen.StatusAsync),
		Retcode: int(gen.RetcodeAsync),
		Echo:    Echo(c.Request().Context()),
	})
}

// recorder keeps what a deferred call answered, for the log.
type recorder struct {
	header http.Header
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header {
	if r.header == nil {
		r.header = http.Header{}
	}
	return r.header
}

func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }

func (r *recorder) WriteHeader(int) {}

// authorize checks the access token: the Authorization header with any scheme word ("Bearer",
// "Token"), or the access_token query parameter when there is no header.
func (h *HTTP) authorize(r *http.Request) *Failure {
	if h.AccessToken == "" {
		return nil
	}
	given, found := "", false
	if auth := r.Header.Get("Authorization"); auth != "" {
		_, token, hasScheme := strings.Cut(strings.TrimSpace(auth), " ")
		if !hasScheme {
			token = auth
		}
		given, found = strings.TrimSpace(token), true
	} else if q := r.URL.Query(); q.Has("access_token") {
		given, found = q.Get("access_token"), true
	}
	switch {
	case !found:
		return &Failure{http.StatusUnauthorized, gen.RetcodeUnauthorized, "access token required", "需要 access token"}
	case subtle.ConstantTimeCompare([]byte(given), []byte(h.AccessToken)) != 1:
		return &Failure{http.StatusForbidden, gen.RetcodeForbidden, "access token does not match", "access token 错误"}
	}
	return nil
}

// readParams gathers the parameters of a GET (query) or POST (JSON or form body, with the
// query's values underneath).
func readParams(r *http.Request) (map[string]any, *Failure) {
	params := map[string]any{}
	if r.Method == http.MethodPost {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return nil, &Failure{http.StatusBadRequest, gen.RetcodeBadRequest, "reading the request body: " + err.Error(), "请求体读取失败"}
		}
		if len(body) > maxBody {
			return nil, &Failure{http.StatusRequestEntityTooLarge, gen.RetcodeBadRequest, fmt.Sprintf("request body larger than %d bytes", maxBody), "请求体过大"}
		}
		ct := r.Header.Get(echo.HeaderContentType)
		mediaType := ""
		if ct != "" {
			if mediaType, _, err = mime.ParseMediaType(ct); err != nil {
				return nil, unsupported(ct)
			}
		}
		switch {
		case mediaType == "" || mediaType == echo.MIMEApplicationJSON || strings.HasSuffix(mediaType, "+json"):
			if params, err = decodeObject(body); err != nil {
				return nil, &Failure{http.StatusBadRequest, gen.RetcodeBadRequest, err.Error(), "请求体不是合法的 JSON 对象"}
			}
		case mediaType == echo.MIMEApplicationForm && bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")):
			// curl -d sends JSON labelled as a form; no real form body starts with "{".
			if params, err = decodeObject(body); err != nil {
				return nil, &Failure{http.StatusBadRequest, gen.RetcodeBadRequest, err.Error(), "请求体不是合法的 JSON 对象"}
			}
		case mediaType == echo.MIMEApplicationForm:
			values, err := url.ParseQuery(string(body))
			if err != nil {
				return nil, &Failure{http.StatusBadRequest, gen.RetcodeBadRequest, "malformed form body: " + err.Error(), "表单格式错误"}
			}
			addValues(params, values)
		default:
			return nil, unsupported(ct)
		}
	}
	addValues(params, r.URL.Query())
	delete(params, "access_token")
	return params, nil
}

func unsupported(ct string) *Failure {
	return &Failure{http.StatusNotAcceptable, gen.RetcodeBadRequest,
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

// addValues adds query or form values that params does not already have (the first value of a
// repeated key wins).
func addValues(params map[string]any, values url.Values) {
	for k, vs := range values {
		if _, ok := params[k]; !ok && len(vs) > 0 {
			params[k] = vs[0]
		}
	}
}

func (h *HTTP) reject(c echo.Context, f *Failure) error {
	if h.Log != nil {
		h.Log.Warn("request rejected", "path", c.Request().URL.Path, "status", f.HTTPStatus, "retcode", int(f.Retcode), "reason", f.Message)
	}
	return writeFailure(c, f)
}

func writeFailure(c echo.Context, f *Failure) error {
	return c.JSON(f.HTTPStatus, gen.FailedResult{
		Status:  string(gen.StatusFailed),
		Retcode: int(f.Retcode),
		Message: f.Message,
		Wording: f.Wording,
		Echo:    Echo(c.Request().Context()),
	})
}

// ErrorHandler renders errors that reach echo (no route, a handler's error, a recovered
// panic) as OneBot envelopes instead of echo's own bodies.
func (h *HTTP) ErrorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	f := &Failure{http.StatusOK, gen.RetcodeInternalError, err.Error(), "内部错误"}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			f = &Failure{http.StatusNotFound, gen.RetcodeUnsupportedAction,
				fmt.Sprintf("unknown action %q", strings.Trim(c.Request().URL.Path, "/")), "API 不存在"}
		case http.StatusMethodNotAllowed:
			f = &Failure{http.StatusMethodNotAllowed, gen.RetcodeBadRequest, "method not allowed, use GET or POST", "仅支持 GET 与 POST"}
		case http.StatusBadRequest, http.StatusUnsupportedMediaType:
			f = &Failure{http.StatusBadRequest, gen.RetcodeBadRequest, fmt.Sprint(he.Message), "请求参数错误"}
		}
	}
	if f.Retcode == gen.RetcodeInternalError && h.Log != nil {
		h.Log.Error("action failed", "path", c.Request().URL.Path, "err", err)
	}
	if werr := writeFailure(c, f); werr != nil && h.Log != nil {
		h.Log.Error("writing error response", "err", werr)
	}
}

// validatedBody is the request body handed to the generated handler: it carries the prepared
// value (oapi-codegen's binder takes it without decoding) and still reads as JSON for any
// binder that does not know the interface.
type validatedBody struct {
	value  any
	reader *bytes.Reader
}

func (b *validatedBody) ValidatedValue() any { return b.value }

func (b *validatedBody) Read(p []byte) (int, error) {
	if b.reader == nil {
		raw, err := json.Marshal(b.value)
		if err != nil {
			return 0, err
		}
		b.reader = bytes.NewReader(raw)
	}
	return b.reader.Read(p)
}

func (b *validatedBody) Close() error { return nil }

// Envelope helpers shared by every transport.

// OK wraps data in a success envelope carrying ctx's echo.
func OK[T any](ctx context.Context, data *T) openapi.Envelope[*T] {
	return openapi.Envelope[*T]{Status: string(gen.StatusOk), Retcode: int(gen.RetcodeOK), Data: data, Echo: Echo(ctx)}
}

// Fail is a failed envelope with ctx's echo and null data.
func Fail[T any](ctx context.Context, code gen.Retcode, message, wording string) openapi.Envelope[*T] {
	return openapi.Envelope[*T]{Status: string(gen.StatusFailed), Retcode: int(code), Message: message, Wording: wording, Echo: Echo(ctx)}
}
