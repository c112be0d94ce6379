package impl

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/onespec/onespec/gen"
)

// Contact cards (推荐联系人, NapCat's send_ark_share and send_group_ark_share): QQ answers the
// ark JSON of a card recommending an account or a group, which a bot then sends as a json
// segment. The reference server builds it from the world as it is (the account's nickname,
// the group's name), so the same world gives the same card.

// contactArk is QQ's contact card ark (app com.tencent.contact.lua, view contact).
type contactArk struct {
	App    string         `json:"app"`
	Desc   string         `json:"desc"`
	View   string         `json:"view"`
	Ver    string         `json:"ver"`
	Prompt string         `json:"prompt"`
	Meta   contactArkMeta `json:"meta"`
}

type contactArkMeta struct {
	Contact contactArkContact `json:"contact"`
}

type contactArkContact struct {
	Avatar   string `json:"avatar"`
	Contact  string `json:"contact"`
	JumpURL  string `json:"jumpUrl"`
	Nickname string `json:"nickname"`
	Tag      string `json:"tag"`
	TagIcon  string `json:"tagIcon"`
}

// userArk is the card recommending account userID.
func (s *Server) userArk(ctx context.Context, userID int64) (string, error) {
	a, err := s.bot(ctx).Account(ctx, userID)
	if err != nil {
		return "", err
	}
	id := strconv.FormatInt(userID, 10)
	return marshalArk(contactArk{App: "com.tencent.contact.lua", View: "contact", Ver: "0.0.0.1", Prompt: "推荐联系人：" + a.Nickname,
		Meta: contactArkMeta{Contact: contactArkContact{Avatar: avatarURL(userID), Contact: "QQ号：" + id,
			JumpURL: "mqqapi://card/show_pslcard?src_type=internal&source=sharecard&version=1&uin=" + id, Nickname: a.Nickname, Tag: "推荐联系人"}}})
}

// groupArk is the card recommending group groupID, which the bot is in.
func (s *Server) groupArk(ctx context.Context, groupID int64) (string, error) {
	g, err := s.bot(ctx).GroupInfo(ctx, groupID)
	if err != nil {
		return "", err
	}
	id := strconv.FormatInt(groupID, 10)
	return marshalArk(contactArk{App: "com.tencent.contact.lua", View: "contact", Ver: "0.0.0.1", Prompt: "推荐群聊：" + g.Name,
		Meta: contactArkMeta{Contact: contactArkContact{Avatar: "https://p.qlogo.cn/gh/" + id + "/" + id + "/100", Contact: "群号：" + id,
			JumpURL: "mqqapi://card/show_pslcard?src_type=internal&card_type=group&source=qrcode&uin=" + id, Nickname: g.Name, Tag: "推荐群聊"}}})
}

// marshalArk is the card's JSON as QQ writes it: "&" in URLs stays "&".
func marshalArk(a contactArk) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return "", fmt.Errorf("contact card: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// SendArkShare is send_ark_share 获取推荐联系人卡片: a group's card when group_id is given, else
// the account's; QQ's answer with its arkJson.
func (s *Server) SendArkShare(ctx context.Context, req gen.SendArkShareRequestObject) (gen.SendArkShareResponseObject, error) {
	p := value(req.Body)
	var ark string
	var err error
	switch {
	case value(p.GroupID) != 0:
		ark, err = s.groupArk(ctx, *p.GroupID)
	case value(p.UserID) != 0:
		ark, err = s.userArk(ctx, *p.UserID)
	default:
		err = invalid("give user_id or group_id: whose card to make")
	}
	return gen.SendArkShare200JSONResponse(result(ctx, gen.SendArkShareData{Result: 0, ErrMsg: "", ArkJSON: ark}, err)), nil
}

// SendGroupArkShare is send_group_ark_share 获取推荐群聊卡片: the group's card, as a string.
func (s *Server) SendGroupArkShare(ctx context.Context, req gen.SendGroupArkShareRequestObject) (gen.SendGroupArkShareResponseObject, error) {
	ark, err := s.groupArk(ctx, value(req.Body).GroupID)
	return gen.SendGroupArkShare200JSONResponse(result(ctx, gen.GroupArkCard(ark), err)), nil
}
