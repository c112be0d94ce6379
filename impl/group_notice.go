package impl

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// Group announcements (群公告): _send_group_notice posts, _get_group_notice lists,
// _del_group_notice deletes.

// GetGroupNotice is _get_group_notice 获取群公告: the group's announcements, pinned first,
// with the notice_id and settings NapCat sends; a picture is named by its stored file name.
func (s *Server) GetGroupNotice(ctx context.Context, req gen.GetGroupNoticeRequestObject) (gen.GetGroupNoticeResponseObject, error) {
	list, err := s.bot(ctx).Announcements(ctx, value(req.Body).GroupID)
	out := make(gen.GroupNoticeList, len(list))
	for i, a := range list {
		out[i] = groupNotice(a)
	}
	return gen.GetGroupNotice200JSONResponse(result(ctx, out, err)), nil
}

func groupNotice(a world.Announcement) gen.GroupNotice {
	id := strconv.FormatInt(a.ID, 10)
	images := []gen.GroupNoticeImage{}
	if a.Image != "" {
		images = append(images, gen.GroupNoticeImage{ID: a.Image})
	}
	pinned, showEditCard, confirm := flag(a.Pinned), flag(a.ShowEditCard), flag(a.ConfirmRequired)
	return gen.GroupNotice{SenderID: a.SenderID, PublishTime: a.Time, NoticeID: &id, Pinned: &pinned,
		Message: gen.GroupNoticeMessage{Text: a.Content, Images: images},
		Settings: &gen.GroupNoticeSettings{IsShowEditCard: &showEditCard, TipWindowType: &a.TipWindowType,
			ConfirmRequired: &confirm}}
}

// flag is a yes/no as QQ's web API writes it: 1 or 0.
func flag(on bool) int32 {
	if on {
		return 1
	}
	return 0
}

// SendGroupNotice is _send_group_notice 发送群公告: owner and admins only; answers the new
// announcement's id, as go-cqhttp does.
func (s *Server) SendGroupNotice(ctx context.Context, req gen.SendGroupNoticeRequestObject) (gen.SendGroupNoticeResponseObject, error) {
	p := value(req.Body)
	id, err := s.bot(ctx).Announce(ctx, world.Announcement{GroupID: p.GroupID, Content: p.Content, Image: value(p.Image),
		Pinned: value(p.Pinned), ConfirmRequired: value(p.ConfirmRequired), ShowEditCard: value(p.IsShowEditCard),
		TipWindowType: value(p.TipWindowType), Type: value(p.Type)})
	return gen.SendGroupNotice200JSONResponse(result(ctx, gen.SendGroupNoticeData{NoticeID: strconv.FormatInt(id, 10)}, err)), nil
}

// DelGroupNotice is _del_group_notice 删除群公告: owner and admins only. The ids the server
// hands out are numbers; any other notice_id names no announcement.
func (s *Server) DelGroupNotice(ctx context.Context, req gen.DelGroupNoticeRequestObject) (gen.DelGroupNoticeResponseObject, error) {
	p := value(req.Body)
	id, err := strconv.ParseInt(p.NoticeID, 10, 64)
	if err != nil {
		err = fmt.Errorf("notice_id %q: no such announcement in group %d: %w", p.NoticeID, p.GroupID, world.ErrNotFound)
	} else {
		err = s.bot(ctx).Unannounce(ctx, p.GroupID, id)
	}
	return gen.DelGroupNotice200JSONResponse(done(ctx, err)), nil
}
