// Package inflight bounds what the requests a server is serving hold at once, in bytes: every
// transport that reads a peer's request (HTTP bodies, WebSocket frames) takes its bytes from one
// shared Budget before holding them, and looks at a JSON body's shape (CountValues) before
// decoding it, so that no number of peers, authenticated or not, can make the server hold more.
package inflight

import "sync"

// DefaultMax is the default budget: two maximal HTTP bodies (32 MiB each).
const DefaultMax = 64 << 20

// DefaultMaxValues bounds the JSON values (objects, arrays, strings, numbers...) of one
// request: decoded, a tiny value costs a hundred times its bytes, so a byte limit alone does
// not bound memory (800,000 one-letter segments fit in 28 MB and decode to gigabytes). 20,000
// is far above any real call: a 100-node forward of 10 segments each is ~5,000.
const DefaultMaxValues = 20000

// Budget bounds the request body bytes held at once by every request sharing it. A request
// takes its bytes as it reads them and gives them back when answered; a request that finds the
// budget spent is refused at once (503) rather than queued, so that waiting requests hold
// nothing either.
type Budget struct {
	mu        sync.Mutex
	max, used int64
}

// NewBudget returns a budget of max bytes; max <= 0 means DefaultMax.
func NewBudget(max int64) *Budget {
	if max <= 0 {
		max = DefaultMax
	}
	return &Budget{max: max}
}

// Take reserves n bytes, or reports false when fewer remain.
func (b *Budget) Take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.max {
		return false
	}
	b.used += n
	return true
}

// Give returns n bytes taken before.
func (b *Budget) Give(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
}

// Used is the bytes held now.
func (b *Budget) Used() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// CountValues counts the JSON values of body (every object, array, string, number, true, false
// and null, nested ones included) and stops past max: a cheap look at a body's shape before
// decoding it. Malformed JSON is counted too; the decoder reports it.
func CountValues(body []byte, max int) (n int, ok bool) {
	inString, escaped, inScalar := false, false, false
	for _, c := range body {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"', '{', '[':
			n++
			inScalar = false
			inString = c == '"'
		case ',', ':', ']', '}', ' ', '\t', '\n', '\r':
			inScalar = false
		default:
			if !inScalar {
				n++
				inScalar = true
			}
		}
		if n > max {
			return n, false
		}
	}
	return n, true
}
