package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testSpec = `openapi: 3.0.3
paths:
  /get_thing:
    post:
      operationId: get_thing
      tags: [meta]
      x-onebot-effect: read
      x-onebot-retcodes: [0, 1400]
      x-onebot-sources: [gocq, napcat]
      x-onebot-families:
        gocq: {names: [get_thing, .get_thing], evidence: [x]}
        napcat: {ignores: [id], evidence: [x]}
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/GetThingResult'}
`

const testServer = `package gen

type StrictServerInterface interface {
	// GetThing Get a thing
	// (POST /get_thing)
	GetThing(ctx context.Context, request GetThingRequestObject) (GetThingResponseObject, error)
}
`

func TestRun(t *testing.T) {
	tests := []struct {
		name, spec, server string
		wantErr            string
		want               []string
	}{
		{name: "one entry per action, with its metadata and a typed Invoke", spec: testSpec, server: testServer, want: []string{
			`Name:    ActionGetThing`, `ActionGetThing = "get_thing"`, `Sources: []string{"gocq", "napcat"}`, `"gocq": {"get_thing", ".get_thing"},`, `Effect:   openapi.EffectRead`, `Retcodes: []int{0, 1400}`,
			`var body GetThingJSONRequestBody`, `h.GetThing(ctx, GetThingRequestObject{Body: &body})`,
			`func (r GetThing200JSONResponse) Reply() openapi.Reply { return openapi.Erase(GetThingResult(r)) }`,
		}},
		{name: "an envelope named with the method's initialisms", spec: strings.ReplaceAll(strings.ReplaceAll(testSpec, "get_thing", "get_thing_url"), "GetThingResult", "GetThingUrlResult"),
			server: strings.ReplaceAll(strings.ReplaceAll(testServer, "get_thing", "get_thing_url"), "GetThing", "GetThingURL"), want: []string{
				`func (r GetThingURL200JSONResponse) Reply() openapi.Reply { return openapi.Erase(GetThingURLResult(r)) }`,
			}},
		{name: "an action the interface lacks", spec: testSpec, server: strings.ReplaceAll(testServer, "get_thing", "get_other"),
			wantErr: "no method for action get_thing"},
		{name: "an unknown effect", spec: strings.Replace(testSpec, "effect: read", "effect: harmless", 1), server: testServer,
			wantErr: `unknown x-onebot-effect "harmless"`},
		{name: "a 200 response without a component schema", spec: strings.Replace(testSpec, "$ref: '#/components/schemas/GetThingResult'", "type: object", 1), server: testServer,
			wantErr: "is not a component"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			spec, server := filepath.Join(dir, "spec.yaml"), filepath.Join(dir, "server.go")
			out, raw := filepath.Join(dir, "registry.go"), filepath.Join(dir, "raw.go")
			if err := os.WriteFile(spec, []byte(tt.spec), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(server, []byte(tt.server), 0o644); err != nil {
				t.Fatal(err)
			}
			err := run(spec, server, out, raw)
			pkg = "gen"
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			src, _ := os.ReadFile(out)
			for _, w := range tt.want {
				if !strings.Contains(string(src), w) {
					t.Errorf("registry lacks %q:\n%s", w, src)
				}
			}
			rawSrc, _ := os.ReadFile(raw)
			if !strings.Contains(string(rawSrc), "func (r Raw) VisitGetThing") || !strings.Contains(string(rawSrc), "Response(w http.ResponseWriter) error") {
				t.Errorf("raw double lacks the action's Visit method:\n%s", rawSrc)
			}
		})
	}
}
