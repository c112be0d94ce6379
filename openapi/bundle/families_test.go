package main

import (
	"strings"
	"testing"
	"testing/fstest"
)

const familiesRoot = `openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: message}]
paths: {}
components: {}
x-onebot-families:
  gocq:
    name: go-cqhttp
    repo: Mrs4s/go-cqhttp
    envelope: {omits: [wording], omits-when: ok, adds: [msg], data-when-none: "null"}
    failure-retcodes: [100]
    evidence: [coolq/api.go]
`

const familiesAction = `paths:
  /get_forward_msg:
    post:
      operationId: get_forward_msg
      tags: [message]
      summary: s
      description: "**获取合并转发消息** — d"
      x-onebot-name-zh: 获取合并转发消息
      x-onebot-effect: read
      x-onebot-sources: [v11std]
      x-onebot-retcodes: [0]
      x-onebot-families:
        gocq:
          renames: {messages: message}
          ignores: [id]
          evidence: [coolq/api.go CQGetForwardMessage]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/GetForwardMsgParams'}
            example: {id: x}
      responses:
        '200':
          description: ok
          x-onebot-data: GetForwardMsgData
          content:
            application/json:
              example: {status: ok}
components:
  schemas:
    GetForwardMsgParams:
      type: object
      properties:
        id: {type: string}
    GetForwardMsgData:
      type: object
      properties:
        message: {type: array, items: {type: object}}
`

func TestFamilies(t *testing.T) {
	tests := []struct {
		name          string
		root, action  string
		wantErr, want string
	}{
		{name: "valid families render into the description", root: familiesRoot, action: familiesAction,
			want: "| go-cqhttp | answers `messages` for `message`; ignores `id` | coolq/api.go CQGetForwardMessage |"},
		{name: "the root's families render into the introduction", root: strings.Replace(familiesRoot, "info: {title: t, version: \"1\"}", "info: {title: t, version: \"1\", description: intro}", 1), action: familiesAction,
			want: "| go-cqhttp (`gocq`, Mrs4s/go-cqhttp) | leaves out `wording` (ok); adds `msg`; data when none: null | 100 |  | coolq/api.go |"},
		{name: "unknown family", root: familiesRoot, action: strings.Replace(familiesAction, "        gocq:\n", "        gocqhttp:\n", 1),
			wantErr: `unknown family "gocqhttp"`},
		{name: "no root families", root: strings.Split(familiesRoot, "x-onebot-families")[0], action: familiesAction,
			wantErr: `unknown family "gocq"`},
		{name: "renamed field must exist", root: familiesRoot, action: strings.Replace(familiesAction, "{messages: message}", "{messages: msgs}", 1),
			wantErr: `GetForwardMsgData has no property "msgs"`},
		{name: "ignored parameter must exist", root: familiesRoot, action: strings.Replace(familiesAction, "ignores: [id]", "ignores: [message_id]", 1),
			wantErr: `"message_id" is not a parameter`},
		{name: "evidence is required", root: familiesRoot, action: strings.Replace(familiesAction, "          evidence: [coolq/api.go CQGetForwardMessage]\n", "", 1),
			wantErr: "evidence must list"},
		{name: "unknown key", root: familiesRoot, action: strings.Replace(familiesAction, "ignores: [id]", "ignored: [id]", 1),
			wantErr: `unknown key "ignored"`},
		{name: "retcodes are integers", root: familiesRoot, action: strings.Replace(familiesAction, "ignores: [id]", "retcodes: [x]", 1),
			wantErr: `"x" is not an integer`},
		{name: "root envelope vocabulary", root: strings.Replace(familiesRoot, "omits-when: ok", "omits-when: sometimes", 1), action: familiesAction,
			wantErr: `omits-when "sometimes"`},
		{name: "transport deviations name checks", root: strings.Replace(familiesRoot, "    failure-retcodes: [100]\n", "    failure-retcodes: [100]\n    transport: {deviates: [Async_Suffix], evidence: [x]}\n", 1), action: familiesAction,
			wantErr: `"Async_Suffix" is not a check name`},
		{name: "transport deviations need evidence", root: strings.Replace(familiesRoot, "    failure-retcodes: [100]\n", "    failure-retcodes: [100]\n    transport: {deviates: [async-suffix]}\n", 1), action: familiesAction,
			wantErr: "transport: evidence must list"},
		{name: "root evidence is required", root: strings.Replace(familiesRoot, "    evidence: [coolq/api.go]\n", "", 1), action: familiesAction,
			wantErr: "gocq.evidence must list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"openapi.yaml":                         {Data: []byte(tt.root)},
				"actions/message/get_forward_msg.yaml": {Data: []byte(tt.action)},
				"components/base.yaml":                 {Data: []byte(base)},
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
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("bundle lacks %q:\n%s", tt.want, out)
			}
		})
	}
}
