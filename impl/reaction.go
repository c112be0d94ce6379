package impl

import (
	"context"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// The emoji reaction actions (表情回应): NapCat's and LLOneBot's set/unset/fetch/get and
// Lagrange's set_group_reaction are one act and one list of the world's, in each family's
// shape.

// SetMsgEmojiLike is set_msg_emoji_like 设置消息表情回应: puts the emoji, or with set false
// takes it back.
func (s *Server) SetMsgEmojiLike(ctx context.Context, req gen.SetMsgEmojiLikeRequestObject) (gen.SetMsgEmojiLikeResponseObject, error) {
	p := value(req.Body)
	on := p.Set == nil || *p.Set
	return gen.SetMsgEmojiLike200JSONResponse(done(ctx, s.bot(ctx).React(ctx, 0, p.MessageID, p.EmojiID, on))), nil
}

// UnsetMsgEmojiLike is unset_msg_emoji_like 取消消息表情回应.
func (s *Server) UnsetMsgEmojiLike(ctx context.Context, req gen.UnsetMsgEmojiLikeRequestObject) (gen.UnsetMsgEmojiLikeResponseObject, error) {
	p := value(req.Body)
	return gen.UnsetMsgEmojiLike200JSONResponse(done(ctx, s.bot(ctx).React(ctx, 0, p.MessageID, p.EmojiID, false))), nil
}

// SetGroupReaction is Lagrange's set_group_reaction 设置群消息表情回应: the message must be of
// the group.
func (s *Server) SetGroupReaction(ctx context.Context, req gen.SetGroupReactionRequestObject) (gen.SetGroupReactionResponseObject, error) {
	p := value(req.Body)
	on := p.IsAdd == nil || *p.IsAdd
	return gen.SetGroupReaction200JSONResponse(done(ctx, s.bot(ctx).React(ctx, p.GroupID, p.MessageID, p.Code, on))), nil
}

// reactors is who reacted to a message with an emoji of emojiType (derived from the id when
// 0): nobody for a type the id is not of, as QQ lists nothing for it.
func (s *Server) reactors(ctx context.Context, groupID int64, messageID int32, emojiID string, emojiType int32) ([]world.ReactionUser, error) {
	list, err := s.bot(ctx).Reactors(ctx, groupID, messageID, emojiID)
	if err == nil && emojiType != 0 && emojiType != world.EmojiType(emojiID) {
		list = []world.ReactionUser{}
	}
	return list, err
}

// FetchEmojiLike is fetch_emoji_like 获取表情回应详情: one page, in QQ's shape; the cookie is
// where the next page starts.
func (s *Server) FetchEmojiLike(ctx context.Context, req gen.FetchEmojiLikeRequestObject) (gen.FetchEmojiLikeResponseObject, error) {
	p := value(req.Body)
	start := 0
	if c := value(p.Cookie); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n <= 0 || strconv.Itoa(n) != c {
			return gen.FetchEmojiLike200JSONResponse(failure[gen.FetchEmojiLikeData](ctx, invalid("cookie: %q is not a cookie of a page this server answered", c))), nil
		}
		start = n
	}
	count := int(value(p.Count))
	if count <= 0 {
		count = 20
	}
	list, err := s.reactors(ctx, 0, p.MessageID, p.EmojiID, int32(value(p.EmojiType)))
	data := gen.FetchEmojiLikeData{EmojiLikesList: []gen.EmojiLiker{}, IsFirstPage: start == 0, IsLastPage: true}
	if start < len(list) {
		end := min(start+count, len(list))
		for _, r := range list[start:end] {
			data.EmojiLikesList = append(data.EmojiLikesList, gen.EmojiLiker{TinyID: strconv.FormatInt(r.UserID, 10), NickName: r.Account.Nickname, HeadURL: avatarURL(r.UserID)})
		}
		if end < len(list) {
			data.IsLastPage, data.Cookie = false, strconv.Itoa(end)
		}
	}
	return gen.FetchEmojiLike200JSONResponse(result(ctx, data, err)), nil
}

// GetEmojiLikes is get_emoji_likes 获取消息表情回应列表: at most count of them, 0 for all.
func (s *Server) GetEmojiLikes(ctx context.Context, req gen.GetEmojiLikesRequestObject) (gen.GetEmojiLikesResponseObject, error) {
	p := value(req.Body)
	list, err := s.reactors(ctx, value(p.GroupID), p.MessageID, p.EmojiID, int32(value(p.EmojiType)))
	if n := int(value(p.Count)); n > 0 && n < len(list) {
		list = list[:n]
	}
	data := gen.GetEmojiLikesData{EmojiLikeList: make([]gen.EmojiLikeUser, len(list))}
	for i, r := range list {
		data.EmojiLikeList[i] = gen.EmojiLikeUser{UserID: strconv.FormatInt(r.UserID, 10), NickName: r.Account.Nickname}
	}
	return gen.GetEmojiLikes200JSONResponse(result(ctx, data, err)), nil
}

// JoinGroupEmojiChain is Lagrange's .join_group_emoji_chain 群表情接龙.
func (s *Server) JoinGroupEmojiChain(ctx context.Context, req gen.JoinGroupEmojiChainRequestObject) (gen.JoinGroupEmojiChainResponseObject, error) {
	p := value(req.Body)
	_, err := s.bot(ctx).JoinEmojiChain(ctx, p.GroupID, 0, p.MessageID, p.EmojiID)
	return gen.JoinGroupEmojiChain200JSONResponse(done(ctx, err)), nil
}

// JoinFriendEmojiChain is Lagrange's .join_friend_emoji_chain 私聊表情接龙.
func (s *Server) JoinFriendEmojiChain(ctx context.Context, req gen.JoinFriendEmojiChainRequestObject) (gen.JoinFriendEmojiChainResponseObject, error) {
	p := value(req.Body)
	_, err := s.bot(ctx).JoinEmojiChain(ctx, 0, p.UserID, p.MessageID, p.EmojiID)
	return gen.JoinFriendEmojiChain200JSONResponse(done(ctx, err)), nil
}
