package impl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/impl/cqcode"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/world"
)

// Feed turns the world's changes into OneBot events, one per bot that sees each change, in
// the spec's event schemas, and publishes them to the event hub every transport reads. The
// world hands changes over after each commit; the feed renders them on its own goroutine, so
// a write never waits for the events it causes.
type Feed struct {
	s   *Server
	hub *events.Hub
	log *slog.Logger

	queue   chan []world.Change
	dropped atomic.Int64
	unwatch func()
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// feedQueue bounds the batches of changes waiting to be rendered.
const feedQueue = 4096

// newFeed starts rendering the world's changes into hub.
func newFeed(s *Server, hub *events.Hub) *Feed {
	f := &Feed{s: s, hub: hub, log: s.log, queue: make(chan []world.Change, feedQueue), stop: make(chan struct{}), done: make(chan struct{})}
	f.unwatch = s.world.Observe(f.onChange)
	go f.run()
	return f
}

// onChange queues a committed operation's changes without waiting: a feed that cannot keep up
// loses events (counted and logged) rather than stalling every write.
func (f *Feed) onChange(changes []world.Change) {
	batch := append([]world.Change(nil), changes...)
	select {
	case f.queue <- batch:
	default:
		if n := f.dropped.Add(int64(len(batch))); n == int64(len(batch)) || n%1000 == 0 {
			f.log.Warn("events: the feed is behind; changes dropped", "dropped", n)
		}
	}
}

// Dropped counts the changes the feed could not take.
func (f *Feed) Dropped() int64 { return f.dropped.Load() }

func (f *Feed) run() {
	defer close(f.done)
	for {
		select {
		case batch := <-f.queue:
			f.render(batch)
		case <-f.stop:
			// Render what was committed before the stop, then end.
			for {
				select {
				case batch := <-f.queue:
					f.render(batch)
				default:
					return
				}
			}
		}
	}
}

// Shutdown stops taking changes and renders those already queued, until ctx ends.
func (f *Feed) Shutdown(ctx context.Context) error {
	f.once.Do(func() {
		f.unwatch()
		close(f.stop)
	})
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		return errors.New("events: changes still being rendered at the shutdown deadline")
	}
}

func (f *Feed) render(batch []world.Change) {
	ctx := context.Background()
	for _, c := range batch {
		for _, bot := range c.Audience {
			v, err := f.event(ctx, bot, c)
			if err != nil {
				f.log.Error("events: rendering", "kind", c.Kind, "self_id", bot, "err", err)
				continue
			}
			if v == nil {
				continue
			}
			ev, err := events.New(bot, v)
			if err != nil {
				f.log.Error("events: encoding", "kind", c.Kind, "err", err)
				continue
			}
			f.hub.Publish(ev)
		}
	}
}

// event renders change c as bot sees it, in the spec's event schema for it; nil when the
// change is no event.
func (f *Feed) event(ctx context.Context, bot int64, c world.Change) (any, error) {
	switch c.Kind {
	case world.MessageCreated:
		return f.messageEvent(ctx, bot, c)
	case world.MessageRecalled:
		m, err := f.s.world.MessageRecord(ctx, c.MessageID)
		if err != nil {
			return nil, err
		}
		if m.Type == world.Grouped {
			return gen.GroupRecallNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupRecallNoticePostTypeNotice, NoticeType: gen.GroupRecallNoticeNoticeTypeGroupRecall,
				GroupID: m.GroupID, UserID: m.SenderID, OperatorID: c.OperatorID, MessageID: c.MessageID}, nil
		}
		return gen.FriendRecallNotice{Time: c.Time, SelfID: bot, PostType: gen.FriendRecallNoticePostTypeNotice, NoticeType: gen.FriendRecallNoticeNoticeTypeFriendRecall,
			UserID: m.SenderID, MessageID: c.MessageID}, nil
	case world.FriendAdded:
		other := c.UserID
		if other == bot {
			other = c.OperatorID
		}
		return gen.FriendAddNotice{Time: c.Time, SelfID: bot, PostType: gen.FriendAddNoticePostTypeNotice, NoticeType: gen.FriendAddNoticeNoticeTypeFriendAdd, UserID: other}, nil
	case world.MemberJoined:
		return gen.GroupIncreaseNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupIncreaseNoticePostTypeNotice, NoticeType: gen.GroupIncreaseNoticeNoticeTypeGroupIncrease,
			SubType: gen.GroupIncreaseNoticeSubTypeApprove, GroupID: c.GroupID, OperatorID: c.OperatorID, UserID: c.UserID}, nil
	case world.MemberLeft, world.MemberKicked:
		sub := gen.GroupDecreaseNoticeSubTypeLeave
		if c.Kind == world.MemberKicked {
			sub = gen.GroupDecreaseNoticeSubTypeKick
			if c.UserID == bot {
				sub = gen.GroupDecreaseNoticeSubTypeKickMe
			}
		}
		return gen.GroupDecreaseNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupDecreaseNoticePostTypeNotice, NoticeType: gen.GroupDecreaseNoticeNoticeTypeGroupDecrease,
			SubType: sub, GroupID: c.GroupID, OperatorID: c.OperatorID, UserID: c.UserID}, nil
	case world.MemberMuted:
		seconds, err := strconv.ParseInt(c.Detail, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("mute change with duration %q: %w", c.Detail, err)
		}
		sub := gen.GroupBanNoticeSubTypeBan
		if seconds == 0 {
			sub = gen.GroupBanNoticeSubTypeLiftBan
		}
		return gen.GroupBanNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupBanNoticePostTypeNotice, NoticeType: gen.GroupBanNoticeNoticeTypeGroupBan,
			SubType: sub, GroupID: c.GroupID, OperatorID: c.OperatorID, UserID: c.UserID, Duration: seconds}, nil
	case world.AdminChanged:
		sub := gen.GroupAdminNoticeSubTypeUnset
		if world.Role(c.Detail) == world.Admin {
			sub = gen.GroupAdminNoticeSubTypeSet
		}
		return gen.GroupAdminNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupAdminNoticePostTypeNotice, NoticeType: gen.GroupAdminNoticeNoticeTypeGroupAdmin,
			SubType: sub, GroupID: c.GroupID, UserID: c.UserID}, nil
	case world.CardChanged:
		// The change records the new card only; the old one is not kept by the world.
		return gen.GroupCardNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupCardNoticePostTypeNotice, NoticeType: gen.GroupCardNoticeNoticeTypeGroupCard,
			GroupID: c.GroupID, UserID: c.UserID, CardNew: c.Detail}, nil
	case world.EssenceChanged:
		sub := gen.EssenceNoticeSubTypeAdd
		if on, _ := strconv.ParseBool(c.Detail); !on {
			sub = gen.EssenceNoticeSubTypeDelete
		}
		return gen.EssenceNotice{Time: c.Time, SelfID: bot, PostType: gen.EssenceNoticePostTypeNotice, NoticeType: gen.EssenceNoticeNoticeTypeEssence,
			SubType: sub, GroupID: c.GroupID, SenderID: c.UserID, OperatorID: c.OperatorID, MessageID: c.MessageID}, nil
	case world.FriendRequested:
		comment, err := f.s.world.RequestComment(ctx, c)
		if err != nil {
			return nil, err
		}
		return gen.FriendRequestEvent{Time: c.Time, SelfID: bot, PostType: gen.FriendRequestEventPostTypeRequest,
			RequestType: gen.FriendRequestEventRequestTypeFriend, UserID: c.UserID, Comment: comment, Flag: c.Detail}, nil
	case world.JoinRequested, world.Invited:
		comment, err := f.s.world.RequestComment(ctx, c)
		if err != nil {
			return nil, err
		}
		sub := gen.GroupRequestEventSubTypeAdd
		if c.Kind == world.Invited {
			sub = gen.GroupRequestEventSubTypeInvite
		}
		return gen.GroupRequestEvent{Time: c.Time, SelfID: bot, PostType: gen.GroupRequestEventPostTypeRequest,
			RequestType: gen.GroupRequestEventRequestTypeGroup, SubType: sub, GroupID: c.GroupID, UserID: c.UserID,
			Comment: comment, Flag: c.Detail}, nil
	case world.Poked:
		ev := gen.PokeNotice{Time: c.Time, SelfID: bot, PostType: gen.PokeNoticePostTypeNotice,
			NoticeType: gen.PokeNoticeNoticeTypeNotify, SubType: gen.PokeNoticeSubTypePoke, UserID: c.UserID, TargetID: c.TargetID}
		if c.GroupID != 0 {
			ev.GroupID = &c.GroupID
		}
		return ev, nil
	case world.FileUploaded:
		file, err := f.s.world.UploadedFile(ctx, c.GroupID, c.Detail)
		if err != nil {
			return nil, err
		}
		ev := gen.GroupUploadNotice{Time: c.Time, SelfID: bot, PostType: gen.GroupUploadNoticePostTypeNotice,
			NoticeType: gen.GroupUploadNoticeNoticeTypeGroupUpload, GroupID: c.GroupID, UserID: c.UserID}
		ev.File.ID, ev.File.Name, ev.File.Size, ev.File.Busid = file.ID, file.Name, file.Size, int64(file.BusID)
		return ev, nil
	}
	return nil, nil
}

// messageEvent renders a new message as the receiving bot sees it.
func (f *Feed) messageEvent(ctx context.Context, bot int64, c world.Change) (any, error) {
	m, err := f.s.world.MessageAsSent(ctx, c.MessageID)
	if err != nil {
		if errors.Is(err, world.ErrNotFound) {
			return nil, nil // expired (retention) before it could be told
		}
		return nil, err
	}
	var msg gen.ReceivedMessage
	if err := encodeMessage(m.Segments, &msg); err != nil {
		return nil, err
	}
	raw := cqcode.Format(m.Segments)
	if m.Type == world.Grouped {
		return gen.GroupMessageEvent{Time: m.Time, SelfID: bot, PostType: gen.MessagePostTypeMessage, MessageType: gen.GroupMessageEventMessageTypeGroup,
			SubType: gen.GroupMessageEventSubTypeNormal, MessageID: m.ID, GroupID: m.GroupID, UserID: m.SenderID, Message: msg, RawMessage: raw,
			Sender: senderOf(m)}, nil
	}
	sub := gen.PrivateMessageEventSubTypeOther
	if friends, err := f.s.world.Friends(ctx, bot, m.SenderID); err != nil {
		return nil, err
	} else if friends {
		sub = gen.PrivateMessageEventSubTypeFriend
	}
	return gen.PrivateMessageEvent{Time: m.Time, SelfID: bot, PostType: gen.MessagePostTypeMessage, MessageType: gen.PrivateMessageEventMessageTypePrivate,
		SubType: sub, MessageID: m.ID, UserID: m.SenderID, Message: msg, RawMessage: raw, Sender: senderOf(m)}, nil
}
