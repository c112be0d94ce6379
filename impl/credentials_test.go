package impl

import "testing"

// A client key is the account's own: the same on every call, another for another account.
func TestClientKeyPerAccount(t *testing.T) {
	a, b := clientKey(10001), clientKey(10002)
	if a != clientKey(10001) || a == b || len(a) != 64 {
		t.Errorf("client keys %q and %q: want stable, distinct, 64 hex digits", a, b)
	}
}
