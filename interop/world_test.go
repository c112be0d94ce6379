package interop

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
)

// worldCaller calls the world control API in process, as a test driving simulated users
// does, and fails t when a call fails. It returns the call's data as JSON.
func worldCaller(t *testing.T, api *impl.API) func(op string, params map[string]any) json.RawMessage {
	return func(op string, params map[string]any) json.RawMessage {
		t.Helper()
		r := api.WorldDispatcher.Dispatch(context.Background(), dispatch.Call{Action: op, Params: params})
		if r.Retcode != 0 {
			t.Fatalf("%s: %d %s", op, r.Retcode, r.Message)
		}
		raw, err := json.Marshal(r.Data)
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		return raw
	}
}
