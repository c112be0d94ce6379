package eventfilter

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
)

// Set is the event filter of every bot of a server: each bot reads its own file, the
// server's (--event-filter) until reload_event_filter or set_config names another.
type Set struct {
	mu   sync.RWMutex
	def  loaded
	bots map[int64]loaded
}

// loaded is a filter and the file it was read from; no file means no filter.
type loaded struct {
	file   string
	filter *Filter
}

// NewSet reads the server's filter file, which every bot uses until told otherwise; "" means
// none (every event is delivered).
func NewSet(file string) (*Set, error) {
	s := &Set{bots: map[int64]loaded{}}
	if file == "" {
		return s, nil
	}
	f, err := Load(file)
	if err != nil {
		return nil, err
	}
	s.def = loaded{file: file, filter: f}
	return s, nil
}

// of is the filter bot selfID uses; the caller holds mu.
func (s *Set) of(selfID int64) loaded {
	if l, ok := s.bots[selfID]; ok {
		return l
	}
	return s.def
}

// File is the file bot selfID's filter is read from; "" when it has none.
func (s *Set) File(selfID int64) string {
	if s == nil {
		return ""
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.of(selfID).file
}

// Reload reads bot selfID's filter again from its file (go-cqhttp's reload_event_filter).
// Without a file, the bot delivers every event. On error the filter in use stays.
func (s *Set) Reload(selfID int64) error {
	return s.Use(selfID, s.File(selfID))
}

// Use makes bot selfID's filter the one in file from now on; "" removes its filter. On error
// the filter in use stays. A file named by a call must be a .json file: a client of the API
// names files on the server's disk, and the filter's errors would otherwise probe any of them
// (/etc/shadow) for its first bytes.
func (s *Set) Use(selfID int64, file string) error {
	l := loaded{file: file}
	if file != "" && file != s.File(selfID) && !strings.EqualFold(filepath.Ext(file), ".json") {
		return fmt.Errorf("event filter %s: not a .json file; a filter is JSON rules in a file named *.json", file)
	}
	if file != "" {
		f, err := Load(file)
		if err != nil {
			return err
		}
		l.filter = f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bots[selfID] = l
	return nil
}

// Allows reports whether bot selfID's filter lets the event (its JSON) through.
func (s *Set) Allows(selfID int64, event []byte) bool {
	if s == nil {
		return true
	}
	s.mu.RLock()
	f := s.of(selfID).filter
	s.mu.RUnlock()
	return f.Allows(event)
}
