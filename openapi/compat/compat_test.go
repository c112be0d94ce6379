package compat_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/compat"
)

const spec = `
openapi: 3.0.3
info: {title: T, version: "1"}
tags: [{name: b}, {name: a}]
x-onebot-families:
  one: {name: One, repo: o/one}
  two: {name: Two, repo: t/two}
  three: {name: Three, repo: t/three}
paths:
  /zeta:
    post:
      operationId: zeta
      tags: [a]
      x-onebot-name-zh: 甲
      x-onebot-sources: [v11std, one, two]
  /alpha:
    post:
      operationId: alpha
      tags: [a]
      x-onebot-sources: [one, two]
      x-onebot-families:
        one:
          names: [alpha, alpha_old]
          renames: {msg: message}
          values: [{field: sex, from: "", to: unknown}]
          ignores: [x, y]
          retcodes: [9000]
          note: careful
        two: {unsupported: true, note: never}
  /beta:
    post:
      operationId: beta
      tags: [b]
      x-onebot-sources: [v11std, one]
      x-onebot-families:
        one: {names: [beta]}
`

func TestBuild(t *testing.T) {
	m, err := compat.Build([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range m.Families {
		keys = append(keys, f.Key)
	}
	if !slices.Equal(keys, []string{"one", "two", "three"}) || m.Families[2].Surveyed || !m.Families[0].Surveyed {
		t.Errorf("families %+v", m.Families)
	}
	var rows []string
	for _, r := range m.Rows {
		rows = append(rows, r.Action)
	}
	if !slices.Equal(rows, []string{"beta", "alpha", "zeta"}) {
		t.Errorf("rows %v, want by tag order then name", rows)
	}
	tests := []struct {
		row, family int
		status      compat.Status
		names       []string
		notes       []string
	}{
		{0, 0, compat.Same, nil, nil}, // names: [its own name] is no difference
		{0, 1, compat.Absent, nil, nil},
		{0, 2, compat.NotSurveyed, nil, nil},
		{1, 0, compat.Differs, []string{"alpha", "alpha_old"}, []string{"answers `msg` for `message`", "sends `sex` = `\"\"` meaning `\"unknown\"`", "ignores `x`, `y`", "also answers retcodes 9000", "careful"}},
		{1, 1, compat.Unsupported, nil, []string{"never"}},
		{2, 0, compat.Same, nil, nil},
	}
	for _, tc := range tests {
		c := m.Rows[tc.row].Cells[tc.family]
		if c.Status != tc.status || !slices.Equal(c.Names, tc.names) || !slices.Equal(c.Notes, tc.notes) {
			t.Errorf("%s × %s = %+v, want %v %v %v", m.Rows[tc.row].Action, m.Families[tc.family].Key, c, tc.status.Symbol(), tc.names, tc.notes)
		}
	}
	if !m.Rows[2].Standard || m.Rows[1].Standard || m.Rows[2].NameZh != "甲" {
		t.Errorf("rows %+v", m.Rows)
	}
}

func TestBuildRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"no families":    "openapi: 3.0.3\npaths: {}\n",
		"unknown family": "x-onebot-families: {one: {name: One}}\npaths: {/a: {post: {operationId: a, x-onebot-families: {two: {note: x}}}}}\n",
		"no operationId": "x-onebot-families: {one: {name: One}}\npaths: {/a: {post: {tags: [a]}}}\n",
		"not YAML":       "{",
	} {
		if _, err := compat.Build([]byte(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// The matrix of the bundled spec has a row per action and a column per family of the root, and
// docs/compat.md is its Markdown (make check-generated says the same after go generate).
func TestBundledSpec(t *testing.T) {
	m, err := compat.Build(openapi.YAML)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi.Doc()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != doc.Paths.Len() {
		t.Errorf("%d rows for %d operations", len(m.Rows), doc.Paths.Len())
	}
	families, _ := doc.Extensions["x-onebot-families"].(map[string]any)
	if len(m.Families) != len(families) {
		t.Errorf("%d columns for %d families", len(m.Families), len(families))
	}
	committed, err := os.ReadFile("../../docs/compat.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(committed) != string(m.Markdown("openapi/openapi.yaml")) {
		t.Error("docs/compat.md is stale: run go generate ./...")
	}
	md := string(m.Markdown("x"))
	for _, r := range m.Rows {
		if !strings.Contains(md, "| `"+r.Action+"` | "+r.NameZh+" |") {
			t.Errorf("no row for %s", r.Action)
		}
	}
}

// Every surveyed name an operation of the bundled spec answers to is covered in full: its
// operation has typed data and examples, and answers to the name's other names too. What is not
// covered is only what no operation answers to yet.
func TestBundledSurface(t *testing.T) {
	m, err := compat.Build(openapi.YAML)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Surface
	if s.Total < 200 || s.Covered+len(s.Gaps) != s.Total {
		t.Fatalf("surface %d of %d with %d gaps", s.Covered, s.Total, len(s.Gaps))
	}
	for _, g := range s.Gaps {
		if g.Why != "no operation answers to it" {
			t.Errorf("%s: %s", g.Name, g.Why)
		}
	}
	t.Logf("surface: %d of %d (%d%%)", s.Covered, s.Total, s.Percent())
}

// A surveyed name is covered only by an operation with typed data and examples that answers
// to its other names as well.
func TestSurfaceGaps(t *testing.T) {
	const doc = `
openapi: 3.0.3
info: {title: T, version: "1"}
x-onebot-families:
  gocq: {name: go-cqhttp}
paths:
  /send_msg:
    post:
      operationId: send_msg
      requestBody: {content: {application/json: {examples: {a: {value: {}}}}}}
      responses: {"200": {x-onebot-data: Open, content: {application/json: {examples: {ok: {value: {}}}}}}}
  /get_msg:
    post:
      operationId: get_msg
      responses: {"200": {x-onebot-data: Typed, content: {application/json: {examples: {ok: {value: {}}}}}}}
  /ocr_image:
    post:
      operationId: ocr_image
      requestBody: {content: {application/json: {examples: {a: {value: {}}}}}}
      responses: {"200": {x-onebot-data: Typed, content: {application/json: {examples: {ok: {value: {}}}}}}}
  /get_login_info:
    post:
      operationId: get_login_info
      requestBody: {content: {application/json: {examples: {a: {value: {}}}}}}
      responses: {"200": {x-onebot-data: Typed, content: {application/json: {examples: {ok: {value: {}}}}}}}
components:
  schemas:
    Open: {type: object}
    Typed: {type: object, properties: {a: {type: string}}}
`
	m, err := compat.Build([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	why := map[string]string{}
	for _, g := range m.Surface.Gaps {
		why[g.Name] = g.Why
	}
	for name, want := range map[string]string{
		"send_msg":   "open object",
		"get_msg":    "no request example",
		"ocr_image":  "not to its other name .ocr_image",
		"send_like":  "no operation answers to it",
		"get_status": "no operation answers to it",
	} {
		if !strings.Contains(why[name], want) {
			t.Errorf("%s: %q, want it to say %q", name, why[name], want)
		}
	}
	if _, gap := why["get_login_info"]; gap {
		t.Errorf("get_login_info: %s", why["get_login_info"])
	}
}
