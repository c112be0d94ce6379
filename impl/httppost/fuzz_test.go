package httppost

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

// FuzzQuickOperation feeds arbitrary answers of a bot's HTTP POST endpoint (and events) to the
// quick operation decoder: whatever the bot answers, no panic, only an error.
func FuzzQuickOperation(f *testing.F) {
	m := mocks.NewStrictServerInterface(f)
	m.EXPECT().HandleQuickOperation(mock.Anything, mock.Anything).Return(
		gen.HandleQuickOperation200JSONResponse(openapi.Envelope[*struct{}]{Status: string(gen.StatusOk)}), nil).Maybe()
	doc, err := openapi.Doc()
	if err != nil {
		f.Fatal(err)
	}
	d, err := dispatch.NewFor(doc, gen.Actions, gen.StrictServerInterface(m), dispatch.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	p := New(d, events.NewHub(), Options{SelfID: 10001})
	event := `{"post_type":"message","message_type":"group","group_id":20001,"user_id":10002,"message_id":1,"message":[{"type":"text","data":{"text":"hi"}}],"self_id":10001}`
	for _, answer := range []string{``, `{}`, `null`, `[]`, `{"reply":"pong"}`, `{"reply":[{"type":"text","data":{"text":"x"}}],"at_sender":true}`,
		`{"delete":true,"kick":true,"ban":true,"ban_duration":60}`, `{"approve":true,"remark":"r"}`, `{"reply":1e400}`, `{"reply":"` + "\xff" + `"}`, `{"a":` + `[[[[[[[[[[` + `]]]]]]]]]]}`} {
		f.Add(event, answer)
	}
	f.Add(`{"post_type":"request","request_type":"friend","flag":"f","user_id":10002}`, `{"approve":false}`)
	f.Add(`not json`, `{"reply":"x"}`)
	f.Fuzz(func(t *testing.T, event, answer string) {
		_ = p.quickOperation([]byte(event), []byte(answer))
	})
}
