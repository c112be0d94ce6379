package impl

import (
	"context"
	"path"
	"strconv"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/world"
)

// onlineFileMsg is an offer as get_online_file_msg lists it; its one element has its id.
func (s *Server) onlineFileMsg(f world.OnlineFile) gen.OnlineFileMsg {
	id := strconv.Itoa(int(f.ID))
	m := gen.OnlineFileMsg{MsgID: id, ElementID: id, SenderID: f.FromID, ReceiverID: f.ToID, FileName: f.Name, FileSize: f.Size,
		State: gen.OnlineFileMsgState(f.State), Time: f.Time}
	if url := s.world.OnlineFileURL(f); url != "" {
		m.URL = &url
	}
	return m
}

// offerID reads an offer's msg_id (and element_id, when given: the same number).
func offerID(msgID string, elementID *string) (int32, error) {
	id, err := strconv.ParseInt(msgID, 10, 32)
	if err != nil || id <= 0 {
		return 0, invalid("msg_id %q: not an online file's message id (get_online_file_msg lists them)", msgID)
	}
	if elementID != nil && *elementID != msgID {
		return 0, invalid("element_id %q: online file %s has one element, %s", *elementID, msgID, msgID)
	}
	return int32(id), nil
}

// SendOnlineFile is send_online_file 发送在线文件: file_path is base64:// or a completed stream
// upload's path.
func (s *Server) SendOnlineFile(ctx context.Context, req gen.SendOnlineFileRequestObject) (gen.SendOnlineFileResponseObject, error) {
	p := value(req.Body)
	data, err := world.DecodeFaceData(p.FilePath)
	if err == nil && data == nil {
		if data, err = s.uploadedFile(p.FilePath); err == nil && data == nil {
			err = invalid("file_path %q: not a file this server can read (a path upload_file_stream answered, or base64://)", p.FilePath)
		}
	}
	name := value(p.FileName)
	if name == "" && !strings.HasPrefix(p.FilePath, "base64://") {
		name = path.Base(strings.TrimPrefix(p.FilePath, "file://"))
	}
	var f world.OnlineFile
	if err == nil {
		f, err = s.bot(ctx).OfferOnlineFile(ctx, p.UserID, name, data, 0)
	}
	return gen.SendOnlineFile200JSONResponse(result(ctx, s.onlineFileMsg(f), err)), nil
}

// GetOnlineFileMsg is get_online_file_msg 获取在线文件消息.
func (s *Server) GetOnlineFileMsg(ctx context.Context, req gen.GetOnlineFileMsgRequestObject) (gen.GetOnlineFileMsgResponseObject, error) {
	files, err := s.bot(ctx).OnlineFiles(ctx, value(req.Body).UserID)
	list := make(gen.OnlineFileMsgList, len(files))
	for i, f := range files {
		list[i] = s.onlineFileMsg(f)
	}
	return gen.GetOnlineFileMsg200JSONResponse(result(ctx, list, err)), nil
}

// ReceiveOnlineFile is receive_online_file 接收在线文件.
func (s *Server) ReceiveOnlineFile(ctx context.Context, req gen.ReceiveOnlineFileRequestObject) (gen.ReceiveOnlineFileResponseObject, error) {
	p := value(req.Body)
	id, err := offerID(p.MsgID, &p.ElementID)
	var f world.OnlineFile
	if err == nil {
		f, err = s.bot(ctx).AnswerOnlineFile(ctx, p.UserID, id, true)
	}
	return gen.ReceiveOnlineFile200JSONResponse(result(ctx, s.onlineFileMsg(f), err)), nil
}

// RefuseOnlineFile is refuse_online_file 拒绝在线文件.
func (s *Server) RefuseOnlineFile(ctx context.Context, req gen.RefuseOnlineFileRequestObject) (gen.RefuseOnlineFileResponseObject, error) {
	p := value(req.Body)
	id, err := offerID(p.MsgID, &p.ElementID)
	if err == nil {
		_, err = s.bot(ctx).AnswerOnlineFile(ctx, p.UserID, id, false)
	}
	return gen.RefuseOnlineFile200JSONResponse(done(ctx, err)), nil
}

// CancelOnlineFile is cancel_online_file 取消在线文件.
func (s *Server) CancelOnlineFile(ctx context.Context, req gen.CancelOnlineFileRequestObject) (gen.CancelOnlineFileResponseObject, error) {
	p := value(req.Body)
	id, err := offerID(p.MsgID, nil)
	if err == nil {
		err = s.bot(ctx).CancelOnlineFile(ctx, p.UserID, id)
	}
	return gen.CancelOnlineFile200JSONResponse(done(ctx, err)), nil
}
