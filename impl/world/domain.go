// Package world is the simulated QQ universe the reference server acts on: accounts (bots and
// simulated users are the same kind of thing), friendships, groups with their members, messages,
// forwards, files and pending requests. A bot sees the universe through a Bot view: its
// friends, its groups, the messages it can see. The world knows QQ's rules (who may kick whom,
// who may recall what) and nothing about OneBot's wire format or HTTP.
//
// State lives in a Store (package world/sqlite is the embedded engine); every world operation
// is one store transaction, committed before the operation returns, so an answered call is
// durable. Operations record the domain changes they made (Change) for the events to come.
//
// Errors wrap ErrNotFound (the thing named does not exist for this account: retcode 102),
// ErrNotPermitted (QQ's rules forbid it: 103) or ErrInvalid (the request contradicts itself:
// 1400), and say which rule.
package world

import (
	"errors"
)

var (
	ErrNotFound     = errors.New("not found")
	ErrNotPermitted = errors.New("not permitted")
	ErrInvalid      = errors.New("invalid request")
)
