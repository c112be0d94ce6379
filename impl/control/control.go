// Package control implements the world control API (openapi/world.yaml, generated into
// gen/control) on the simulated world: it creates accounts, friendships and groups, makes
// simulated users act under QQ's rules, and shows what the bots send. The dispatcher serves it
// like the OneBot actions (dispatch.NewFor with gen/control's registry), under /_world/.
package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	ctl "github.com/onespec/onespec/gen/control"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worldfile"
	"github.com/onespec/onespec/openapi"
)

// Server implements the world control API on a world.
type Server struct {
	world *world.World
	opts  Options
}

var _ ctl.StrictServerInterface = (*Server)(nil)

// Options configure the control API.
type Options struct {
	// Events lists the events published for a bot (list_events); nil: none are kept.
	Events func(selfID, afterSeq int64, limit int) []*events.Event
	// Feed must be a feed of the world's changes: wait_sent wakes on it.
	Feed *world.Feed
	// Fill fills the world afresh on reset_world: how the server created it (a world file's
	// Fill); nil is world.SeedUniverse, the default world.
	Fill func(*world.Universe) error
	// Done, when closed, ends every wait_sent at once (the server is shutting down, and a
	// long poll must not hold the shutdown up).
	Done <-chan struct{}
	Log  *slog.Logger
}

// New returns the control API on w.
func New(w *world.World, opts Options) (*Server, error) {
	if opts.Feed == nil {
		return nil, errors.New("the world control API needs the world's change feed (Options.Feed)")
	}
	if opts.Fill == nil {
		opts.Fill = world.SeedUniverse
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Server{world: w, opts: opts}, nil
}

func value[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func result[T any](data T, err error) openapi.Envelope[*T] {
	if err != nil {
		return failure[T](err)
	}
	return openapi.Envelope[*T]{Status: string(ctl.StatusOk), Retcode: int(ctl.RetcodeOK), Data: &data}
}

func done(err error) openapi.Envelope[*struct{}] {
	if err != nil {
		return failure[struct{}](err)
	}
	return openapi.Envelope[*struct{}]{Status: string(ctl.StatusOk), Retcode: int(ctl.RetcodeOK)}
}

// failure maps a world error to the retcode the document promises for it.
func failure[T any](err error) openapi.Envelope[*T] {
	code, wording := ctl.RetcodeInternalError, "内部错误"
	switch {
	case errors.Is(err, world.ErrNotFound):
		code, wording = ctl.RetcodeInvalidData, "目标不存在"
	case errors.Is(err, world.ErrNotPermitted):
		code, wording = ctl.RetcodeOperationFailed, "权限不足"
	case errors.Is(err, world.ErrInvalid):
		code, wording = ctl.RetcodeBadRequest, "请求参数错误"
	}
	return openapi.Envelope[*T]{Status: string(ctl.StatusFailed), Retcode: int(code), Message: err.Error(), Wording: wording}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, world.ErrInvalid)...)
}

func account(a world.Account) ctl.WorldAccount {
	return ctl.WorldAccount{UserID: a.ID, Nickname: a.Nickname, Sex: ctl.WorldSex(a.Sex), Age: a.Age, Level: a.Level, Sign: a.Sign, Area: a.Area, Bot: a.Bot, IsRobot: a.OfficialBot}
}

// CreateAccount adds an account.
func (s *Server) CreateAccount(ctx context.Context, req ctl.CreateAccountRequestObject) (ctl.CreateAccountResponseObject, error) {
	p := req.Body
	a := world.Account{
		ID: p.UserID, Nickname: p.Nickname, Sex: world.Sex(value(p.Sex)), Age: value(p.Age), Level: value(p.Level),
		Sign: value(p.Sign), Area: value(p.Area), Bot: value(p.Bot), OfficialBot: value(p.IsRobot),
	}
	err := s.world.CreateAccount(ctx, a)
	if a.Sex == "" {
		a.Sex = world.Unknown
	}
	return ctl.CreateAccount200JSONResponse(result(account(a), err)), nil
}

// UpdateAccount changes an account's profile.
func (s *Server) UpdateAccount(ctx context.Context, req ctl.UpdateAccountRequestObject) (ctl.UpdateAccountResponseObject, error) {
	p := req.Body
	a, err := s.world.UpdateAccount(ctx, p.UserID, func(a *world.Account) {
		if p.Nickname != nil {
			a.Nickname = *p.Nickname
		}
		if p.Sex != nil {
			a.Sex = world.Sex(*p.Sex)
		}
		if p.Age != nil {
			a.Age = *p.Age
		}
		if p.Level != nil {
			a.Level = *p.Level
		}
		if p.Sign != nil {
			a.Sign = *p.Sign
		}
		if p.Area != nil {
			a.Area = *p.Area
		}
		if p.IsRobot != nil {
			a.OfficialBot = *p.IsRobot
		}
	})
	return ctl.UpdateAccount200JSONResponse(result(account(a), err)), nil
}

// ListAccounts lists the accounts, optionally bots or users only.
func (s *Server) ListAccounts(ctx context.Context, req ctl.ListAccountsRequestObject) (ctl.ListAccountsResponseObject, error) {
	all, err := s.world.Accounts(ctx)
	out := ctl.WorldAccountList{}
	for _, a := range all {
		if req.Body.Bot == nil || *req.Body.Bot == a.Bot {
			out = append(out, account(a))
		}
	}
	return ctl.ListAccounts200JSONResponse(result(out, err)), nil
}

// AddFriend makes two accounts friends.
func (s *Server) AddFriend(ctx context.Context, req ctl.AddFriendRequestObject) (ctl.AddFriendResponseObject, error) {
	p := req.Body
	return ctl.AddFriend200JSONResponse(done(s.world.MakeFriends(ctx, p.UserID, p.FriendID, value(p.Remark), value(p.FriendRemark)))), nil
}

// SendFriendRequest makes user_id ask target_id to be friends.
func (s *Server) SendFriendRequest(ctx context.Context, req ctl.SendFriendRequestRequestObject) (ctl.SendFriendRequestResponseObject, error) {
	p := req.Body
	flag, err := s.world.As(p.UserID).RequestFriend(ctx, p.TargetID, value(p.Comment))
	return ctl.SendFriendRequest200JSONResponse(result(ctl.WorldFlag{Flag: flag}, err)), nil
}

// CreateGroup creates a group.
func (s *Server) CreateGroup(ctx context.Context, req ctl.CreateGroupRequestObject) (ctl.CreateGroupResponseObject, error) {
	p := req.Body
	g := world.Group{ID: p.GroupID, Name: p.GroupName, MaxMembers: value(p.MaxMemberCount)}
	return ctl.CreateGroup200JSONResponse(done(s.world.CreateGroup(ctx, g, p.OwnerID, value(p.Members)))), nil
}

// SetMember adds a member or changes one.
func (s *Server) SetMember(ctx context.Context, req ctl.SetMemberRequestObject) (ctl.SetMemberResponseObject, error) {
	p := req.Body
	c := world.MemberChange{Card: p.Card, Title: p.Title, GroupRemark: p.GroupRemark}
	if p.Role != nil {
		r := world.Role(*p.Role)
		c.Role = &r
	}
	return ctl.SetMember200JSONResponse(done(s.world.SetMember(ctx, p.GroupID, p.UserID, c))), nil
}

// RemoveMember makes a member leave, or be kicked by an admin.
func (s *Server) RemoveMember(ctx context.Context, req ctl.RemoveMemberRequestObject) (ctl.RemoveMemberResponseObject, error) {
	p := req.Body
	var err error
	switch {
	case p.By != nil:
		err = s.world.As(*p.By).Kick(ctx, p.GroupID, p.UserID, value(p.RejectAddRequest))
	case value(p.RejectAddRequest):
		err = invalid("reject_add_request needs by, the admin who kicks")
	default:
		err = s.world.As(p.UserID).Leave(ctx, p.GroupID, false)
	}
	return ctl.RemoveMember200JSONResponse(done(err)), nil
}

// MuteMember makes an admin mute a member.
func (s *Server) MuteMember(ctx context.Context, req ctl.MuteMemberRequestObject) (ctl.MuteMemberResponseObject, error) {
	p := req.Body
	return ctl.MuteMember200JSONResponse(done(s.world.As(p.By).Mute(ctx, p.GroupID, p.UserID, value(p.Duration)))), nil
}

// SendJoinRequest makes user_id ask to join a group.
func (s *Server) SendJoinRequest(ctx context.Context, req ctl.SendJoinRequestRequestObject) (ctl.SendJoinRequestResponseObject, error) {
	p := req.Body
	flag, err := s.world.As(p.UserID).RequestJoin(ctx, p.GroupID, value(p.Comment))
	return ctl.SendJoinRequest200JSONResponse(result(ctl.WorldFlag{Flag: flag}, err)), nil
}

// SendGroupInvitation makes a member invite an account into the group.
func (s *Server) SendGroupInvitation(ctx context.Context, req ctl.SendGroupInvitationRequestObject) (ctl.SendGroupInvitationResponseObject, error) {
	p := req.Body
	flag, err := s.world.As(p.UserID).Invite(ctx, p.GroupID, p.TargetID)
	return ctl.SendGroupInvitation200JSONResponse(result(ctl.WorldFlag{Flag: flag}, err)), nil
}

// SendMessage makes an account send a private or group message.
func (s *Server) SendMessage(ctx context.Context, req ctl.SendMessageRequestObject) (ctl.SendMessageResponseObject, error) {
	p := req.Body
	raw, err := p.Message.MarshalJSON()
	if err != nil {
		return ctl.SendMessage200JSONResponse(failure[ctl.WorldMessageID](invalid("message: %v", err))), nil
	}
	segs, err := cqcode.Decode(raw, value(p.AutoEscape))
	if err != nil {
		return ctl.SendMessage200JSONResponse(failure[ctl.WorldMessageID](invalid("message: %v", err))), nil
	}
	if err := worldfile.CheckMessage(raw, segs); err != nil {
		return ctl.SendMessage200JSONResponse(failure[ctl.WorldMessageID](invalid("%v (as CQ codes)", err))), nil
	}
	var id int32
	actor := s.world.As(p.UserID)
	if p.TargetID != nil {
		id, err = actor.SendPrivate(ctx, *p.TargetID, value(p.GroupID), segs)
	} else {
		id, err = actor.SendGroup(ctx, value(p.GroupID), segs)
	}
	return ctl.SendMessage200JSONResponse(result(ctl.WorldMessageID{MessageID: id}, err)), nil
}

// RecallMessage makes an account recall a message.
func (s *Server) RecallMessage(ctx context.Context, req ctl.RecallMessageRequestObject) (ctl.RecallMessageResponseObject, error) {
	p := req.Body
	return ctl.RecallMessage200JSONResponse(done(s.world.As(p.By).Recall(ctx, p.MessageID))), nil
}

func sent(m world.Message) ctl.SentMessage {
	out := ctl.SentMessage{
		MessageID: m.ID, SelfID: m.SenderID, MessageType: ctl.SentMessageMessageType(m.Type), GroupID: m.GroupID,
		Time: m.Time, MessageSeq: m.Seq, RawMessage: cqcode.Format(m.Segments), Recalled: m.Recalled,
		Message: make([]ctl.WorldSegment, 0, len(m.Segments)),
	}
	if m.Type == world.Private {
		out.UserID = m.PeerID
	}
	for _, seg := range m.Segments {
		data := make(map[string]string, len(seg.Data))
		for _, p := range seg.Data {
			data[p.Key] = p.Text()
		}
		out.Message = append(out.Message, ctl.WorldSegment{Type: seg.Type, Data: data})
	}
	return out
}

func (s *Server) sent(ctx context.Context, f world.SentFilter) (ctl.SentMessageList, error) {
	if f.PeerID != 0 && f.GroupID != 0 {
		return nil, invalid("user_id and group_id: give one of them, a message goes to a user or a group")
	}
	msgs, err := s.world.SentMessages(ctx, f)
	out := make(ctl.SentMessageList, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, sent(m))
	}
	return out, err
}

// ListSent lists what a bot has sent.
func (s *Server) ListSent(ctx context.Context, req ctl.ListSentRequestObject) (ctl.ListSentResponseObject, error) {
	p := req.Body
	out, err := s.sent(ctx, world.SentFilter{
		SenderID: p.SelfID, PeerID: value(p.UserID), GroupID: value(p.GroupID), AfterID: value(p.AfterID),
		Since: value(p.Since), Limit: int(value(p.Limit)),
	})
	return ctl.ListSent200JSONResponse(result(out, err)), nil
}

// ListEvents answers the events the server published for a bot, as the transports deliver
// them.
func (s *Server) ListEvents(ctx context.Context, req ctl.ListEventsRequestObject) (ctl.ListEventsResponseObject, error) {
	p := req.Body
	if _, err := s.world.Bot(p.SelfID).Self(ctx); err != nil {
		return ctl.ListEvents200JSONResponse(failure[ctl.EventRecordList](err)), nil
	}
	out := ctl.EventRecordList{}
	if s.opts.Events != nil {
		for _, ev := range s.opts.Events(p.SelfID, value(p.AfterSeq), int(value(p.Limit))) {
			raw, err := ev.JSON(events.FormatArray)
			if err != nil {
				return nil, err
			}
			var fields map[string]any
			if err := json.Unmarshal(raw, &fields); err != nil {
				return nil, fmt.Errorf("reading event %d: %w", ev.Seq, err)
			}
			out = append(out, ctl.EventRecord{Seq: ev.Seq, Event: fields})
		}
	}
	return ctl.ListEvents200JSONResponse(result(out, nil)), nil
}

// MaxWait bounds wait_sent's timeout (the document's maximum).
const MaxWait = 60 * time.Second

// WaitSent answers the messages a bot sent after after_id, waiting for the next one when
// there are none yet, up to timeout.
func (s *Server) WaitSent(ctx context.Context, req ctl.WaitSentRequestObject) (ctl.WaitSentResponseObject, error) {
	p := req.Body
	f := world.SentFilter{SenderID: p.SelfID, PeerID: value(p.UserID), GroupID: value(p.GroupID), AfterID: p.AfterID, Limit: int(value(p.Limit))}
	wait := min(time.Duration(value(p.Timeout))*time.Millisecond, MaxWait)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		// Take the channel before reading, so a send committed in between wakes the wait.
		changed := s.opts.Feed.Changed()
		out, err := s.sent(ctx, f)
		if err != nil && ctx.Err() != nil {
			// The caller went away (or its deadline passed) during the read: the wait is over.
			return ctl.WaitSent200JSONResponse(result(ctl.SentMessageList{}, nil)), nil
		}
		if err != nil || len(out) > 0 {
			return ctl.WaitSent200JSONResponse(result(out, err)), nil
		}
		select {
		case <-changed:
		case <-timer.C:
			return ctl.WaitSent200JSONResponse(result(out, nil)), nil
		case <-ctx.Done():
			return ctl.WaitSent200JSONResponse(result(out, nil)), nil
		case <-s.opts.Done:
			return ctl.WaitSent200JSONResponse(result(out, nil)), nil
		}
	}
}

// DeleteAccount removes an account.
func (s *Server) DeleteAccount(ctx context.Context, req ctl.DeleteAccountRequestObject) (ctl.DeleteAccountResponseObject, error) {
	return ctl.DeleteAccount200JSONResponse(done(s.world.DeleteAccount(ctx, req.Body.UserID))), nil
}

// RemoveFriend ends a friendship.
func (s *Server) RemoveFriend(ctx context.Context, req ctl.RemoveFriendRequestObject) (ctl.RemoveFriendResponseObject, error) {
	return ctl.RemoveFriend200JSONResponse(done(s.world.RemoveFriends(ctx, req.Body.UserID, req.Body.FriendID))), nil
}

// UpdateGroup changes a group.
func (s *Server) UpdateGroup(ctx context.Context, req ctl.UpdateGroupRequestObject) (ctl.UpdateGroupResponseObject, error) {
	p := req.Body
	g, err := s.world.UpdateGroup(ctx, p.GroupID, world.GroupChange{
		Name: p.GroupName, Memo: p.Memo, MaxMembers: p.MaxMemberCount, WholeBan: p.WholeBan, AllowAnonymous: p.AllowAnonymous,
	})
	out := ctl.WorldGroup{GroupID: g.ID, GroupName: g.Name, Memo: g.Memo, MaxMemberCount: g.MaxMembers, WholeBan: g.WholeBan, AllowAnonymous: g.AllowAnonymous}
	return ctl.UpdateGroup200JSONResponse(result(out, err)), nil
}

// DeleteGroup dismisses a group.
func (s *Server) DeleteGroup(ctx context.Context, req ctl.DeleteGroupRequestObject) (ctl.DeleteGroupResponseObject, error) {
	return ctl.DeleteGroup200JSONResponse(done(s.world.DeleteGroup(ctx, req.Body.GroupID))), nil
}

// SetEssence makes an account set (or remove) a group message as essence.
func (s *Server) SetEssence(ctx context.Context, req ctl.SetEssenceRequestObject) (ctl.SetEssenceResponseObject, error) {
	p := value(req.Body)
	return ctl.SetEssence200JSONResponse(done(s.world.As(p.UserID).SetEssence(ctx, p.MessageID, value(p.Enable)))), nil
}

// SetOcr scripts what the world's OCR reads in a received image.
func (s *Server) SetOcr(ctx context.Context, req ctl.SetOcrRequestObject) (ctl.SetOcrResponseObject, error) {
	p := value(req.Body)
	texts := make([]world.OCRText, len(p.Texts))
	for i, t := range p.Texts {
		texts[i] = world.OCRText{Text: t.Text, Confidence: value(t.Confidence)}
		for _, pt := range value(t.Coordinates) {
			texts[i].Coordinates = append(texts[i].Coordinates, world.OCRPoint{X: pt.X, Y: pt.Y})
		}
	}
	return ctl.SetOcr200JSONResponse(done(s.world.ScriptOCR(ctx, p.Image, value(p.Language), texts))), nil
}

// Poke makes an account poke another.
func (s *Server) Poke(ctx context.Context, req ctl.PokeRequestObject) (ctl.PokeResponseObject, error) {
	p := req.Body
	return ctl.Poke200JSONResponse(done(s.world.As(p.UserID).Poke(ctx, p.TargetID, value(p.GroupID)))), nil
}

// UploadGroupFile makes a member upload a group file.
func (s *Server) UploadGroupFile(ctx context.Context, req ctl.UploadGroupFileRequestObject) (ctl.UploadGroupFileResponseObject, error) {
	p := req.Body
	content, err := fileContent(p.Content, p.Size)
	if err != nil {
		return ctl.UploadGroupFile200JSONResponse(failure[ctl.WorldGroupFile](err)), nil
	}
	f, err := s.world.As(p.UserID).UploadGroupFile(ctx, world.GroupFileUpload{GroupID: p.GroupID, FolderID: value(p.FolderID), Name: p.Name, Content: content, Size: value(p.Size)})
	out := ctl.WorldGroupFile{FileID: f.ID, Name: f.Name, Size: f.Size, Busid: f.BusID, Uploader: f.UploaderID, UploadTime: f.Time, FolderID: &f.FolderID}
	return ctl.UploadGroupFile200JSONResponse(result(out, err)), nil
}

// ResetWorld fills the world afresh as the server created it.
func (s *Server) ResetWorld(ctx context.Context, _ ctl.ResetWorldRequestObject) (ctl.ResetWorldResponseObject, error) {
	err := s.world.Refill(ctx, s.opts.Fill)
	if err == nil {
		s.opts.Log.Info("world reset")
	}
	return ctl.ResetWorld200JSONResponse(done(err)), nil
}

// ExportWorld answers the world as a world file.
func (s *Server) ExportWorld(ctx context.Context, _ ctl.ExportWorldRequestObject) (ctl.ExportWorldResponseObject, error) {
	snap, err := s.world.Snapshot(ctx)
	if err != nil {
		return ctl.ExportWorld200JSONResponse(failure[ctl.ExportWorldData](err)), nil
	}
	f, skipped := worldfile.Export(snap)
	raw, err := f.Encode()
	return ctl.ExportWorld200JSONResponse(result(ctl.ExportWorldData{World: string(raw), SkippedMessages: int32(skipped)}, err)), nil
}

// ImportWorld replaces the world with a world file, all or nothing.
func (s *Server) ImportWorld(ctx context.Context, req ctl.ImportWorldRequestObject) (ctl.ImportWorldResponseObject, error) {
	f, err := worldfile.Read(bytes.NewReader([]byte(req.Body.World)), "world")
	if err != nil {
		return ctl.ImportWorld200JSONResponse(done(invalid("%v", err))), nil
	}
	current, err := s.world.DefaultBot(ctx)
	if err != nil {
		return ctl.ImportWorld200JSONResponse(done(err)), nil
	}
	err = s.world.Refill(ctx, func(u *world.Universe) error {
		if err := f.Fill(u); err != nil {
			return fmt.Errorf("world: %w", err)
		}
		def, err := u.DefaultBot()
		if err != nil {
			return fmt.Errorf("world: %w", err)
		}
		if def != current {
			return invalid("world: its default bot is %d, but the server runs for %d; the default bot cannot change while the server runs (restart with --world)", def, current)
		}
		return nil
	})
	if err != nil && !errors.Is(err, world.ErrNotFound) && !errors.Is(err, world.ErrNotPermitted) && !errors.Is(err, world.ErrInvalid) {
		return ctl.ImportWorld200JSONResponse(done(err)), nil
	}
	if err != nil {
		// Every refusal of a world file is a bad parameter: the file.
		return ctl.ImportWorld200JSONResponse(done(invalid("%v", err))), nil
	}
	s.opts.Log.Info("world imported", "accounts", len(f.Accounts), "groups", len(f.Groups), "messages", len(f.Messages))
	return ctl.ImportWorld200JSONResponse(done(nil)), nil
}

// fileContent is a file's bytes as a control operation got them: nil when only its size was
// given (the world then keeps a file of that size without bytes), an empty file as no bytes
// but not nil, and refused when both are given and disagree.
func fileContent(content *[]byte, size *int64) ([]byte, error) {
	if content == nil {
		return nil, nil
	}
	b := *content
	if b == nil {
		b = []byte{}
	}
	if size != nil && *size != int64(len(b)) {
		return nil, invalid("size %d: the content has %d bytes; give one of content and size", *size, len(b))
	}
	return b, nil
}
