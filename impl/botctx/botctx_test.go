package botctx

import (
	"context"
	"testing"
)

func TestSelfID(t *testing.T) {
	if id, ok := SelfID(context.Background()); ok || id != 0 {
		t.Fatalf("empty context: %d, %v", id, ok)
	}
	ctx := With(context.Background(), 10001)
	if id, ok := SelfID(With(ctx, 10002)); !ok || id != 10002 {
		t.Fatalf("inner bot wins: %d, %v", id, ok)
	}
	if id, ok := SelfID(ctx); !ok || id != 10001 {
		t.Fatalf("got %d, %v", id, ok)
	}
}
