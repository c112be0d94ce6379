package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Only what the package aliases is completed: its enum values and the enum types of its
// properties, nothing it declares itself and nothing it does not alias.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	core, pkg := filepath.Join(dir, "core"), filepath.Join(dir, "pkg")
	for path, src := range map[string]string{
		filepath.Join(core, "core.gen.go"): `package core

type Status string

const (
	StatusOk     Status = "ok"
	StatusFailed Status = "failed"
)

type Notice struct{ SubType NoticeSubType }

type NoticeSubType string

const NoticeSubTypeBan NoticeSubType = "ban"

type Other string

const OtherX Other = "x"
`,
		filepath.Join(pkg, "types.gen.go"): `package pkg

import "example.com/core"

type Status = core.Status

type Notice = core.Notice

const StatusOk = "mine"
`,
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(pkg, "core.gen.go")
	if err := run(core, "example.com/core", pkg, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := " " + strings.Join(strings.Fields(string(b)), " ") + " "
	for _, want := range []string{"StatusFailed = core.StatusFailed", "NoticeSubTypeBan = core.NoticeSubTypeBan", "NoticeSubType = core.NoticeSubType"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	for _, not := range []string{"StatusOk", "Other", " Status = core.Status ", " Notice = core.Notice "} {
		if strings.Contains(got, not) {
			t.Errorf("%q should not be written:\n%s", not, got)
		}
	}
}
