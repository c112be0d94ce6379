package impl

import (
	"context"
	"errors"
	"io/fs"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/botctx"
	"github.com/onespec/onespec/impl/world"
)

// The event filter (事件过滤器, go-cqhttp's syntax, package eventfilter) of each bot, applied by
// the feed to every event before a transport sees it: reload_event_filter reads it again,
// get_config and set_config show and change its file.

// ReloadEventFilter is reload_event_filter 重载事件过滤器.
func (s *Server) ReloadEventFilter(ctx context.Context, req gen.ReloadEventFilterRequestObject) (gen.ReloadEventFilterResponseObject, error) {
	self := s.selfID(ctx)
	s.eventsSoFar(ctx)
	var err error
	if file := value(req.Body).File; file != nil {
		err = s.filters.Use(self, *file)
	} else {
		err = s.filters.Reload(self)
	}
	return gen.ReloadEventFilter200JSONResponse(done(ctx, filterError(err))), nil
}

// GetConfig is get_config 获取配置: the calling bot's settings that may change at runtime.
func (s *Server) GetConfig(ctx context.Context, _ gen.GetConfigRequestObject) (gen.GetConfigResponseObject, error) {
	return gen.GetConfig200JSONResponse(result(ctx, s.config(ctx), nil)), nil
}

// SetConfig is set_config 设置配置. The keys of LLOneBot's config, which onespec does not have,
// are ignored: the answer shows what took effect.
func (s *Server) SetConfig(ctx context.Context, req gen.SetConfigRequestObject) (gen.SetConfigResponseObject, error) {
	if file := value(req.Body).EventFilter; file != nil {
		s.eventsSoFar(ctx)
		if err := s.filters.Use(s.selfID(ctx), *file); err != nil {
			return gen.SetConfig200JSONResponse(failure[gen.BotConfig](ctx, filterError(err))), nil
		}
	}
	return gen.SetConfig200JSONResponse(result(ctx, s.config(ctx), nil)), nil
}

// eventsSoFar waits until the events of every change committed so far are rendered, so that a
// new filter applies only to what is committed after it (the feed renders on its own goroutine,
// and would otherwise judge a queued event by the new filter).
func (s *Server) eventsSoFar(ctx context.Context) {
	if s.feed != nil {
		_ = s.feed.Barrier(ctx) // only on ctx's end: the change then applies a little early
	}
}

func (s *Server) config(ctx context.Context) gen.BotConfig {
	file := s.filters.File(s.selfID(ctx))
	return gen.BotConfig{EventFilter: &file}
}

// selfID is the bot a call acts for: the one the transport put in ctx, else the world's
// default bot.
func (s *Server) selfID(ctx context.Context) int64 {
	if id, ok := botctx.SelfID(ctx); ok {
		return id
	}
	id, _ := s.world.DefaultBot(ctx)
	return id
}

// filterError classes a filter that cannot be used: a missing file names nothing that exists
// (102), any other fault is the request's (1400). The message stays the filter's own.
func filterError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return classed{err, world.ErrNotFound}
	}
	return classed{err, world.ErrInvalid}
}

// classed is err, with its message, counted as the world error class.
type classed struct{ err, class error }

func (c classed) Error() string   { return c.err.Error() }
func (c classed) Unwrap() []error { return []error{c.err, c.class} }
