package main

import (
	"strings"
	"testing"
	"testing/fstest"
)

// namesRoot has two families, so that names can differ between them.
var namesRoot = familiesRoot + `  napcat:
    name: NapCat
    repo: NapNeko/NapCatQQ
    envelope: {omits: [], omits-when: never, adds: [], data-when-none: absent}
    failure-retcodes: [200]
    evidence: [OB11Response]
`

// namesAction is an action whose families know it by other names; the test cases vary it.
const namesAction = `paths:
  /_get_group_notice:
    post:
      operationId: _get_group_notice
      tags: [message]
      summary: s
      description: "**获取群公告** — d"
      x-onebot-name-zh: 获取群公告
      x-onebot-effect: read
      x-onebot-sources: [gocq, napcat]
      x-onebot-retcodes: [0]
      x-onebot-families:
        gocq:
          NAMES
          evidence: [modules/api/api.go]
        napcat:
          names: [_get_group_notice, get_group_notice]
          evidence: [action/router.ts]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NoParams'}
            example: {}
      responses:
        '200':
          description: ok
          content:
            application/json:
              example: {status: ok}
components:
  schemas:
    NoParams: {type: object}
`

// An action's other names are data of its families: the bundler checks them through the one
// name resolver and writes them into the description.
func TestActionNames(t *testing.T) {
	withNames := func(names string) string { return strings.Replace(namesAction, "NAMES", names, 1) }
	tests := []struct {
		name    string
		action  string
		other   map[string]string // more action files, when the case needs them
		wantErr string
		want    []string
	}{
		{name: "names render into the description and the families table", action: withNames("names: [.get_group_notice]"),
			want: []string{
				"Also answers to 别名: `.get_group_notice` (go-cqhttp), `get_group_notice` (NapCat).",
				"| go-cqhttp | answers to `.get_group_notice`, not to `_get_group_notice` | modules/api/api.go |",
				"| NapCat | answers to `_get_group_notice`, `get_group_notice` | action/router.ts |",
			}},
		{name: "a name another action has", action: withNames("names: [get_status]"),
			other:   map[string]string{"get_status": strings.NewReplacer("get_forward_msg", "get_status", "GetForwardMsg", "GetStatus").Replace(familiesAction)},
			wantErr: `the name "get_status" is already get_status's`},
		{name: "a name two actions' families use", action: withNames("names: [get_group_notice]"),
			other:   map[string]string{"get_forward_msg": strings.NewReplacer("renames: {messages: message}", "names: [get_group_notice]", "x-onebot-sources: [v11std]", "x-onebot-sources: [v11std, gocq]").Replace(familiesAction)},
			wantErr: `the name "get_group_notice" is already`},
		{name: "an _async form", action: withNames("names: [get_group_notice_async]"),
			wantErr: `"get_group_notice_async" ends in the standard's _async suffix`},
		{name: "a _rate_limited form", action: withNames("names: [notice_rate_limited]"),
			wantErr: `ends in the standard's _rate_limited suffix`},
		{name: "not an action name", action: withNames("names: [get-group-notice]"),
			wantErr: `"get-group-notice" is not an action name`},
		{name: "a path", action: withNames("names: [group/notice]"),
			wantErr: `"group/notice" is not an action name`},
		{name: "an empty list", action: withNames("names: []"),
			wantErr: `x-onebot-families.gocq.names must list the names gocq knows the action by`},
		{name: "not a list", action: withNames("names: get_group_notice"),
			wantErr: `x-onebot-families.gocq.names must list`},
		{name: "only the canonical name", action: withNames("names: [_get_group_notice]"),
			wantErr: `lists only the canonical name: leave it out`},
		{name: "a name twice", action: withNames("names: [a, a]"),
			wantErr: `x-onebot-families.gocq.names lists "a" twice`},
		{name: "names of a family that does not serve it", action: withNames("names: [a]\n          unsupported: true"),
			wantErr: `x-onebot-families.gocq: a family that does not serve the action (unsupported, or not in x-onebot-sources) knows it by no name`},
		{name: "names of a family the sources do not list", action: strings.Replace(withNames("names: [a]"), "x-onebot-sources: [gocq, napcat]", "x-onebot-sources: [napcat]", 1),
			wantErr: `knows it by no name`},
		{name: "names of an unknown family", action: strings.Replace(withNames("names: [a]"), "        gocq:\n", "        gocqhttp:\n", 1),
			wantErr: `unknown family "gocqhttp"`},
		{name: "the old operation-level list", action: strings.Replace(withNames("names: [a]"), "      x-onebot-effect: read\n", "      x-onebot-effect: read\n      x-onebot-aliases: [b]\n", 1),
			wantErr: `an action's other names are per family: x-onebot-families.<family>.names, not x-onebot-aliases`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"openapi.yaml":                           {Data: []byte(namesRoot)},
				"components/base.yaml":                   {Data: []byte(strings.Replace(base, "    GetStatusData: {type: object}\n", "", 1))}, // the other actions define their own
				"actions/message/_get_group_notice.yaml": {Data: []byte(tt.action)},
			}
			for name, data := range tt.other {
				fsys["actions/message/"+name+".yaml"] = &fstest.MapFile{Data: []byte(data)}
			}
			out, err := Bundle(fsys)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("bundle lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
