package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/onespec/onespec/impl"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
	"github.com/onespec/onespec/impl/httpapi"
	"github.com/onespec/onespec/impl/httppost"
	"github.com/onespec/onespec/impl/inflight"
	"github.com/onespec/onespec/impl/runtime"
	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/worlddata"
	"github.com/onespec/onespec/impl/wsapi"
)

// serveConfig is everything `onespec serve` can be told. It is filled in order: defaults, the
// config file (--config, go-cqhttp's shape), environment variables, then flags, so the last
// one given wins.
type serveConfig struct {
	ConfigPath        string
	Addr              string
	WSAddr            string
	AccessToken       string
	WorldToken        string
	LogLevel          string
	MessageFormat     string
	HeartbeatInterval time.Duration
	EventQueue        int
	EventBytes        events.Limits
	EventFilter       string
	WSWriteTimeout    time.Duration
	Grace             time.Duration
	Deferred          dispatch.DeferredOptions
	Limits            runtime.Limits
	Requests          impl.RequestLimits
	AllowedHosts      urlList
	MaxStreams        int
	Reverse           wsapi.ReverseOptions
	Post              httppost.Options
	DataDir           string
	WorldFile         string
	Reset             bool
	Retention         world.Retention
	Media             world.MediaSources
}

func defaultServeConfig() serveConfig {
	return serveConfig{
		Addr:              "127.0.0.1:5700",
		LogLevel:          "info",
		MessageFormat:     "array",
		HeartbeatInterval: 5 * time.Second,
		EventQueue:        1024,
		EventBytes:        events.Limits{HistoryBytes: events.DefaultHistoryBytes, QueueBytes: events.DefaultQueueBytes},
		WSWriteTimeout:    10 * time.Second,
		Grace:             runtime.DefaultGrace,
		Deferred:          dispatch.DeferredOptions{RateLimitInterval: dispatch.DefaultRateLimitInterval, MaxAsync: 64, MaxQueued: 1024, MaxBytes: 64 << 20},
		Limits:            runtime.DefaultLimits,
		Requests:          impl.RequestLimits{MaxBody: httpapi.DefaultMaxBody, MaxValues: inflight.DefaultMaxValues, MaxInFlight: inflight.DefaultMax},
		Reverse:           wsapi.ReverseOptions{AuthScheme: "Bearer", ReconnectInterval: 3 * time.Second},
		Post:              httppost.Options{Timeout: 5 * time.Second, Retries: 2, RetryInterval: time.Second},
		DataDir:           worlddata.DefaultDir(),
		Retention:         world.DefaultRetention,
	}
}

// Environment variables, for secrets that should not sit in a command line or a file.
const (
	envAccessToken = "ONESPEC_ACCESS_TOKEN"
	envPostSecret  = "ONESPEC_POST_SECRET"
	envWorldToken  = "ONESPEC_WORLD_TOKEN"
)

func (c *serveConfig) applyEnv() {
	if v, ok := os.LookupEnv(envAccessToken); ok {
		c.AccessToken = v
	}
	if v, ok := os.LookupEnv(envPostSecret); ok {
		c.Post.Secret = v
	}
	if v, ok := os.LookupEnv(envWorldToken); ok {
		c.WorldToken = v
	}
}

// flags binds every setting to a flag whose default is c's current value.
func (c *serveConfig) flags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: onespec serve [flags]\n\nRuns the reference OneBot v11 server: HTTP API, forward and reverse WebSocket, HTTP POST,\nevent stream, docs at /docs and the world control API at /_world/.\n\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.ConfigPath, "config", c.ConfigPath, "a config file in go-cqhttp's config.yml shape (servers: http/ws/ws-reverse, heartbeat, message.post-format, access-token); flags override it")
	fs.StringVar(&c.Addr, "addr", c.Addr, "address of the HTTP API, forward WebSocket (/, /api, /event), event stream and docs")
	fs.StringVar(&c.WSAddr, "ws-addr", c.WSAddr, "a second address serving forward WebSocket only (go-cqhttp's ws server); empty: none")
	fs.StringVar(&c.AccessToken, "access-token", c.AccessToken, "access token clients must send (env "+envAccessToken+"); empty: none")
	fs.StringVar(&c.WorldToken, "world-token", c.WorldToken, "access token of the world control API under /_world/ (env "+envWorldToken+"); empty: the --access-token; with neither, the control API is open (serve it on loopback only)")
	fs.Var(&c.AllowedHosts, "allowed-hosts", "further host names the server may be called by (comma-separated), beside IP addresses and localhost: a request naming another host is refused where no token protects the API, and on the world control API always (DNS rebinding)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info (every call), warn (failed calls) or error")
	fs.StringVar(&c.MessageFormat, "message-format", c.MessageFormat, "how messages in events are written: array (segments) or string (CQ codes); a WebSocket or event-stream client may ask for the other with ?message_format=")
	fs.DurationVar(&c.HeartbeatInterval, "heartbeat-interval", c.HeartbeatInterval, "interval of heartbeat meta events on event connections (0: none)")
	fs.IntVar(&c.EventQueue, "event-queue", c.EventQueue, "events that may wait for one slow event connection before it loses some (counted)")
	fs.Int64Var(&c.EventBytes.QueueBytes, "event-queue-bytes", c.EventBytes.QueueBytes, "bytes of events that may wait for one slow event connection before it loses some (counted)")
	fs.Int64Var(&c.EventBytes.HistoryBytes, "event-history-bytes", c.EventBytes.HistoryBytes, "bytes of each bot's latest events kept for the control API's list_events (also at most 1000 events)")
	fs.StringVar(&c.EventFilter, "event-filter", c.EventFilter, "event filter file (go-cqhttp's JSON rules, docs/EventFilter.md): events it refuses reach no transport; reload_event_filter reads it again; empty: none")
	fs.DurationVar(&c.WSWriteTimeout, "ws-write-timeout", c.WSWriteTimeout, "longest time to write one WebSocket frame; a client that stops reading is disconnected after it")
	fs.DurationVar(&c.Grace, "shutdown-grace", c.Grace, "on SIGTERM/SIGINT, how long in-flight and queued calls may take to finish")
	fs.DurationVar(&c.Deferred.RateLimitInterval, "rate-limit-interval", c.Deferred.RateLimitInterval, "interval between queued _rate_limited calls (the standard's api.rate_limit_interval)")
	fs.IntVar(&c.Deferred.MaxAsync, "max-async", c.Deferred.MaxAsync, "_async calls running at once; more get retcode 201")
	fs.IntVar(&c.Deferred.MaxQueued, "max-rate-limited", c.Deferred.MaxQueued, "_rate_limited calls waiting; more get retcode 201")
	fs.Int64Var(&c.Deferred.MaxBytes, "max-deferred-bytes", c.Deferred.MaxBytes, "parameter bytes all waiting and running _async/_rate_limited calls may hold; more get retcode 201")
	fs.DurationVar(&c.Limits.WriteTimeout, "write-timeout", c.Limits.WriteTimeout, "longest time to write one HTTP reply")
	fs.DurationVar(&c.Limits.ReadTimeout, "read-timeout", c.Limits.ReadTimeout, "longest time to read one HTTP request, body included")
	fs.IntVar(&c.Limits.MaxHeaderBytes, "max-header-bytes", c.Limits.MaxHeaderBytes, "largest request header block")
	fs.Int64Var(&c.Requests.MaxBody, "max-body-bytes", c.Requests.MaxBody, "largest HTTP request body or WebSocket frame; larger ones get HTTP 413")
	fs.IntVar(&c.Requests.MaxValues, "max-request-values", c.Requests.MaxValues, "JSON values (objects, strings, numbers...) one request may hold; more get HTTP 413 (decoded, a tiny value costs ~100 times its bytes)")
	fs.Int64Var(&c.Requests.MaxInFlight, "max-inflight-bytes", c.Requests.MaxInFlight, "request bytes every request being read or served may hold at once, both APIs and every transport together; a request that does not fit gets HTTP 503")
	fs.IntVar(&c.Limits.MaxConnections, "max-connections", c.Limits.MaxConnections, "connections held at once; at the bound a silent or idle one is closed to make room, or the new one is answered 503")
	fs.IntVar(&c.MaxStreams, "max-streams", c.MaxStreams, "WebSockets and event streams open at once, beyond which new ones get 503 (0: three quarters of --max-connections, so that calls always find room)")
	fs.StringVar(&c.Reverse.URL, "ws-reverse-url", c.Reverse.URL, "reverse WebSocket: the bot's URL for both roles (one Universal connection with --ws-reverse-universal)")
	fs.StringVar(&c.Reverse.APIURL, "ws-reverse-api-url", c.Reverse.APIURL, "reverse WebSocket: the bot's URL for the API role (default --ws-reverse-url)")
	fs.StringVar(&c.Reverse.EventURL, "ws-reverse-event-url", c.Reverse.EventURL, "reverse WebSocket: the bot's URL for the Event role (default --ws-reverse-url)")
	fs.BoolVar(&c.Reverse.Universal, "ws-reverse-universal", c.Reverse.Universal, "reverse WebSocket: one Universal connection instead of API + Event")
	fs.StringVar(&c.Reverse.AuthScheme, "ws-reverse-auth-scheme", c.Reverse.AuthScheme, "reverse WebSocket: Authorization scheme for the access token, Bearer or Token")
	fs.DurationVar(&c.Reverse.ReconnectInterval, "ws-reverse-reconnect-interval", c.Reverse.ReconnectInterval, "reverse WebSocket: first wait before reconnecting (doubles, with jitter, up to 1 min)")
	fs.Var((*urlList)(&c.Post.URLs), "post-url", "HTTP POST: URLs to report events to, comma-separated")
	fs.StringVar(&c.Post.Secret, "post-secret", c.Post.Secret, "HTTP POST: HMAC-SHA1 signing secret for X-Signature (env "+envPostSecret+")")
	fs.DurationVar(&c.Post.Timeout, "post-timeout", c.Post.Timeout, "HTTP POST: timeout of one report")
	fs.IntVar(&c.Post.Retries, "post-retries", c.Post.Retries, "HTTP POST: retries of a report that got no answer or HTTP 5xx")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, `where the world is kept (world.db and media/); ":memory:" keeps it in memory only`)
	fs.StringVar(&c.WorldFile, "world", c.WorldFile, "world file (YAML: accounts, friends, groups, members, messages) to create the world from; default the built-in world the spec's examples use")
	fs.BoolVar(&c.Reset, "reset", c.Reset, "discard the world in --data-dir and start afresh")
	fs.IntVar(&c.Retention.MessagesPerConversation, "retain-messages", c.Retention.MessagesPerConversation, "messages kept per group or private chat (0: no limit)")
	fs.DurationVar(&c.Retention.MaxAge, "retain-age", c.Retention.MaxAge, "messages older than this are forgotten (0: no limit)")
	fs.Int64Var(&c.Retention.MediaBytes, "retain-media-bytes", c.Retention.MediaBytes, "bytes of stored media kept; the oldest go first (0: no limit)")
	fs.Var((*urlList)(&c.Media.LocalRoots), "media-roots", "directories whose files a bot may send by file:// or path when the server listens beyond loopback (comma-separated); on loopback only, any readable path is sent")
	fs.Var((*urlList)(&c.Media.Hosts), "media-hosts", "hosts whose http(s) URLs a bot may send as media, beside loopback (comma-separated); empty: loopback only")
	fs.Int64Var(&c.Media.MaxBytes, "media-max-bytes", c.Media.MaxBytes, "largest file a bot may send by path, URL or base64 (0: 16 MiB)")
	fs.DurationVar(&c.Media.Timeout, "media-timeout", c.Media.Timeout, "longest time to fetch one media URL, redirects included (0: 10s)")
	return fs
}

// urlList is a comma-separated flag that replaces the list it is given.
type urlList []string

func (l *urlList) String() string { return strings.Join(*l, ",") }

func (l *urlList) Set(s string) error {
	*l = nil
	for _, u := range strings.Split(s, ",") {
		if u = strings.TrimSpace(u); u != "" {
			*l = append(*l, u)
		}
	}
	return nil
}

// loadServeConfig reads the settings from args, the environment and the config file args name.
// Asked for help, it prints the usage to stdout and returns errHelpShown.
func loadServeConfig(args []string, stdout, stderr io.Writer) (serveConfig, error) {
	cfg := defaultServeConfig()
	cfg.applyEnv()
	if err := parseFlags(cfg.flags(stderr), args, stdout, stderr); err != nil {
		return cfg, err
	}
	if cfg.ConfigPath == "" {
		return cfg, nil
	}
	fromFile := defaultServeConfig()
	if err := readGocqConfig(cfg.ConfigPath, &fromFile); err != nil {
		return cfg, fmt.Errorf("--config %s: %w", cfg.ConfigPath, err)
	}
	fromFile.applyEnv()
	// The flags once more, over the file's values: what the command line says wins.
	if err := fromFile.flags(io.Discard).Parse(args); err != nil {
		return cfg, errUsage
	}
	return fromFile, nil
}

// gocqConfig is the part of go-cqhttp's config.yml that means something for a simulated
// implementation. Everything else in such a file (account, database, output...) is ignored,
// so an existing go-cqhttp config can be used as it is.
type gocqConfig struct {
	AccessToken string `yaml:"access-token"` // onespec: one token for every server
	Heartbeat   struct {
		Interval *int `yaml:"interval"` // seconds; 0 or less: none
	} `yaml:"heartbeat"`
	Message struct {
		PostFormat string `yaml:"post-format"`
	} `yaml:"message"`
	DefaultMiddlewares gocqMiddlewares `yaml:"default-middlewares"`
	Servers            []struct {
		HTTP *struct {
			Address     string          `yaml:"address"`
			Host        string          `yaml:"host"`
			Port        int             `yaml:"port"`
			Timeout     int             `yaml:"timeout"`
			Middlewares gocqMiddlewares `yaml:"middlewares"`
			Post        []struct {
				URL             string `yaml:"url"`
				Secret          string `yaml:"secret"`
				MaxRetries      *int   `yaml:"max-retries"`
				RetriesInterval int    `yaml:"retries-interval"` // milliseconds
			} `yaml:"post"`
		} `yaml:"http"`
		WS *struct {
			Address     string          `yaml:"address"`
			Host        string          `yaml:"host"`
			Port        int             `yaml:"port"`
			Middlewares gocqMiddlewares `yaml:"middlewares"`
		} `yaml:"ws"`
		WSReverse *struct {
			Universal         string          `yaml:"universal"`
			API               string          `yaml:"api"`
			Event             string          `yaml:"event"`
			ReconnectInterval int             `yaml:"reconnect-interval"` // milliseconds
			Middlewares       gocqMiddlewares `yaml:"middlewares"`
		} `yaml:"ws-reverse"`
	} `yaml:"servers"`
}

type gocqMiddlewares struct {
	AccessToken string `yaml:"access-token"`
	Filter      string `yaml:"filter"` // onespec: one event filter for every server
}

// readGocqConfig applies a go-cqhttp-shaped file to cfg.
func readGocqConfig(path string, cfg *serveConfig) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return applyGocqConfig(raw, cfg)
}

// applyGocqConfig applies the text of a go-cqhttp-shaped file to cfg.
func applyGocqConfig(raw []byte, cfg *serveConfig) error {
	var f gocqConfig
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return err
	}
	token := func(mw gocqMiddlewares) {
		if mw.AccessToken != "" {
			cfg.AccessToken = mw.AccessToken
		}
		if mw.Filter != "" {
			cfg.EventFilter = mw.Filter
		}
	}
	token(f.DefaultMiddlewares)
	if f.Heartbeat.Interval != nil {
		cfg.HeartbeatInterval = max(time.Duration(*f.Heartbeat.Interval)*time.Second, 0)
	}
	if f.Message.PostFormat != "" {
		cfg.MessageFormat = f.Message.PostFormat
	}
	addr := func(address, host string, port int) string {
		if address != "" {
			return address
		}
		if port != 0 {
			return fmt.Sprintf("%s:%d", host, port)
		}
		return ""
	}
	var servers int
	for i, s := range f.Servers {
		switch {
		case s.HTTP != nil:
			if a := addr(s.HTTP.Address, s.HTTP.Host, s.HTTP.Port); a != "" {
				cfg.Addr = a
			}
			if s.HTTP.Timeout > 0 {
				cfg.Post.Timeout = time.Duration(s.HTTP.Timeout) * time.Second
			}
			token(s.HTTP.Middlewares)
			for _, p := range s.HTTP.Post {
				if p.URL == "" {
					continue
				}
				cfg.Post.URLs = append(cfg.Post.URLs, p.URL)
				if p.Secret != "" {
					cfg.Post.Secret = p.Secret
				}
				if p.MaxRetries != nil {
					cfg.Post.Retries = *p.MaxRetries
				}
				if p.RetriesInterval > 0 {
					cfg.Post.RetryInterval = time.Duration(p.RetriesInterval) * time.Millisecond
				}
			}
		case s.WS != nil:
			cfg.WSAddr = addr(s.WS.Address, s.WS.Host, s.WS.Port)
			token(s.WS.Middlewares)
		case s.WSReverse != nil:
			cfg.Reverse.URL = s.WSReverse.Universal
			cfg.Reverse.Universal = s.WSReverse.Universal != ""
			cfg.Reverse.APIURL, cfg.Reverse.EventURL = s.WSReverse.API, s.WSReverse.Event
			if s.WSReverse.ReconnectInterval > 0 {
				cfg.Reverse.ReconnectInterval = time.Duration(s.WSReverse.ReconnectInterval) * time.Millisecond
			}
			token(s.WSReverse.Middlewares)
		default:
			return fmt.Errorf("servers[%d]: not an http, ws or ws-reverse server", i)
		}
		servers++
	}
	if f.AccessToken != "" {
		cfg.AccessToken = f.AccessToken
	}
	if len(f.Servers) > 0 && servers == 0 {
		return errors.New("servers: none of them is an http, ws or ws-reverse server")
	}
	return nil
}
