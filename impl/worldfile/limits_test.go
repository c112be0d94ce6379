package worldfile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onespec/onespec/impl/worldfile"
)

// A world file is bounded by what it says once its aliases are expanded, not by its bytes: a
// 1 MB anchored string used by 599 accounts is a 600 MB world, refused before it is decoded.
func TestAliasAmplificationRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("accounts:\n  - {id: 10001, nickname: bot, bot: true, sign: &big " + strings.Repeat("x", 1<<20) + "}\n")
	for i := range 599 {
		fmt.Fprintf(&b, "  - {id: %d, nickname: u, sign: *big}\n", 20000+i)
	}
	_, err := worldfile.Read(strings.NewReader(b.String()), "bomb.yaml")
	if err == nil || !strings.Contains(err.Error(), "aliases expanded") {
		t.Fatalf("an alias bomb was read: %v", err)
	}

	// Nested aliases multiply: nine levels of ten references are a billion.
	var nest strings.Builder
	nest.WriteString("a0: &a0 [x]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&nest, "a%d: &a%d [", i, i)
		for j := range 10 {
			if j > 0 {
				nest.WriteString(", ")
			}
			fmt.Fprintf(&nest, "*a%d", i-1)
		}
		nest.WriteString("]\n")
	}
	if _, err := worldfile.Read(strings.NewReader(nest.String()), "nest.yaml"); err == nil || !strings.Contains(err.Error(), "aliases expanded") {
		t.Fatalf("nested aliases were read: %v", err)
	}

	// A few small aliases are fine.
	ok := "accounts:\n  - {id: 10001, nickname: &n bot, bot: true}\n  - {id: 10002, nickname: *n}\n"
	if _, err := worldfile.Read(strings.NewReader(ok), "ok.yaml"); err != nil {
		t.Fatal(err)
	}
}

// Text fields are bounded (QQ's own limits where QQ has them), naming the key.
func TestTextFieldLimits(t *testing.T) {
	for _, tc := range []struct{ yaml, key string }{
		{"accounts: [{id: 10001, bot: true, nickname: " + strings.Repeat("字", 100) + "}]", "accounts[0].nickname"},
		{"accounts: [{id: 10001, bot: true}]\ngroups: [{id: 1, name: g, members: [{id: 10001, card: " + strings.Repeat("x", 5<<20) + "}]}]", "groups[0].members[0].card"},
		{"accounts: [{id: 10001, bot: true}]\ngroups: [{id: 1, name: " + strings.Repeat("x", 1000) + "}]", "groups[0].name"},
	} {
		_, err := worldfile.Read(strings.NewReader(tc.yaml), "w.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.key) || !strings.Contains(err.Error(), "longer than") {
			t.Errorf("%s: %v", tc.key, err)
		}
	}
}
