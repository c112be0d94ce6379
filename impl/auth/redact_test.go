package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ws://127.0.0.1:8080/onebot/v11/ws", "ws://127.0.0.1:8080/onebot/v11/ws"},
		{"http://bot:hunter2@example.com/post", "http://bot:xxxxx@example.com/post"},
		{"ws://example.com/ws?access_token=s3cret&x=1", "ws://example.com/ws?access_token=xxxxx&x=1"},
		{"http://example.com/?myToken=abc", "http://example.com/?myToken=xxxxx"},
		{"http://user@example.com/", "http://user@example.com/"},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	raw := "ws://bot:hunter2@example.com/?access_token=s3cret"
	msg := RedactError(errors.New(`failed to dial "`+raw+`": refused (hunter2)`), raw)
	if strings.Contains(msg, "hunter2") || strings.Contains(msg, "s3cret") {
		t.Errorf("a secret in the error: %s", msg)
	}
}
