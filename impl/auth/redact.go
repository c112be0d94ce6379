package auth

import (
	"net/url"
	"strings"
)

// secretParams are query parameters that carry credentials in the URLs bots are given
// (?access_token= is the standard's own).
var secretParams = []string{"access_token", "token", "secret", "key", "password", "passwd", "pass", "auth", "sign", "signature", "ticket"}

// RedactURL is raw fit to be logged or reported: a password in it (user:pass@) and the values
// of query parameters that carry credentials are replaced by "xxxxx". Something that is not
// a URL is replaced whole, since it may be a secret.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for name := range q {
			if secretParam(name) {
				q[name] = []string{"xxxxx"}
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// RedactError is err's text with every credential of raw (its password, the values of its
// credential parameters) replaced by "xxxxx": errors of HTTP and WebSocket clients quote the
// URL they failed on, in forms of their own.
func RedactError(err error, raw string) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	for _, secret := range secretsOf(raw) {
		msg = strings.ReplaceAll(msg, secret, "xxxxx")
	}
	return msg
}

// secretsOf lists the credentials written in raw.
func secretsOf(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return []string{raw}
	}
	var out []string
	if u.User != nil {
		if p, has := u.User.Password(); has && p != "" {
			out = append(out, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	for name, values := range u.Query() {
		if !secretParam(name) {
			continue
		}
		for _, v := range values {
			if v != "" {
				out = append(out, v, url.QueryEscape(v))
			}
		}
	}
	return out
}

func secretParam(name string) bool {
	lower := strings.ToLower(name)
	if strings.Contains(lower, "token") {
		return true
	}
	for _, s := range secretParams {
		if lower == s {
			return true
		}
	}
	return false
}
