package impl_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/world"
)

// A contact card is built from the world as it is: the account or group it names, by the name
// it has now; whom it cannot name is refused.
func TestContactCards(t *testing.T) {
	srv, w := newServerWorld(t, impl.Options{})
	name := "改名后的群"
	if _, err := w.UpdateGroup(context.Background(), 20001, world.GroupChange{Name: &name}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		action, body string
		wantRetcode  int
		wantPrompt   string
	}{
		{"send_ark_share", `{"user_id":10003}`, 0, "推荐联系人：小红"},
		{"ArkSharePeer", `{"group_id":"20001"}`, 0, "推荐群聊：" + name},
		{"send_group_ark_share", `{"group_id":20001}`, 0, "推荐群聊：" + name},
		{"ArkShareGroup", `{"group_id":20002}`, 0, "推荐群聊：OneBot 开发者交流"},
		{"send_ark_share", `{"user_id":99999}`, 102, ""},
		{"send_ark_share", `{}`, 1400, ""},
		{"send_group_ark_share", `{"group_id":20003}`, 102, ""},
	} {
		_, r := call(t, newRequest(t, "POST", srv.URL+"/"+tt.action, jsonType, tt.body))
		if r.Retcode != tt.wantRetcode {
			t.Fatalf("%s %s: retcode %d (%s), want %d", tt.action, tt.body, r.Retcode, r.Message, tt.wantRetcode)
		}
		if tt.wantRetcode != 0 {
			continue
		}
		var card string
		if strings.HasPrefix(tt.action, "send_ark") || tt.action == "ArkSharePeer" {
			var data struct {
				ArkJSON string `json:"arkJson"`
			}
			_ = json.Unmarshal(r.Data, &data)
			card = data.ArkJSON
		} else {
			_ = json.Unmarshal(r.Data, &card)
		}
		var ark struct {
			Prompt string `json:"prompt"`
		}
		if err := json.Unmarshal([]byte(card), &ark); err != nil || ark.Prompt != tt.wantPrompt {
			t.Errorf("%s %s: card %q (%v), want prompt %q", tt.action, tt.body, card, err, tt.wantPrompt)
		}
	}
}
