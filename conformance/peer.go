package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/onespec/onespec/gen"
)

// The peer checks judge events on any implementation, without onespec's world control API: a
// second account of the same implementation (Config.PeerURL, its own OneBot HTTP API) acts,
// and the target receives what QQ delivers. The peer messages the bot privately and in the
// group (--group, which both are in), recalls those messages, pokes the bot, mutes it and
// makes it admin where it may; each event is found by what was driven (the sender, the marker
// text, the group) and judged by the schema of its kind on every event transport the suite
// listens on, so a malformed event is judged malformed, never missing. The message_id the
// target's event carries must be one the target's get_msg answers: implementations number
// messages per account, so the peer's id for the same message may differ (said in a note).

// peerCheckKind prefixes the peer checks' ids.
const peerCheckKind = "peer"

// peerMute is how long peer/group-ban mutes the bot, in seconds; lifted once judged.
const peerMute = 60

// peerRig is what the peer checks share: the peer's API and the target's event transports.
type peerRig struct {
	skip    string
	id      int64
	sources []eventSource
}

// peerRefusal is a peer action answered with a failure: the peer may not do it (not admin,
// not a friend), so the check skips saying so.
type peerRefusal struct {
	action  string
	retcode int
	message string
}

func (e *peerRefusal) Error() string {
	return fmt.Sprintf("the peer's %s failed (retcode %d: %s)", e.action, e.retcode, e.message)
}

// peerChecks are the peer checks, in run order (the mute and the admin change last), planned
// only when a peer is given (Config.PeerURL).
func (s *suite) peerChecks() []check {
	return []check{
		s.peerCheck("private-message", s.peerPrivateMessage),
		s.peerCheck("group-message", s.peerGroupMessage),
		s.peerCheck("friend-recall", s.peerFriendRecall),
		s.peerCheck("group-recall", s.peerGroupRecall),
		s.peerCheck("poke", s.peerPoke),
		s.peerCheck("group-ban", s.peerGroupBan),
		s.peerCheck("group-admin", s.peerGroupAdmin),
	}
}

type peerDriver func(ctx context.Context, rig *peerRig) (expectedEvent, error)

func (s *suite) peerCheck(name string, drive peerDriver) check {
	return check{id: peerCheckKind + "/" + name, run: func(ctx context.Context) outcome {
		rig := s.peerSetup(ctx)
		if rig.skip != "" {
			return skipf("%s", rig.skip)
		}
		out := s.driveAndAwait(ctx, nil, rig.sources, func(ctx context.Context, _ *eventRig) (expectedEvent, error) {
			return drive(ctx, rig)
		})
		return out
	}}
}

// peerSetup finds the peer's id and opens the target's event transports, once per run.
func (s *suite) peerSetup(ctx context.Context) *peerRig {
	if s.peer != nil {
		return s.peer
	}
	rig := &peerRig{}
	s.peer = rig
	switch {
	case !s.cfg.AllowMutations:
		rig.skip = "the peer checks send messages between two real accounts; run with --allow-mutations (Config.AllowMutations)"
		return rig
	case s.self == 0:
		rig.skip = "discovery did not find the bot's own id (get_login_info), which every event must carry as self_id"
		return rig
	}
	var login struct {
		UserID int64 `json:"user_id"`
	}
	if err := s.peerCall(ctx, gen.ActionGetLoginInfo, map[string]any{}, &login); err != nil {
		rig.skip = fmt.Sprintf("the peer at %s does not answer get_login_info: %v", s.cfg.PeerURL, err)
		return rig
	}
	rig.id = login.UserID
	if s.cfg.PeerID != 0 && s.cfg.PeerID != rig.id {
		rig.skip = fmt.Sprintf("the peer at %s is logged in as %d, not --peer-id %d", s.cfg.PeerURL, rig.id, s.cfg.PeerID)
		return rig
	}
	if rig.id == s.self {
		rig.skip = fmt.Sprintf("the peer at %s is the target's own account %d: give another account", s.cfg.PeerURL, rig.id)
		return rig
	}
	// onespec's event stream is onespec's alone: the peer checks read what any implementation
	// sends.
	rig.sources = s.eventSources(ctx, false)
	return rig
}

// peerCall calls action on the peer's HTTP API by the name the profile's family knows it,
// decoding data into into. A failed answer is a *peerRefusal.
func (s *suite) peerCall(ctx context.Context, action string, params, into any) error {
	name := action
	if o := s.opOf(action); o != nil {
		name = s.nameOf(o)
	}
	body, err := json.Marshal(params)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(s.cfg.PeerURL, "/")+"/"+name, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mediaJSON)
	if s.cfg.PeerToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.cfg.PeerToken)
	}
	resp, err := s.doer.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	var env struct {
		Status  string          `json:"status"`
		Retcode int             `json:"retcode"`
		Data    json.RawMessage `json:"data"`
		Message string          `json:"message"`
		Wording string          `json:"wording"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("%s: HTTP %d, not an envelope: %s", name, resp.StatusCode, snippet(raw))
	}
	if env.Status != statusOK && env.Status != statusAsync {
		return &peerRefusal{action: name, retcode: env.Retcode, message: joinNonEmpty(" / ", env.Message, env.Wording)}
	}
	if into != nil && len(env.Data) > 0 && string(env.Data) != "null" {
		if err := json.Unmarshal(env.Data, into); err != nil {
			return fmt.Errorf("%s: data: %w", name, err)
		}
	}
	return nil
}

// peerFailed turns a peer action's failure into the check's end: a refusal skips (the peer
// may not do it), anything else fails, the peer being part of the setup the user gave.
func peerFailed(err error) error {
	var r *peerRefusal
	if errors.As(err, &r) {
		return &skipError{reason: r.Error() + "; the check needs the peer to be allowed to do it"}
	}
	return &skipError{reason: "the peer could not act: " + err.Error()}
}

// peerGroup is the group both accounts are in: off onespec only one the user named.
func (s *suite) peerGroup(ctx context.Context) (int64, error) {
	if s.cfg.GroupID != 0 {
		return s.cfg.GroupID, nil
	}
	if s.targets.group != 0 && s.isReference(ctx) {
		return s.targets.group, nil
	}
	return 0, &skipError{reason: "no group named: give one both accounts are in with --group (Config.GroupID)"}
}

// peerMessage makes the peer send a marked text to the bot (group 0) or in group, and returns
// the event that must follow, found by the sender and the marker; the peer's message id is
// returned too, for a recall.
func (s *suite) peerMessage(ctx context.Context, rig *peerRig, group int64, what string) (expectedEvent, int64, error) {
	text := s.marker(what)
	want := expectedEvent{schema: schemaPrivateMessage, ref: refEventMessage, want: eventFields{fieldUserID: rig.id}, driven: time.Now()}
	action, params := gen.ActionSendPrivateMsg, map[string]any{"user_id": s.self, "message": text}
	messageType := string(gen.PrivateMessageEventMessageTypePrivate)
	if group != 0 {
		action, params = gen.ActionSendGroupMsg, map[string]any{"group_id": group, "message": text}
		messageType = string(gen.GroupMessageEventMessageTypeGroup)
		want.schema, want.want[fieldGroupID] = schemaGroupMessage, group
	}
	var none int64
	want.match = messageEvent(messageType, &none, rig.id, text)
	var sent struct {
		MessageID int64 `json:"message_id"`
	}
	if err := s.peerCall(ctx, action, params, &sent); err != nil {
		return want, 0, peerFailed(err)
	}
	want.what = fmt.Sprintf("the %s message %q from the peer %d", what, text, rig.id)
	if group != 0 {
		want.what += fmt.Sprintf(" in %d", group)
	}
	want.also = s.usableMessageID(ctx, text, sent.MessageID)
	return want, sent.MessageID, nil
}

// usableMessageID judges a message event's message_id: get_msg on the target must answer the
// message it names (event/message.md: the id is for get_msg and delete_msg).
func (s *suite) usableMessageID(ctx context.Context, text string, peerID int64) func(string, map[string]any, *problems) {
	return func(prefix string, m map[string]any, ps *problems) {
		id, ok := m[fieldMessageID].(float64)
		if !ok {
			return // the schema reports it
		}
		ex := s.postJSON(ctx, s.nameOf(s.opOf(gen.ActionGetMsg)), map[string]any{"message_id": int64(id)})
		var answer struct {
			Status string         `json:"status"`
			Data   map[string]any `json:"data"`
		}
		if ex.err != nil || json.Unmarshal(ex.body, &answer) != nil || answer.Status != statusOK {
			ps.addAt(Required, refEventMessage, fieldMessageID, "an event's message_id is not one get_msg answers",
				"%smessage_id %d: the target's get_msg does not answer it (%s)", prefix, int64(id), snippet(ex.body))
			return
		}
		if raw, _ := answer.Data[fieldRawMessage].(string); !strings.Contains(raw+fmt.Sprint(answer.Data[fieldMessage]), text) {
			ps.addAt(Required, refEventMessage, fieldMessageID, "an event's message_id names another message",
				"%smessage_id %d: get_msg answers another message (%s)", prefix, int64(id), truncate(raw, 120))
		}
		_ = peerID
	}
}

func (s *suite) peerPrivateMessage(ctx context.Context, rig *peerRig) (expectedEvent, error) {
	want, _, err := s.peerMessage(ctx, rig, 0, "peer private")
	return want, err
}

func (s *suite) peerGroupMessage(ctx context.Context, rig *peerRig) (expectedEvent, error) {
	group, err := s.peerGroup(ctx)
	if err != nil {
		return expectedEvent{}, err
	}
	want, _, err := s.peerMessage(ctx, rig, group, "peer group")
	return want, err
}

// peerRecall makes the peer send a message, waits for the target to receive it (to learn the
// target's own id for it), and recalls it: the recall notice must name that id.
func (s *suite) peerRecall(ctx context.Context, rig *peerRig, group int64) (expectedEvent, error) {
	sent, peerID, err := s.peerMessage(ctx, rig, group, "peer recall")
	if err != nil {
		return expectedEvent{}, err
	}
	var ps problems
	sent.also = nil
	_, got := s.awaitEvent(ctx, rig.sources, sent, &ps)
	var targetID int64
	for _, m := range got {
		if id, ok := m[fieldMessageID].(float64); ok {
			targetID = int64(id)
			break
		}
	}
	if targetID == 0 {
		return expectedEvent{}, &skipError{reason: "the message to recall never reached the target with a message_id (peer/" + map[bool]string{true: "group", false: "private"}[group != 0] + "-message says why)"}
	}
	var want expectedEvent
	if group != 0 {
		want = notice(schemaGroupRecall, "群消息撤回", string(gen.GroupRecallNoticeNoticeTypeGroupRecall), eventFields{fieldGroupID: group, fieldUserID: rig.id})
		want.want = eventFields{fieldMessageID: targetID, fieldOperatorID: rig.id}
	} else {
		want = notice(schemaFriendRecall, "好友消息撤回", string(gen.FriendRecallNoticeNoticeTypeFriendRecall), eventFields{fieldUserID: rig.id})
		want.want = eventFields{fieldMessageID: targetID}
	}
	want.what = fmt.Sprintf("the peer's recall of its message (%d for the target)", targetID)
	want.driven = time.Now()
	if err := s.peerCall(ctx, gen.ActionDeleteMsg, map[string]any{"message_id": peerID}, nil); err != nil {
		return want, peerFailed(err)
	}
	return want, nil
}

func (s *suite) peerFriendRecall(ctx context.Context, rig *peerRig) (expectedEvent, error) {
	return s.peerRecall(ctx, rig, 0)
}

func (s *suite) peerGroupRecall(ctx context.Context, rig *peerRig) (expectedEvent, error) {
	group, err := s.peerGroup(ctx)
	if err != nil {
		return expectedEvent{}, err
	}
	return s.peerRecall(ctx, rig, group)
}

// peerPoke: the peer pokes the bot in the group (group_poke, by the family's name).
func (s *suite) peerPoke(ctx context.Context, rig *peerRig) (expectedEvent, error) {
	group, err := s.peerGroup(ctx)
	if err != nil {
		return expectedEvent{}, err
	}
	want := notice(schemaPoke, "群内戳一戳", "notify", eventFields{fieldSubType: "poke", fieldGroupID: group, fieldUserID: rig.id})
	want.want = eventFields{fieldTargetID: s.self}
	want.what = fmt.Sprintf("the peer %d poking the bot in %d", rig.id, group)
	want.driven = time.Now()
	if err := s.peerCall(ctx, gen.ActionGroupPoke, map[string]any{"group_id": group, "user_id": s.self}, nil); err != nil {
		return want, peerFailed(err)
	}
	return want, nil
}

// peerGroupBan: the peer (an admin of the group) mutes the bot for a minute, and lifts it once
// the notice is judged.
func (s *suite) peerGroupBan(ctx context.Context, rig *peerRig) (expectedEvent, error) {
	group, err := s.peerGroup(ctx)
	if err != nil {
		return expectedEvent{}, err
	}
	want := notice(schemaGroupBan, "群禁言", string(gen.GroupBanNoticeNoticeTypeGroupBan), eventFields{fieldGroupID: group, fieldUserID: s.self})
	want.want = eventFields{fieldSubType: string(gen.GroupBanNoticeSubTypeBan), fieldOperatorID: rig.id, fieldDuration: int64(peerMute)}
	want.what = fmt.Sprintf("the peer %d muting the bot in %d", rig.id, group)
	mute := func(ctx context.Context, seconds int) error {
		return s.peerCall(ctx, gen.ActionSetGroupBan, map[string]any{"group_id": group, "user_id": s.self, "duration": seconds}, nil)
	}
	want.undo = func(ctx context.Context) error { return mute(ctx, 0) }
	want.driven = time.Now()
	if err := mute(ctx, peerMute); err != nil {
		return want, peerFailed(err)
	}
	return want, nil
}

// peerGroupAdmin: the peer (the group's owner) makes the bot admin, and takes it back once the
// notice is judged (when the bot was admin already, the other way round).
func (s *suite) peerGroupAdmin(ctx context.Context, rig *peerRig) (expectedEvent, error) {
	group, err := s.peerGroup(ctx)
	if err != nil {
		return expectedEvent{}, err
	}
	var member struct {
		Role string `json:"role"`
	}
	if err := s.peerCall(ctx, gen.ActionGetGroupMemberInfo, map[string]any{"group_id": group, "user_id": s.self}, &member); err != nil {
		return expectedEvent{}, peerFailed(err)
	}
	enable := member.Role != "admin"
	subType := string(gen.GroupAdminNoticeSubTypeSet)
	if !enable {
		subType = string(gen.GroupAdminNoticeSubTypeUnset)
	}
	want := notice(schemaGroupAdmin, "群管理员变动", string(gen.GroupAdminNoticeNoticeTypeGroupAdmin), eventFields{fieldGroupID: group, fieldUserID: s.self})
	want.want = eventFields{fieldSubType: subType}
	want.what = fmt.Sprintf("the peer %d making the bot %s in %d", rig.id, map[bool]string{true: "admin", false: "a member again"}[enable], group)
	set := func(ctx context.Context, on bool) error {
		return s.peerCall(ctx, gen.ActionSetGroupAdmin, map[string]any{"group_id": group, "user_id": s.self, "enable": on}, nil)
	}
	want.undo = func(ctx context.Context) error { return set(ctx, !enable) }
	want.driven = time.Now()
	if err := set(ctx, enable); err != nil {
		return want, peerFailed(err)
	}
	return want, nil
}
