package impl_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/auth"
	"github.com/onespec/onespec/impl/web"
)

// A browser at / gets the landing page listing every bot of the world with its endpoints; a
// OneBot client calling / as an action keeps the 1404 envelope.
func TestLandingPage(t *testing.T) {
	w := twoBotWorld(t)
	// example.test is a name of this server (--allowed-hosts): without a token, the API refuses others.
	h := handler(t, w, impl.Options{Home: &web.Options{Docs: []web.Link{{Href: "docs", Label: "Scalar"}}}, Sites: auth.Sites{Hosts: []string{"example.test"}}})
	for _, tc := range []struct {
		name, method, accept string
		wantCode             int
		wantType, wantBody   string
	}{
		{"browser", "GET", "text/html,*/*;q=0.8", 200, web.ContentTypeHTML, "http://example.test:5700/bots/10009/_events"},
		{"client GET", "GET", "", 404, "application/json", `"retcode":1404`},
		{"client POST", "POST", "text/html", 404, "application/json", `"retcode":1404`},
	} {
		r := httptest.NewRequest(tc.method, "http://example.test:5700/", strings.NewReader(`{}`))
		r.Header.Set("Content-Type", "application/json")
		if tc.accept != "" {
			r.Header.Set("Accept", tc.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != tc.wantCode || !strings.HasPrefix(rec.Header().Get("Content-Type"), tc.wantType) || !strings.Contains(string(body), tc.wantBody) {
			t.Errorf("%s: HTTP %d %s, want %d %s with %q: %.300s", tc.name, rec.Code, rec.Header().Get("Content-Type"), tc.wantCode, tc.wantType, tc.wantBody, body)
		}
	}
}

// Bots lists the default bot first, at the root, and every other bot under /bots/{self_id}/.
func TestBotsEndpoints(t *testing.T) {
	bots, err := impl.New(twoBotWorld(t), nil).Bots(context.Background(), "https://bot.example/")
	if err != nil {
		t.Fatal(err)
	}
	want := []web.Bot{
		{SelfID: 10001, Nickname: bots[0].Nickname, Default: true, HTTP: "https://bot.example/", WebSocket: "wss://bot.example/", Events: "https://bot.example/_events"},
		{SelfID: 10009, Nickname: "第二个机器人", HTTP: "https://bot.example/bots/10009/", WebSocket: "wss://bot.example/bots/10009/", Events: "https://bot.example/bots/10009/_events"},
	}
	if len(bots) != len(want) {
		t.Fatalf("Bots = %+v", bots)
	}
	for i := range want {
		if bots[i] != want[i] {
			t.Errorf("bot %d = %+v, want %+v", i, bots[i], want[i])
		}
	}
}
