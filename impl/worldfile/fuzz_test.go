package worldfile_test

import (
	"os"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/worldfile"
)

// FuzzRead feeds arbitrary world files (a peer's import_world) to the reader: an error or a
// checked file, never a panic, and never an expansion past the bound.
func FuzzRead(f *testing.F) {
	if raw, err := os.ReadFile("../../examples/two-bots.yaml"); err == nil {
		f.Add(string(raw))
	}
	for _, s := range []string{
		"", "accounts: [{id: 10001, bot: true}]", "accounts: [{id: 1, bot: true, nickname: &a x}, {id: 2, nickname: *a}]",
		"a: &a [*a]", "accounts: !!binary AAAA", "accounts:\n  - {id: 10001, bot: true}\ngroups: [{id: 1, members: [{id: 10001, role: owner}]}]\nmessages: [{from: 10001, group: 1, message: '[CQ:face,id=1]'}]",
		"{{{{", "- - - -", "accounts: [{id: 9223372036854775808}]", "a0: &a0 [x]\na1: &a1 [*a0, *a0, *a0]\na2: [*a1, *a1, *a1]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		file, err := worldfile.Read(strings.NewReader(s), "fuzz.yaml")
		if err == nil && file == nil {
			t.Fatal("no file and no error")
		}
	})
}
