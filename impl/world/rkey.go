package world

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// rkeys are the keys QQ appends to the download URLs of images (…&rkey=…): one for private
// chats and one for groups, issued per account for a while. The world stands in for QQ's key
// service: an account's key is derived from the account, the kind and the time window, so it
// is the same for every call within a window, changes with the next, differs between accounts,
// and can be checked by whoever serves the media (ValidRKey) without storing anything.

// RKeyKind is what an rkey is for: QQ's type 10 (private chats) or 20 (groups).
type RKeyKind int32

const (
	PrivateRKey RKeyKind = 10
	GroupRKey   RKeyKind = 20
)

// String is the kind as NapCat names it.
func (k RKeyKind) String() string {
	if k == PrivateRKey {
		return "private"
	}
	return "group"
}

// RKeyTTL is how long an rkey is issued for, in seconds (QQ's keys last about an hour).
const RKeyTTL = 3600

// RKey is one key: Value as QQ hands it (with its "&rkey=" prefix), valid from Created for TTL
// seconds.
type RKey struct {
	Kind    RKeyKind
	Value   string
	Created int64
	TTL     int64
}

// rkeyPrefix is how QQ hands an rkey: ready to be appended to a URL.
const rkeyPrefix = "&rkey="

// rkeySalt makes the derived keys onespec's own.
var rkeySalt = []byte("onespec rkey v1")

func deriveRKey(self int64, kind RKeyKind, window int64) string {
	mac := hmac.New(sha256.New, rkeySalt)
	mac.Write([]byte(strconv.FormatInt(self, 10) + "|" + strconv.Itoa(int(kind)) + "|" + strconv.FormatInt(window, 10)))
	return "CAQS" + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func rkeyAt(self int64, kind RKeyKind, now int64) RKey {
	window := now / RKeyTTL
	return RKey{Kind: kind, Value: rkeyPrefix + deriveRKey(self, kind, window), Created: window * RKeyTTL, TTL: RKeyTTL}
}

// RKeys are the actor's current keys, private then group.
func (a *Actor) RKeys(ctx context.Context) ([]RKey, error) {
	var out []RKey
	err := a.view(ctx, func(o *act) error {
		out = []RKey{rkeyAt(o.self, PrivateRKey, o.now), rkeyAt(o.self, GroupRKey, o.now)}
		return nil
	})
	return out, err
}

// ValidRKey says whether rkey (with or without its "&rkey=" prefix) is a key of the actor's,
// for either kind, of the current window or of the one before (a URL handed out just before
// the window turned still works for a while, as QQ's do).
func (a *Actor) ValidRKey(ctx context.Context, rkey string) (bool, error) {
	rkey = strings.TrimPrefix(rkey, rkeyPrefix)
	var ok bool
	err := a.view(ctx, func(o *act) error {
		ok = false
		window := o.now / RKeyTTL
		for _, kind := range []RKeyKind{PrivateRKey, GroupRKey} {
			for _, w := range []int64{window, window - 1} {
				if hmac.Equal([]byte(rkey), []byte(deriveRKey(o.self, kind, w))) {
					ok = true
				}
			}
		}
		return nil
	})
	return ok, err
}
