// Package impl is the onespec reference implementation: every OneBot v11 action of the spec,
// acting on a simulated QQ world (package world). Handlers live in one file per area, named
// after the spec's tags (message.go, group.go, friend.go, media.go, meta.go, system.go,
// hidden.go); setup.go wires them to the dispatcher (package dispatch) and its transports
// (package httpapi). Handlers see typed, validated requests and answer envelopes; the echo,
// parameter coercion and validation are the dispatcher's.
package impl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/eventfilter"
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
	// transportStats reports how events reach the bots (get_status's transports); set by API.
	transportStats func() gen.TransportStats
	// updates hands the bots' events to get_updates; set by API.
	updates *updates
	// filters hold each bot's event filter, applied by the feed; API reads the server's file.
	filters *eventfilter.Set
	// feed renders the world's changes into events; set by API (a filter change waits on it).
	feed *Feed
	// uploads are upload_file_stream's files (filestream.go); its directory is set by API.
	uploads uploads
}

var _ gen.StrictServerInterface = (*Server)(nil)

// New returns a server acting on w.
func New(w *world.World, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	filters, _ := eventfilter.NewSet("") // no file: nothing to read, nothing to fail
	return &Server{world: w, started: time.Now(), log: log, filters: filters}
}

// bot is the view of the bot a call acts for: the one the transport put in ctx, else the
// world's default bot.
func (s *Server) bot(ctx context.Context) *world.Actor {
	id, _ := botctx.SelfID(ctx)
	return s.world.Bot(id)
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
	return ok(&data)
}

// done is the envelope of an action without data.
func done(ctx context.Context, err error) openapi.Envelope[*struct{}] {
	if err != nil {
		return failure[struct{}](ctx, err)
	}
	return ok[struct{}](nil)
}

// failure maps a world error to the retcode the spec documents for it.
func failure[T any](ctx context.Context, err error) openapi.Envelope[*T] {
	switch {
	case errors.Is(err, world.ErrNotFound):
		return fail[T](gen.RetcodeInvalidData, err.Error(), "目标不存在")
	case errors.Is(err, world.ErrNotPermitted):
		return fail[T](gen.RetcodeOperationFailed, err.Error(), "权限不足")
	case errors.Is(err, world.ErrInvalid):
		return fail[T](gen.RetcodeBadRequest, err.Error(), "请求参数错误")
	}
	return fail[T](gen.RetcodeInternalError, err.Error(), "内部错误")
}

// ok is a success envelope around data (nil for actions without data).
func ok[T any](data *T) openapi.Envelope[*T] {
	return openapi.Envelope[*T]{Status: string(gen.StatusOk), Retcode: int(gen.RetcodeOK), Data: data}
}

// fail is a failed envelope with null data.
func fail[T any](code gen.Retcode, message, wording string) openapi.Envelope[*T] {
	return openapi.Envelope[*T]{Status: string(gen.StatusFailed), Retcode: int(code), Message: message, Wording: wording}
}

// invalid is a parameter error the schema cannot express (e.g. "one of a, b or c").
func invalid(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, world.ErrInvalid)...)
}
