package dispatch

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The dispatcher and the transports built on it never depend on gen, the package generated
// from every action: only on gen/core, the shared components. Otherwise any edit of an action's
// spec would recompile them all. (httppost still names the quick-operation action through gen.)
func TestTransportsDoNotDependOnGen(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const gen = "github.com/onespec/onespec/gen"
	for _, pkg := range []string{".", "../auth", "../events", "../httpapi", "../wsapi", "../sse"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		if slices.Contains(strings.Fields(string(out)), gen) {
			t.Errorf("%s depends on %s", pkg, gen)
		}
	}
}
