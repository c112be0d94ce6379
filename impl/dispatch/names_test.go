package dispatch_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
	"github.com/onespec/onespec/impl/dispatch"
	"github.com/onespec/onespec/impl/httpapi"
	"github.com/onespec/onespec/openapi"
)

// withFamilyNames is the generated registry with every action also known by a family-only
// name: gocq knows it as "_<name>" as well, lagrange only as "<name>_lgr", the shapes
// x-onebot-families.<family>.names takes (a twin beside the canonical name; a family that does
// not know the canonical name).
func withFamilyNames() []gen.Action {
	registry := make([]gen.Action, len(gen.Actions))
	for i, a := range gen.Actions {
		bare := strings.TrimPrefix(a.Name, ".")
		a.FamilyNames = map[string][]string{"gocq": {a.Name, "_" + bare}, "lagrange": {bare + "_lgr"}}
		registry[i] = a
	}
	return registry
}

// Every name every family declares answers over HTTP, plain and with the standard's suffixes,
// and reaches the action it names: the dispatcher resolves through the one name resolver.
func TestEveryDeclaredNameAnswersOverHTTP(t *testing.T) {
	doc, err := openapi.Doc()
	require.NoError(t, err)
	m := mocks.NewStrictServerInterface(t)
	m.EXPECT().GetLoginInfo(mock.Anything, mock.Anything).Return(gen.GetLoginInfo200JSONResponse(openapi.Envelope[*gen.LoginInfo]{
		Status: string(gen.StatusOk), Data: &gen.LoginInfo{UserID: 10001, Nickname: "bot"},
	}), nil)
	registry := withFamilyNames()
	d, err := dispatch.NewFor(doc, registry, gen.StrictServerInterface(m), dispatch.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Shutdown(context.Background()) })
	srv := httptest.NewServer(httpapi.Handler(d, httpapi.Options{}))
	t.Cleanup(srv.Close)

	// Every name of every action resolves to it.
	for _, a := range d.Actions() {
		require.Len(t, a.Names, 3, a.Name)
		for _, name := range a.Names {
			for _, suffix := range []dispatch.Suffix{dispatch.SuffixNone, dispatch.SuffixAsync, dispatch.SuffixRateLimited} {
				got, gotSuffix := d.Lookup(name + string(suffix))
				if got == nil || got.Name != a.Name || gotSuffix != suffix {
					t.Errorf("Lookup(%s%s) = %v, %q; want %s, %q", name, suffix, got, gotSuffix, a.Name, suffix)
				}
			}
		}
	}
	// And over HTTP, each name of an action reaches its handler and answers its envelope.
	post := func(name string) (int, map[string]any) {
		res, err := http.Post(srv.URL+"/"+name, "application/json", strings.NewReader("{}"))
		require.NoError(t, err)
		defer res.Body.Close()
		var env map[string]any
		require.NoError(t, json.NewDecoder(res.Body).Decode(&env))
		return res.StatusCode, env
	}
	for _, name := range []string{"get_login_info", "_get_login_info", "get_login_info_lgr"} {
		status, env := post(name)
		require.Equal(t, http.StatusOK, status, name)
		require.EqualValues(t, 0, env["retcode"], "%s: %v", name, env)
		require.Contains(t, env["data"], "nickname", name)
	}
	status, env := post("get_login_info_x")
	require.Equal(t, http.StatusNotFound, status, "a name no family declares is no action")
	require.EqualValues(t, gen.RetcodeUnsupportedAction, env["retcode"])
}

// A registry whose families claim one name for two actions is refused, as the bundler refuses
// such a spec.
func TestRegistryNameClash(t *testing.T) {
	doc, err := openapi.Doc()
	require.NoError(t, err)
	registry := withFamilyNames()
	registry[1].FamilyNames = map[string][]string{"napcat": {registry[0].Name}}
	_, err = dispatch.NewFor(doc, registry, gen.StrictServerInterface(mocks.NewStrictServerInterface(t)), dispatch.Options{})
	require.ErrorContains(t, err, "is already "+registry[0].Name+"'s")
}
