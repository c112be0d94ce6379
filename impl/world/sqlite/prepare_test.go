package sqlite

import (
	"context"
	"testing"
)

// Statements are prepared at their first use (Store.prepared), so a query with a typo would
// otherwise fail only when an action first reaches it: every registered query must prepare
// against the migrated schema.
func TestEveryQueryPrepares(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	conn, err := s.acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range queries {
		if _, err := s.prepared(ctx, q); err != nil {
			t.Error(err)
		}
	}
	if len(s.stmts) == 0 {
		t.Fatal("no query registered")
	}
}
