package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/onespec/onespec/openapi"
)

// Every Go sample of the committed rendition compiles against this module's client and gen
// packages (go vet type-checks them), so a change to the generated client cannot leave the docs
// showing code that does not build. The samples are written into a directory of this package,
// inside the module, and removed afterwards.
func TestGoSamplesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks every Go sample with go vet; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	var d renditionDoc
	if err := json.Unmarshal(openapi.DocsJSON, &d); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(".", "samples-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	n := 0
	for p, item := range d.Paths {
		for _, s := range item["post"].Samples {
			if s.Lang != "Go" {
				continue
			}
			pkg := filepath.Join(dir, fmt.Sprintf("s%02d", n))
			n++
			if err := os.Mkdir(pkg, 0o755); err != nil {
				t.Fatal(err)
			}
			src := "// " + p + "\n" + s.Source + "\n"
			if err := os.WriteFile(filepath.Join(pkg, "main.go"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n != len(d.Paths) {
		t.Errorf("%d Go samples for %d operations", n, len(d.Paths))
	}
	out, err := exec.Command(goTool, "vet", "./"+filepath.Base(dir)+"/...").CombinedOutput()
	if err != nil {
		t.Errorf("go vet of the Go samples: %v\n%s", err, out)
	}
}
