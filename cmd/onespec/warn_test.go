package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// Serving beyond loopback without a token is warned of, per API; loopback, or a token, is not.
func TestWarnUnprotected(t *testing.T) {
	for _, tc := range []struct {
		addr, token, worldToken string
		want                    []string
	}{
		{"0.0.0.0:5700", "", "", []string{"OneBot API is served beyond", "world control API is served beyond"}},
		{"192.168.1.2:5700", "", "w", []string{"OneBot API is served beyond"}},
		{"[::]:5700", "t", "", nil},
		{"127.0.0.1:5700", "", "", nil},
		{"localhost:5700", "", "", nil},
		{"[::1]:5700", "", "", nil},
	} {
		var buf bytes.Buffer
		cfg := defaultServeConfig()
		cfg.AccessToken, cfg.WorldToken = tc.token, tc.worldToken
		warnUnprotected(slog.New(slog.NewTextHandler(&buf, nil)), cfg, tc.addr)
		if got := strings.Count(buf.String(), "level=WARN"); got != len(tc.want) {
			t.Errorf("%s token=%q world=%q: %d warnings, want %d:\n%s", tc.addr, tc.token, tc.worldToken, got, len(tc.want), buf.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s: no warning %q", tc.addr, w)
			}
		}
	}
}
