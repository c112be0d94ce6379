package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onespec/onespec/codegen/internal/specops"
)

// The committed client is what the generator makes of the committed spec and types, and every
// action of the spec has its method.
func TestCommittedClientIsFresh(t *testing.T) {
	out := filepath.Join(t.TempDir(), "client.gen.go")
	if err := run("../../openapi/openapi.yaml", "../../gen", out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../gen/client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(committed) {
		t.Fatal("gen/client.gen.go is stale: run `make generate` and commit the result")
	}
	raw, err := os.ReadFile("../../openapi/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ops, err := specops.Read(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		if !strings.Contains(string(got), `"`+op.Name+`"`) {
			t.Errorf("no method calls %s", op.Name)
		}
	}
	for _, want := range []string{
		"func (c *Client) GetLoginInfo(ctx context.Context) (LoginInfo, error)",
		"func (c *Client) SendGroupMsg(ctx context.Context, params SendGroupMsgParams) (SendMsgData, error)",
		"func (c *Client) DeleteMsg(ctx context.Context, params DeleteMsgParams) error",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("missing %q", want)
		}
	}
}

// Run before oapi-codegen, the generator says what to regenerate instead of writing nonsense.
func TestNeedsTheServerFirst(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "types.gen.go"), []byte("package gen\n\ntype NoParams struct{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run("../../openapi/openapi.yaml", dir, filepath.Join(dir, "client.gen.go"))
	if err == nil || !strings.Contains(err.Error(), "generate the server first") {
		t.Errorf("err = %v", err)
	}
}
