package impl

import (
	"context"

	"github.com/onespec/onespec/gen"
)

// GetAiCharacters is get_ai_characters 获取 AI 语音角色列表: the world's scripted voices, grouped
// by category in the order of their first character.
func (s *Server) GetAiCharacters(ctx context.Context, req gen.GetAiCharactersRequestObject) (gen.GetAiCharactersResponseObject, error) {
	list, err := s.bot(ctx).AICharacters(ctx, value(req.Body).GroupID)
	out := gen.AiCharacterCategoryList{}
	at := map[string]int{}
	for _, c := range list {
		i, ok := at[c.Category]
		if !ok {
			i = len(out)
			at[c.Category] = i
			out = append(out, gen.AiCharacterCategory{Type: c.Category, Characters: []gen.AiCharacter{}})
		}
		ch := gen.AiCharacter{CharacterID: c.ID, CharacterName: c.Name}
		if c.PreviewURL != "" {
			ch.PreviewURL = &c.PreviewURL
		}
		out[i].Characters = append(out[i].Characters, ch)
	}
	return gen.GetAiCharacters200JSONResponse(result(ctx, out, err)), nil
}

// SendGroupAiRecord is send_group_ai_record 发送群 AI 语音: the voice the world makes of the
// text, sent to the group.
func (s *Server) SendGroupAiRecord(ctx context.Context, req gen.SendGroupAiRecordRequestObject) (gen.SendGroupAiRecordResponseObject, error) {
	p := value(req.Body)
	id, err := s.bot(ctx).SendAIRecord(ctx, p.GroupID, p.Character, p.Text)
	return gen.SendGroupAiRecord200JSONResponse(result(ctx, gen.SendGroupAiRecordData{MessageID: id}, err)), nil
}
