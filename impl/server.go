// Package impl is the onespec reference implementation: every OneBot v11 action of the spec,
// acting on a simulated QQ world (package world). Handlers live in one file per area, named
// after the spec's tags (message.go, group.go, friend.go, media.go, meta.go, system.go,
// hidden.go); transport concerns (parameter parsing, validation, tokens) live in package wire.
package impl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/wire"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/openapi"
)

// Version is the reference server's version, reported by get_version_info.
const Version = "0.1.0"

// Server implements every action of the spec on a world.
type Server struct {
	world   *world.World
	started time.Time
	log     *slog.Logger
}

var _ gen.StrictServerInterface = (*Server)(nil)

// New returns a server acting on w.
func New(w *world.World, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{world: w, started: time.Now(), log: log}
}

// bot is the view of the bot a call acts for: the one the transport put in ctx, else the
// world's default bot.
func (s *Server) bot(ctx context.Context) *world.Bot {
	id, _ := botctx.SelfID(ctx)
	return s.world.Bot(id)
}

// Options configure the HTTP handler.
type Options struct {
	// AccessToken, when set, is required on every action.
	AccessToken string
	// RateLimitInterval spaces _rate_limited calls; 0 means the standard's 500 ms.
	RateLimitInterval time.Duration
	// Public reports paths served by Extra without a token (docs, the spec).
	Public func(path string) bool
	// Extra serves the public paths; nil serves none.
	Extra http.Handler
}

// Handler returns the OneBot HTTP API of s: every action at POST/GET /{action}.
func (s *Server) Handler(opts Options) (http.Handler, error) {
	doc, err := gen.GetSwagger()
	if err != nil {
		return nil, fmt.Errorf("loading the embedded spec: %w", err)
	}
	idx, err := wire.NewIndex(doc)
	if err != nil {
		return nil, fmt.Errorf("indexing the spec's actions: %w", err)
	}
	h := &wire.HTTP{Index: idx, AccessToken: opts.AccessToken, Public: opts.Public, Log: s.log, RateLimitInterval: opts.RateLimitInterval}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = h.ErrorHandler
	e.Pre(h.Pre)
	e.Use(middleware.Recover())
	if opts.Extra != nil && opts.Public != nil {
		e.Any("/*", echo.WrapHandler(opts.Extra), func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				if !opts.Public(c.Request().URL.Path) {
					return echo.ErrNotFound
				}
				return next(c)
			}
		})
	}
	gen.RegisterHandlers(e, gen.NewStrictHandler(s, []gen.StrictMiddlewareFunc{s.logCalls}))
	return e, nil
}

// logCalls logs every action call with its outcome, so a bot developer sees what the bot
// asked for and why a call failed.
func (s *Server) logCalls(next gen.StrictHandlerFunc, _ string) gen.StrictHandlerFunc {
	return func(c echo.Context, request any) (any, error) {
		start := time.Now()
		response, err := next(c, request)
		// The path is the action's name as users know it (the Go operation name is not).
		attrs := []any{"action", strings.TrimPrefix(c.Request().URL.Path, "/"), "duration", time.Since(start)}
		level := slog.LevelInfo
		if env := reflect.ValueOf(response); env.Kind() == reflect.Struct {
			status := env.FieldByName("Status").String()
			attrs = append(attrs, "status", status, "retcode", env.FieldByName("Retcode").Int())
			if status == string(gen.StatusFailed) {
				level = slog.LevelWarn
				attrs = append(attrs, "message", env.FieldByName("Message").String())
			}
		}
		if err != nil {
			level, attrs = slog.LevelError, append(attrs, "err", err)
		}
		s.log.Log(c.Request().Context(), level, "call", attrs...)
		return response, err
	}
}

// value dereferences an optional parameter. The transport has already filled in the spec's
// defaults, so nil only means "absent and without a default", i.e. the zero value.
func value[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// result is the envelope for data, or for err (with null data) when it is not nil.
func result[T any](ctx context.Context, data T, err error) openapi.Envelope[*T] {
	if err != nil {
		return failure[T](ctx, err)
	}
	return wire.OK(ctx, &data)
}

// done is the envelope of an action without data.
func done(ctx context.Context, err error) openapi.Envelope[*struct{}] {
	if err != nil {
		return failure[struct{}](ctx, err)
	}
	return wire.OK[struct{}](ctx, nil)
}

// failure maps a world error to the retcode the spec documents for it.
func failure[T any](ctx context.Context, err error) openapi.Envelope[*T] {
	switch {
	case errors.Is(err, world.ErrNotFound):
		return wire.Fail[T](ctx, gen.RetcodeInvalidData, err.Error(), "目标不存在")
	case errors.Is(err, world.ErrNotPermitted):
		return wire.Fail[T](ctx, gen.RetcodeOperationFailed, err.Error(), "权限不足")
	case errors.Is(err, world.ErrInvalid):
		return wire.Fail[T](ctx, gen.RetcodeBadRequest, err.Error(), "请求参数错误")
	}
	return wire.Fail[T](ctx, gen.RetcodeInternalError, err.Error(), "内部错误")
}

// invalid is a parameter error the schema cannot express (e.g. "one of a, b or c").
func invalid(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, world.ErrInvalid)...)
}
