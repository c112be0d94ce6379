// Package botctx carries, in a request's context, which bot account a OneBot call is for: the
// transports know it (a path prefix, a listen address, a reverse connection), the handlers
// act as that account.
package botctx

import "context"

type key struct{}

// With returns ctx for calls made as the bot selfID.
func With(ctx context.Context, selfID int64) context.Context {
	return context.WithValue(ctx, key{}, selfID)
}

// SelfID returns the bot ctx is for; false means the default bot.
func SelfID(ctx context.Context) (int64, bool) {
	id, ok := ctx.Value(key{}).(int64)
	return id, ok && id != 0
}

// SelfIDOr returns the bot ctx is for, or fallback when it names none: a transport's own bot,
// unless a per-bot endpoint (/bots/{self_id}/...) put another in the request's context.
func SelfIDOr(ctx context.Context, fallback int64) int64 {
	if id, ok := SelfID(ctx); ok {
		return id
	}
	return fallback
}
