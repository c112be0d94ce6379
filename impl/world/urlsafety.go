package world

import (
	"context"
	"fmt"
	"net/url"
)

// URL safety (check_url_safely): QQ's URL check is a Tencent service, so the world answers
// what a test scripted for a URL (the world control API, the seed), and "safe" for any other.

// QQ's URL safety levels.
const (
	URLSafe      int32 = 1
	URLUnknown   int32 = 2
	URLDangerous int32 = 3
)

const maxURLBytes = 4096

// URLSafetyStore keeps the scripted safety level of URLs.
type URLSafetyStore interface {
	// Get is the level scripted for a URL; ok is false when none was.
	Get(url string) (level int32, ok bool, err error)
	Put(url string, level int32) error
}

// checkURL refuses what is no URL at all.
func checkURL(raw string) error {
	if raw == "" || len(raw) > maxURLBytes {
		return fmt.Errorf("url: %d bytes; 1 to %d: %w", len(raw), maxURLBytes, ErrInvalid)
	}
	if _, err := url.Parse(raw); err != nil {
		return fmt.Errorf("url %q: %v: %w", raw, err, ErrInvalid)
	}
	return nil
}

// URLSafety is the safety level of a URL: what was scripted for it, else safe.
func (a *Actor) URLSafety(ctx context.Context, raw string) (int32, error) {
	var level int32
	err := a.view(ctx, func(o *act) error {
		if err := checkURL(raw); err != nil {
			return err
		}
		l, ok, err := o.tx.URLSafety().Get(raw)
		level = URLSafe
		if ok {
			level = l
		}
		return err
	})
	return level, err
}

// ScriptURLSafety sets the level check_url_safely answers for a URL from now on (the world
// control API).
func (w *World) ScriptURLSafety(ctx context.Context, raw string, level int32) error {
	return w.update(ctx, func(o *op) error { return scriptURLSafety(o, raw, level) })
}

// ScriptURLSafety sets the level check_url_safely answers for a URL (the seed, world files).
func (u *Universe) ScriptURLSafety(raw string, level int32) error {
	return scriptURLSafety(u.o, raw, level)
}

func scriptURLSafety(o *op, raw string, level int32) error {
	if err := checkURL(raw); err != nil {
		return err
	}
	if level < URLSafe || level > URLDangerous {
		return fmt.Errorf("level %d: 1 safe, 2 unknown or 3 dangerous: %w", level, ErrInvalid)
	}
	o.record(&URLSafetyScripted{URL: raw, Level: level})
	return o.tx.URLSafety().Put(raw, level)
}

// URLSafetyScripted: a test set the safety level of URL. No bot is told.
type URLSafetyScripted struct {
	Head
	unseen
	URL   string
	Level int32
}
