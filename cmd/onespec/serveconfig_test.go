package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A go-cqhttp config.yml, as users have them: anchors, merge keys, keys onespec ignores.
const gocqConfigYAML = `account:
  uin: 1233456
  password: ''
heartbeat:
  interval: 10
message:
  post-format: string
  ignore-invalid-cqcode: false
default-middlewares: &default
  access-token: 'from-file'
  filter: ''
  rate-limit:
    enabled: false
database:
  leveldb:
    enable: true
servers:
  - http:
      address: 127.0.0.1:5800
      timeout: 7
      middlewares:
        <<: *default
      post:
        - url: 'http://127.0.0.1:8080/onebot'
          secret: 'sig'
          max-retries: 5
          retries-interval: 1500
  - ws:
      address: 127.0.0.1:6700
      middlewares:
        <<: *default
  - ws-reverse:
      universal: ws://127.0.0.1:8080/onebot/v11/ws
      reconnect-interval: 2000
      middlewares:
        <<: *default
`

func TestServeConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(path, []byte(gocqConfigYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(bad, []byte("heartbeat:\n  interval: soon\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	filtered := filepath.Join(dir, "filtered.yml")
	if err := os.WriteFile(filtered, []byte(strings.Replace(gocqConfigYAML, "filter: ''", "filter: 'filter.json'", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c serveConfig)
		wantErr string
	}{
		{name: "defaults", check: func(t *testing.T, c serveConfig) {
			if c.Addr != "127.0.0.1:5700" || c.MessageFormat != "array" || c.HeartbeatInterval != 5*time.Second || len(c.Post.URLs) != 0 || c.WorldToken != "" {
				t.Errorf("%+v", c)
			}
		}},
		{name: "a go-cqhttp file", args: []string{"--config", path}, check: func(t *testing.T, c serveConfig) {
			if c.Addr != "127.0.0.1:5800" || c.WSAddr != "127.0.0.1:6700" || c.AccessToken != "from-file" {
				t.Errorf("servers: %q %q %q", c.Addr, c.WSAddr, c.AccessToken)
			}
			if c.HeartbeatInterval != 10*time.Second || c.MessageFormat != "string" {
				t.Errorf("heartbeat %v, format %q", c.HeartbeatInterval, c.MessageFormat)
			}
			if strings.Join(c.Post.URLs, ",") != "http://127.0.0.1:8080/onebot" || c.Post.Secret != "sig" || c.Post.Retries != 5 ||
				c.Post.RetryInterval != 1500*time.Millisecond || c.Post.Timeout != 7*time.Second {
				t.Errorf("post %+v", c.Post)
			}
			if !c.Reverse.Universal || c.Reverse.URL != "ws://127.0.0.1:8080/onebot/v11/ws" || c.Reverse.ReconnectInterval != 2*time.Second {
				t.Errorf("reverse %+v", c.Reverse)
			}
		}},
		{name: "the environment beats the file", args: []string{"--config", path}, env: map[string]string{envAccessToken: "from-env"},
			check: func(t *testing.T, c serveConfig) {
				if c.AccessToken != "from-env" {
					t.Errorf("token %q", c.AccessToken)
				}
			}},
		{name: "flags beat both, wherever they stand", args: []string{"--access-token", "from-flag", "--config", path, "--post-url", "http://a,http://b"},
			env: map[string]string{envAccessToken: "from-env"},
			check: func(t *testing.T, c serveConfig) {
				if c.AccessToken != "from-flag" || strings.Join(c.Post.URLs, ",") != "http://a,http://b" || c.Addr != "127.0.0.1:5800" {
					t.Errorf("token %q, post %v, addr %q", c.AccessToken, c.Post.URLs, c.Addr)
				}
			}},
		{name: "the world token: none by default, its own flag and variable", args: []string{"--access-token", "onebot"}, env: map[string]string{envWorldToken: "from-env"},
			check: func(t *testing.T, c serveConfig) {
				if c.WorldToken != "from-env" || c.AccessToken != "onebot" {
					t.Errorf("world token %q, access token %q", c.WorldToken, c.AccessToken)
				}
				d, err := loadServeConfig([]string{"--world-token", "from-flag"}, io.Discard, io.Discard)
				if err != nil || d.WorldToken != "from-flag" {
					t.Errorf("--world-token: %q %v", d.WorldToken, err)
				}
			}},
		{name: "go-cqhttp's middlewares.filter, and --event-filter over it", args: []string{"--config", filtered},
			check: func(t *testing.T, c serveConfig) {
				if c.EventFilter != "filter.json" {
					t.Errorf("event filter %q", c.EventFilter)
				}
				d, err := loadServeConfig([]string{"--config", filtered, "--event-filter", "mine.json"}, io.Discard, io.Discard)
				if err != nil || d.EventFilter != "mine.json" {
					t.Errorf("--event-filter: %q %v", d.EventFilter, err)
				}
			}},
		{name: "a bad value names its line", args: []string{"--config", bad}, wantErr: "line 2"},
		{name: "a missing file", args: []string{"--config", filepath.Join(dir, "none.yml")}, wantErr: "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{envAccessToken, envPostSecret, envWorldToken} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := loadServeConfig(tt.args, io.Discard, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
