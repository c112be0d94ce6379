// Package httppost reports a bot's events by HTTP POST (communication/http-post.md): each event
// is POSTed as JSON to every configured URL, signed with HMAC-SHA1 when a secret is set, and
// the bot's answer, a quick operation, is applied through the same dispatcher as any call
// (.handle_quick_operation).
package httppost

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/botapi"
	"github.com/onespec/onespec/gen/core"
	"github.com/onespec/onespec/impl/auth"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/events"
)

// Options configure event reporting.
type Options struct {
	// URLs receive every event; none disables reporting.
	URLs []string
	// Secret, when set, signs each body: X-Signature: sha1=<hex HMAC-SHA1(secret, body)>.
	Secret string
	// SelfID is the bot whose events are reported (X-Self-ID).
	SelfID int64
	// Format is how messages in events are written.
	Format events.Format
	// Timeout bounds one POST, answer included; 0 means 5 s.
	Timeout time.Duration
	// Retries is how many times a POST that failed (no answer, or HTTP 5xx) is tried again;
	// RetryInterval spaces the tries (0 means 1 s). A 4xx answer is not retried.
	Retries       int
	RetryInterval time.Duration
	// Queue bounds the events waiting for one URL; beyond it events are dropped, counted.
	// 0 means 1024.
	Queue int
	// Client sends the POSTs; nil uses a client with Timeout.
	Client *http.Client
	// Log receives failed reports; nil discards.
	Log *slog.Logger
}

// Poster reports events to the configured URLs, one worker per URL, in order.
type Poster struct {
	d    *dispatch.Dispatcher
	hub  *events.Hub
	opts Options
	log  *slog.Logger

	subs []*events.Subscription
	wg   sync.WaitGroup
	// stopping is closed when Shutdown begins: queued events still get their one try, but no
	// retry waits any longer for a bot that is failing.
	stopping chan struct{}
	stopOnce sync.Once
	posted   atomic.Int64
	failed   atomic.Int64
}

// New returns a poster for hub's events, applying quick operations through d.
func New(d *dispatch.Dispatcher, hub *events.Hub, opts Options) *Poster {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.RetryInterval <= 0 {
		opts.RetryInterval = time.Second
	}
	if opts.Queue <= 0 {
		opts.Queue = 1024
	}
	if opts.Format == "" {
		opts.Format = events.FormatArray
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: opts.Timeout}
	}
	p := &Poster{d: d, hub: hub, opts: opts, log: opts.Log, stopping: make(chan struct{})}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	return p
}

// Start subscribes a worker per URL.
func (p *Poster) Start() {
	for _, url := range p.opts.URLs {
		// One client per URL: the request is the one the bot-side document describes
		// (openapi/bot.yaml), built by its generated client.
		client, err := botapi.NewClient(url, botapi.WithHTTPClient(p.opts.Client), botapi.WithRequestEditorFn(
			func(_ context.Context, req *http.Request) error {
				req.Header.Set("User-Agent", "onespec")
				return nil
			}))
		if err != nil {
			p.log.Error("http post: no client for this URL; its events are not reported", "url", auth.RedactURL(url), "err", auth.RedactError(err, url))
			continue
		}
		sub := p.hub.Subscribe(p.opts.SelfID, p.opts.Queue)
		p.subs = append(p.subs, sub)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for ev := range sub.Events() {
				sub.Taken(ev)
				if p.report(client, url, ev) {
					sub.Delivered()
				}
			}
		}()
	}
}

// Stats are the events posted and the posts that failed after their retries.
func (p *Poster) Stats() (posted, failed int64) { return p.posted.Load(), p.failed.Load() }

// Shutdown stops taking events and lets the workers post what is queued until ctx ends.
func (p *Poster) Shutdown(ctx context.Context) error {
	p.stopOnce.Do(func() { close(p.stopping) })
	for _, s := range p.subs {
		s.Close()
	}
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errors.New("http post: events still being reported at the shutdown deadline")
	}
}

// report posts one event to url and applies the quick operation it answers with.
func (p *Poster) report(client *botapi.Client, url string, ev *events.Event) bool {
	body, err := ev.JSON(p.opts.Format)
	if err != nil {
		p.log.Error("http post: encoding an event", "err", err)
		return false
	}
	answer, err := p.post(client, body)
	if err != nil {
		p.failed.Add(1)
		p.log.Warn("http post: event not reported", "url", auth.RedactURL(url), "err", auth.RedactError(err, url))
		return false
	}
	p.posted.Add(1)
	if err := p.quickOperation(body, answer); err != nil {
		p.log.Warn("http post: quick operation not applied", "url", auth.RedactURL(url), "err", auth.RedactError(err, url))
	}
	return true
}

// post sends body, retrying failures that may pass, and returns the answer's body.
func (p *Poster) post(client *botapi.Client, body []byte) ([]byte, error) {
	var err error
	for try := 0; try <= p.opts.Retries; try++ {
		if try > 0 {
			select {
			case <-time.After(p.opts.RetryInterval):
			case <-p.stopping:
				return nil, fmt.Errorf("%w (not retried: shutting down)", err)
			}
		}
		var answer []byte
		var retry bool
		answer, retry, err = p.postOnce(client, body)
		if err == nil || !retry {
			return answer, err
		}
	}
	return nil, err
}

func (p *Poster) postOnce(client *botapi.Client, body []byte) (answer []byte, retry bool, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), p.opts.Timeout)
	defer cancel()
	params := &botapi.PostEventParams{XSelfID: p.opts.SelfID}
	if p.opts.Secret != "" {
		sig := Sign(p.opts.Secret, body)
		params.XSignature = &sig
	}
	res, err := client.PostEventWithBody(ctx, params, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, true, err
	}
	defer res.Body.Close()
	answer, err = io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, true, fmt.Errorf("reading the answer: %w", err)
	}
	switch {
	case res.StatusCode >= 500:
		return nil, true, fmt.Errorf("the bot answered HTTP %d", res.StatusCode)
	case res.StatusCode >= 300:
		return nil, false, fmt.Errorf("the bot answered HTTP %d", res.StatusCode)
	case res.StatusCode == http.StatusNoContent:
		return nil, false, nil
	}
	return answer, false, nil
}

// Sign is the X-Signature of body: "sha1=" and the hex HMAC-SHA1 of body keyed by secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(body)
	return "sha1=" + hex.EncodeToString(mac.Sum(nil))
}

// quickOperation applies the answer to an event; an empty answer or {} means none.
func (p *Poster) quickOperation(event, answer []byte) error {
	answer = bytes.TrimSpace(answer)
	if len(answer) == 0 {
		return nil
	}
	var op map[string]any
	dec := json.NewDecoder(bytes.NewReader(answer))
	dec.UseNumber()
	if err := dec.Decode(&op); err != nil {
		return fmt.Errorf("the answer is not a JSON object of a quick operation: %w", err)
	}
	if len(op) == 0 {
		return nil
	}
	var ctx map[string]any
	dec = json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	if err := dec.Decode(&ctx); err != nil {
		return err
	}
	r := p.d.Dispatch(context.Background(), dispatch.Call{
		Action: gen.ActionHandleQuickOperation,
		Params: map[string]any{"context": ctx, "operation": op},
		SelfID: p.opts.SelfID,
	})
	if r.Status == string(core.StatusFailed) {
		return fmt.Errorf("retcode %d: %s", r.Retcode, r.Message)
	}
	return nil
}
