package worldfile

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/onespec/onespec/impl/cqcode"
)

// MaxFileBytes bounds a world file as written.
const MaxFileBytes = 16 << 20

// MaxExpandedBytes bounds a world file once its aliases are expanded: an alias costs a few
// bytes in the file and its anchor's whole size in the world (a 1 MB string used by 599
// accounts is 600 MB of database), so the file's size alone bounds nothing.
const MaxExpandedBytes = 16 << 20

// Text field limits, in characters: QQ's own where QQ has one (a nickname of 12 characters is
// QQ's client limit for Chinese; onespec allows some room for other scripts), generous bounds
// elsewhere, so that no field can hold megabytes. They count characters (runes), as JSON
// Schema's maxLength does, never bytes: a limit QQ states in bytes is generous here. The APIs
// refuse the same figures: every request parameter stored in one of these fields has the
// constant as its maxLength in the spec (openapi/src, openapi/world/src), and impl's
// TestTextLimits fails when the two disagree.
const (
	MaxNickname = 36   // QQ: 昵称, at most 36 bytes (12 汉字)
	MaxSign     = 100  // QQ: 个性签名, 100 characters
	MaxArea     = 64   // 所在地
	MaxRemark   = 36   // QQ: 备注, like a nickname
	MaxComment  = 300  // 验证消息
	MaxGroup    = 60   // QQ: 群名称, 30 汉字; room for other scripts
	MaxMemo     = 500  // 群介绍
	MaxCard     = 60   // QQ: 群名片, 60 bytes
	MaxTitle    = 18   // QQ: 专属头衔, 6 汉字 (18 bytes)
	MaxFlag     = 128  // a request's flag
	MaxLevel    = 32   // a member's level name
	MaxMessage  = 5000 // QQ: a message of at most ~4,500 characters of text; CQ codes add some
)

// expandedSize is the size of n with every alias replaced by what it names, stopping as soon
// as it passes limit. Sizes of anchored nodes are remembered, so a file of nested aliases is
// measured in time proportional to its own size, never to its expansion.
func expandedSize(n *yaml.Node, limit int64, memo map[*yaml.Node]int64) (int64, error) {
	if n == nil {
		return 0, nil
	}
	if n.Kind == yaml.AliasNode {
		return expandedSize(n.Alias, limit, memo)
	}
	if size, ok := memo[n]; ok {
		if size < 0 {
			return 0, errors.New("an alias refers to a node that contains it")
		}
		return size, nil
	}
	memo[n] = -1 // in progress
	size := int64(len(n.Value) + len(n.Tag) + 1)
	for _, c := range n.Content {
		s, err := expandedSize(c, limit, memo)
		if err != nil {
			return 0, err
		}
		if size += s; size > limit {
			return size, nil
		}
	}
	memo[n] = size
	return size, nil
}

// checkExpansion refuses raw when its aliases expand past MaxExpandedBytes.
func checkExpansion(raw []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return err
	}
	size, err := expandedSize(&doc, MaxExpandedBytes, map[*yaml.Node]int64{})
	if err != nil {
		return err
	}
	if size > MaxExpandedBytes {
		return fmt.Errorf("the file is larger than %d bytes with its aliases expanded (&anchor / *alias): write the world out, or split it", MaxExpandedBytes)
	}
	return nil
}

// textLimit refuses a text field longer than max characters, naming its key.
func textLimit(key, value string, max int) error {
	if n := utf8.RuneCountInString(value); n > max {
		return fmt.Errorf("%s: %d characters, longer than %d", key, n, max)
	}
	return nil
}

// CheckMessage refuses a message a bot or an account sends whose CQ-code form, as a world file
// stores it, is longer than MaxMessage characters: the spec bounds the string form by
// maxLength and the segment count by maxItems, but not the text inside the segments, and a
// message the world stored must survive export_world then import_world. raw is the message as
// sent (JSON): each of its bytes renders to at most 5 characters ("&" is "&amp;"), so a short
// one is not rendered at all.
func CheckMessage(raw []byte, segs []cqcode.Segment) error {
	if len(raw) <= MaxMessage/5 {
		return nil
	}
	return textLimit("message", cqcode.Format(segs), MaxMessage)
}

// checkTexts bounds every text field of the file.
func (f *File) checkTexts() error {
	var errs []error
	text := func(key string, value string, max int) { errs = append(errs, textLimit(key, value, max)) }
	for i, a := range f.Accounts {
		k := fmt.Sprintf("accounts[%d].", i)
		text(k+"nickname", a.Nickname, MaxNickname)
		text(k+"sign", a.Sign, MaxSign)
		text(k+"area", a.Area, MaxArea)
		text(k+"sex", a.Sex, 16)
	}
	for i, fr := range f.Friends {
		k := fmt.Sprintf("friends[%d].", i)
		text(k+"remark_a", fr.RemarkA, MaxRemark)
		text(k+"remark_b", fr.RemarkB, MaxRemark)
	}
	for i, r := range f.FriendRequests {
		k := fmt.Sprintf("friend_requests[%d].", i)
		text(k+"flag", r.Flag, MaxFlag)
		text(k+"comment", r.Comment, MaxComment)
	}
	for i, g := range f.Groups {
		k := fmt.Sprintf("groups[%d].", i)
		text(k+"name", g.Name, MaxGroup)
		text(k+"memo", g.Memo, MaxMemo)
		for j, m := range g.Members {
			mk := fmt.Sprintf("%smembers[%d].", k, j)
			text(mk+"card", m.Card, MaxCard)
			text(mk+"title", m.Title, MaxTitle)
			text(mk+"level", m.Level, MaxLevel)
			text(mk+"group_remark", m.GroupRemark, MaxRemark)
			text(mk+"role", m.Role, 16)
		}
	}
	for i, r := range f.GroupRequests {
		k := fmt.Sprintf("group_requests[%d].", i)
		text(k+"flag", r.Flag, MaxFlag)
		text(k+"comment", r.Comment, MaxComment)
		text(k+"kind", r.Kind, 16)
	}
	for i, m := range f.Messages {
		text(fmt.Sprintf("messages[%d].message", i), m.Message, MaxMessage)
	}
	for _, err := range errs {
		if err != nil {
			return err // the first, in file order
		}
	}
	return nil
}
