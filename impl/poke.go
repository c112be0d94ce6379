package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// The poke actions (戳一戳) are one act with one side fixed: send_poke names either side,
// group_poke the group, friend_poke the private chat. Each answers what the world's poke does.

// SendPoke is send_poke 发送戳一戳: in group_id when given, else privately with user_id; the
// poked account is target_id when given, else user_id.
func (s *Server) SendPoke(ctx context.Context, req gen.SendPokeRequestObject) (gen.SendPokeResponseObject, error) {
	p := value(req.Body)
	return gen.SendPoke200JSONResponse(done(ctx, s.poke(ctx, p.UserID, value(p.GroupID), value(p.TargetID)))), nil
}

// GroupPoke is group_poke 群聊戳一戳.
func (s *Server) GroupPoke(ctx context.Context, req gen.GroupPokeRequestObject) (gen.GroupPokeResponseObject, error) {
	p := value(req.Body)
	return gen.GroupPoke200JSONResponse(done(ctx, s.poke(ctx, p.UserID, p.GroupID, 0))), nil
}

// FriendPoke is friend_poke 私聊戳一戳.
func (s *Server) FriendPoke(ctx context.Context, req gen.FriendPokeRequestObject) (gen.FriendPokeResponseObject, error) {
	p := value(req.Body)
	return gen.FriendPoke200JSONResponse(done(ctx, s.poke(ctx, p.UserID, 0, value(p.TargetID)))), nil
}

// poke pokes target (user_id when 0) in group, or privately in the chat with user, where
// the only accounts to poke are the friend and the bot itself.
func (s *Server) poke(ctx context.Context, user, group, target int64) error {
	b := s.bot(ctx)
	if target == 0 {
		target = user
	}
	if group != 0 {
		return b.Poke(ctx, target, group)
	}
	switch self, err := b.Self(ctx); {
	case err != nil:
		return err
	case target == user:
		return b.Poke(ctx, user, 0)
	case target == self.ID:
		return b.PokeSelf(ctx, user)
	default:
		return invalid("a private poke pokes the friend %d or the bot itself, not %d", user, target)
	}
}
