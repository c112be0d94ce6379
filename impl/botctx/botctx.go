// Package botctx carries the account a call acts as. One process serves several bots of one
// world; the transport that receives a call (an HTTP path prefix, a WebSocket connection, a
// dispatcher) knows which bot it is for and says so here, so handlers need no per-bot copies.
package botctx

import "context"

type key struct{}

// With returns ctx marked as acting for the bot whose QQ number is selfID.
func With(ctx context.Context, selfID int64) context.Context {
	return context.WithValue(ctx, key{}, selfID)
}

// SelfID is the bot ctx acts for; ok is false when no transport said (the world's default bot
// answers then).
func SelfID(ctx context.Context) (int64, bool) {
	id, ok := ctx.Value(key{}).(int64)
	return id, ok
}
