package wsapi

import (
	"context"
	"testing"

	"github.com/stretchr/testify/mock"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/openapi"
)

// FuzzFrame sends arbitrary WebSocket frames to the call decoder: every frame is answered
// with an envelope (a retcode, a status), never a panic.
func FuzzFrame(f *testing.F) {
	m := mocks.NewStrictServerInterface(f)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(gen.GetLoginInfo200JSONResponse(openapi.Envelope[*gen.LoginInfo]{
		Status: string(gen.StatusOk), Data: &gen.LoginInfo{UserID: 10001, Nickname: "bot"},
	}), nil).Maybe()
	doc, err := openapi.Doc()
	if err != nil {
		f.Fatal(err)
	}
	d, err := dispatch.NewFor(doc, gen.Actions, gen.StrictServerInterface(m), dispatch.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	s := New(d, events.NewHub(), Options{SelfID: 10001, MaxValues: 1000})
	c := &connection{s: s, self: 10001}
	for _, frame := range []string{
		`{"action":"get_login_info","echo":1}`, `{"action":"get_login_info","params":null}`, `{"action":"get_login_info","params":[]}`,
		`{"action":""}`, `{"echo":{"a":[1,2]}}`, `[]`, `null`, `"x"`, `{"action":"get_login_info_async"}`, `{"action":"no_such"}`,
		`{"action":"get_login_info","params":{"x":1e999}}`, "{\"action\":\"\xff\"}", `{"action":"get_login_info","params":{"a":` + `[[[[[[[[` + `]]]]]]]]}}`,
	} {
		f.Add([]byte(frame))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		r := c.call(context.Background(), frame)
		if r.Status == "" {
			t.Fatalf("%q: no status in %+v", frame, r)
		}
	})
}
