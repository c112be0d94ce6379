package wsapi

import (
	"testing"
	"time"
)

// A bot that accepts the reverse connection and drops it at once does not reset the backoff;
// a connection that held does.
func TestBackoffAfterConnection(t *testing.T) {
	o := ReverseOptions{ReconnectInterval: 3 * time.Second, MaxReconnectInterval: time.Minute}
	for _, tc := range []struct {
		wait, lasted, want time.Duration
	}{
		{24 * time.Second, 10 * time.Millisecond, 24 * time.Second},
		{24 * time.Second, 59 * time.Second, 24 * time.Second},
		{24 * time.Second, time.Minute, 3 * time.Second},
		{time.Minute, time.Hour, 3 * time.Second},
	} {
		if got := o.afterConnection(tc.wait, tc.lasted); got != tc.want {
			t.Errorf("wait %s, lasted %s: next %s, want %s", tc.wait, tc.lasted, got, tc.want)
		}
	}
}
