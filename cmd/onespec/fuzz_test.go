package main

import (
	"testing"
)

// FuzzGocqConfig feeds arbitrary config files (go-cqhttp's config.yml shape) to the reader:
// an error or settings, never a panic.
func FuzzGocqConfig(f *testing.F) {
	for _, s := range []string{
		"", "access-token: t\nheartbeat: {interval: 5}\nmessage: {post-format: string}\n",
		"servers:\n  - http: {host: 127.0.0.1, port: 5700, post: [{url: 'http://x/', secret: s, max-retries: 3}]}\n  - ws: {address: 0.0.0.0:6700}\n  - ws-reverse: {universal: ws://x/, reconnect-interval: 100}\n",
		"servers: [{}]", "servers: [{pprof: {}}]", "heartbeat: {interval: -1}", "servers: 1", "a: &a [*a]", "{{", "heartbeat: {interval: 99999999999999999999}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cfg := defaultServeConfig()
		_ = applyGocqConfig([]byte(s), &cfg)
	})
}
