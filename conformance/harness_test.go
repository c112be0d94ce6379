package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
	"github.com/onespec/onespec/openapi"
	"github.com/onespec/onespec/openapi/names"
)

// The test servers are the generated echo handlers around a mockery mock of the strict server
// interface. Every operation answers, unless a test says otherwise, with its spec's first ok
// example; a small adapter in front does what the root document asks of the HTTP transport
// (tokens, GET and form parameters, 400/404/405/406, echo). Quirks switch parts of that
// adapter to the wrong behaviours real implementations show.

// quirks make the transport adapter misbehave the way real implementations do.
type quirks struct {
	unknownHTTP      int  // HTTP status for an unknown action (0: 404; go-cqhttp sends 200)
	unknownRetcode   int  // its retcode (0: 1404; go-cqhttp and LLOneBot send 404)
	missingTokenHTTP int  // HTTP status without a token (0: 401; NapCat sends 403)
	noEcho           bool // drops echo (go-cqhttp over HTTP)
	lenientParams    bool // no parameter validation before the handler
	anyContentType   bool // reads every body as JSON, no 406 (go-cqhttp, NapCat)
	jsonOnly         bool // ignores query strings and form bodies
	hangOnMalformed  bool // never answers a malformed JSON body (Lagrange)
	syncAsync        bool // runs an _async call at once and answers ok (go-cqhttp, NapCat, LLOneBot)
	noRateLimited    bool // does not know the _rate_limited suffix (Lagrange)
	noTrailingSlash  bool // /action/ is an unknown action
	noQueryToken     bool // reads the token only from the Authorization header
	typedJSON        bool // takes JSON values as they are: "20001" is no group id
	silentFailures   bool // answers invalid parameters without message, msg or wording
	exactContentType bool // compares Content-Type as a whole: "application/json; charset=utf-8" is 406
}

// serverOptions configure a test server.
type serverOptions struct {
	token  string
	quirks quirks
	// expect registers a test's own expectations. They are registered before the defaults,
	// and testify uses the first expectation that matches, so they win.
	expect func(e *mocks.StrictServerInterface_Expecter)
}

func newTestServer(t *testing.T, opts serverOptions) *httptest.Server {
	t.Helper()
	cat := mustCatalogue(t)
	m := mocks.NewStrictServerInterface(t)
	if opts.expect != nil {
		opts.expect(m.EXPECT())
	}
	// The test servers stand in for onespec serve, whose world is simulated: the suite may
	// mutate the ids it discovers there (expendableSkip). A test says otherwise by answering
	// get_version_info itself.
	m.EXPECT().GetVersionInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK,
		Body: `{"status":"ok","retcode":0,"message":"","wording":"","data":{"app_name":"` + referenceAppName + `","app_version":"0.1.0","protocol_version":"v11"}}`}, nil).Maybe()
	expectExamples(t, cat, m)

	e := echo.New()
	e.HideBanner = true
	e.Pre(transport(cat, opts.token, opts.quirks))
	e.Any("/*", invoke(m))
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func mustCatalogue(t *testing.T) *catalogue {
	t.Helper()
	cat, err := loadCatalogue()
	require.NoError(t, err)
	return cat
}

// expectExamples lets every operation of the mock answer its spec's first ok (or async)
// example, any number of times. It walks the mock's expecter by reflection so that the world
// grows with the spec; an expecter method without an operation (or the reverse) fails the test.
func expectExamples(t *testing.T, cat *catalogue, m *mocks.StrictServerInterface) {
	t.Helper()
	answers := exampleAnswers(t)
	byMethod := map[string]string{}
	for _, o := range cat.ops {
		// oapi-codegen's Go name is the action's words in camel case, with initialisms upper
		// case: comparing without separators or case finds it.
		byMethod[strings.NewReplacer("_", "", ".", "").Replace(o.name)] = o.name
	}
	expecter := reflect.ValueOf(m.EXPECT())
	errNil := reflect.Zero(reflect.TypeFor[error]())
	covered := map[string]bool{}
	for i := range expecter.NumMethod() {
		method := expecter.Type().Method(i).Name
		name, ok := byMethod[strings.ToLower(method)]
		require.Truef(t, ok, "mock method %s matches no operation of the spec", method)
		answer, ok := answers[name]
		require.Truef(t, ok, "the spec has no ok example for %s", name)
		call := expecter.Method(i).Call([]reflect.Value{reflect.ValueOf(mock.Anything), reflect.ValueOf(mock.Anything)})[0]
		call.MethodByName("Return").Call([]reflect.Value{reflect.ValueOf(answer), errNil})
		call.MethodByName("Maybe").Call(nil)
		covered[name] = true
	}
	require.Len(t, covered, len(cat.ops), "every operation of the spec has a mock method")
}

// exampleAnswers maps every action to the first (by name) of its 200 examples that succeeds.
func exampleAnswers(t *testing.T) map[string]raw {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapi.YAML)
	require.NoError(t, err)
	out := map[string]raw{}
	for path, item := range doc.Paths.Map() {
		mt := item.Post.Responses.Status(http.StatusOK).Value.Content.Get(mediaJSON)
		names := make([]string, 0, len(mt.Examples))
		for name := range mt.Examples {
			names = append(names, name)
		}
		sort.Strings(names)
		// An action documented as not supported (send_packet) answers its not_supported
		// example instead.
		for _, ok := range []func(envelope) bool{
			func(e envelope) bool { return e.status == string(gen.StatusOk) || e.status == string(gen.StatusAsync) },
			func(e envelope) bool { return e.retcode == unknownActionRetcode && notSupportedData(e.data) },
		} {
			for _, name := range names {
				v := mt.Examples[name].Value.Value
				if !ok(readEnvelope(v)) {
					continue
				}
				body, err := json.Marshal(v)
				require.NoError(t, err)
				out[strings.TrimPrefix(path, "/")] = raw{Status: http.StatusOK, Body: string(body)}
				break
			}
			if _, found := out[strings.TrimPrefix(path, "/")]; found {
				break
			}
		}
	}
	return out
}

// raw is an answer written verbatim; every action's mock method can return it.
type raw = mocks.Raw

// invoke answers a canonical JSON POST of an action from the mock, through the generated
// registry: its typed envelope, or the raw answer a test planted.
func invoke(m *mocks.StrictServerInterface) echo.HandlerFunc {
	byName := map[string]*gen.Action{}
	for i := range gen.Actions {
		byName[gen.Actions[i].Name] = &gen.Actions[i]
	}
	return func(c echo.Context) error {
		a := byName[strings.TrimPrefix(c.Request().URL.Path, "/")]
		body, err := io.ReadAll(c.Request().Body)
		if err != nil || a == nil {
			return c.JSON(http.StatusInternalServerError, map[string]any{"status": "failed", "retcode": 1500, "data": nil, "message": "harness: not a canonical action request"})
		}
		res, err := a.Invoke(c.Request().Context(), m, body)
		if err != nil && res == nil {
			// What a typed server does with parameters it cannot decode (a lenient transport
			// let them through): HTTP 400, as Echo's binder answers.
			return c.JSON(http.StatusBadRequest, map[string]any{"message": err.Error()})
		}
		switch r := res.(type) {
		case raw:
			return r.Write(c.Response())
		case openapi.Replier:
			return c.JSON(http.StatusOK, r.Reply())
		}
		return c.JSON(http.StatusInternalServerError, map[string]any{"status": "failed", "retcode": 1500, "data": nil,
			"message": fmt.Sprintf("harness: %s answered %T, %v", a.Name, res, err)})
	}
}

// transport is a minimal conforming OneBot HTTP transport (root document, "Calling an
// action" and "HTTP status") in front of the generated handlers, which only take JSON POSTs.
func transport(cat *catalogue, token string, q quirks) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			query := r.URL.Query()
			queryToken := query.Get(accessTokenParam)
			if queryToken != "" {
				query.Del(accessTokenParam)
				r.URL.RawQuery = query.Encode()
			}
			if token != "" {
				auth := r.Header.Get("Authorization")
				if auth == "" && queryToken != "" && !q.noQueryToken {
					auth = "Bearer " + queryToken
				}
				switch auth {
				case "Bearer " + token:
				case "":
					return reply(c, or(q.missingTokenHTTP, http.StatusUnauthorized), int(gen.RetcodeUnauthorized), "access token required")
				default:
					return reply(c, http.StatusForbidden, int(gen.RetcodeForbidden), "access token does not match")
				}
			}
			name := strings.TrimPrefix(r.URL.Path, "/")
			if !q.noTrailingSlash {
				name = strings.TrimSuffix(name, "/")
				r.URL.Path = "/" + name
			}
			// Every family's name of an action, through the suite's own resolver; the generated
			// handlers behind take the canonical name. A rate-limited call runs in turn; the mock
			// has no queue, so "in turn" is now.
			var o *op
			action, suffix, ok := cat.names.Resolve(name)
			if ok && !(suffix == names.RateLimited && q.noRateLimited) {
				o = cat.byName[action]
				r.URL.Path = "/" + action
			}
			async := suffix == names.Async
			if o == nil {
				return reply(c, or(q.unknownHTTP, http.StatusNotFound), or(q.unknownRetcode, int(gen.RetcodeUnsupportedAction)), "unknown action")
			}
			if r.Method != http.MethodGet && r.Method != http.MethodPost {
				return reply(c, http.StatusMethodNotAllowed, int(gen.RetcodeBadRequest), "use GET or POST")
			}
			params, status := readParams(r, q)
			if status != 0 {
				if status == http.StatusBadRequest && q.hangOnMalformed {
					<-r.Context().Done() // the client gives up first
					return nil
				}
				return reply(c, status, int(gen.RetcodeBadRequest), "bad request")
			}
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); !q.typedJSON || r.Method == http.MethodGet || mt == mediaForm {
				coerce(o.params, params)
			}
			echoValue, hasEcho := params[fieldEcho]
			delete(params, fieldEcho)
			if !q.lenientParams && o.params != nil {
				if err := o.params.VisitJSON(params); err != nil {
					if q.silentFailures {
						return c.JSONBlob(http.StatusOK, []byte(`{"status":"failed","retcode":1400,"data":null}`))
					}
					return reply(c, http.StatusOK, int(gen.RetcodeBadRequest), "invalid parameters: "+err.Error())
				}
			}
			if async && !q.syncAsync {
				// A conforming server would run the action later; the mock has nothing to run.
				return c.JSON(http.StatusOK, gen.NoDataResult{Status: string(gen.StatusAsync), Retcode: int(gen.RetcodeAsync)})
			}
			body, err := json.Marshal(params)
			if err != nil {
				return err
			}
			r.Method = http.MethodPost
			r.URL.RawQuery = ""
			r.Header.Set("Content-Type", mediaJSON)
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
			if !hasEcho || q.noEcho {
				return next(c)
			}
			return withEcho(c, next, echoValue)
		}
	}
}

// readParams gathers parameters from a JSON or form body and the query; a non-zero status
// rejects the request.
func readParams(r *http.Request, q quirks) (map[string]any, int) {
	params := map[string]any{}
	if r.Method == http.MethodPost {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, http.StatusBadRequest
		}
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if q.exactContentType {
			mediaType = r.Header.Get("Content-Type")
		}
		switch {
		case mediaType == "" || mediaType == mediaJSON || (q.anyContentType && mediaType != mediaForm):
			if len(bytes.TrimSpace(body)) > 0 {
				var v any
				if json.Unmarshal(body, &v) != nil {
					return nil, http.StatusBadRequest
				}
				switch x := v.(type) {
				case nil:
				case map[string]any:
					params = x
				default:
					return nil, http.StatusBadRequest
				}
			}
		case mediaType == mediaForm:
			values, err := url.ParseQuery(string(body))
			if err != nil {
				return nil, http.StatusBadRequest
			}
			if !q.jsonOnly {
				addValues(params, values)
			}
		default:
			return nil, http.StatusNotAcceptable
		}
	}
	if !q.jsonOnly {
		addValues(params, r.URL.Query())
	}
	return params, 0
}

func addValues(params map[string]any, values url.Values) {
	for k, v := range values {
		params[k] = v[0]
	}
}

// coerce turns query and form strings into the integers and booleans the schema asks for.
func coerce(schema *openapi3.Schema, params map[string]any) {
	for k, v := range params {
		s, ok := v.(string)
		prop := property(schema, k)
		if !ok || prop == nil {
			continue
		}
		switch {
		case prop.Type.Is(openapi3.TypeInteger):
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				params[k] = float64(n)
			}
		case prop.Type.Is(openapi3.TypeBoolean):
			if b, err := strconv.ParseBool(s); err == nil {
				params[k] = b
			}
		}
	}
}

// withEcho runs the handler and puts the request's echo into its JSON answer.
func withEcho(c echo.Context, next echo.HandlerFunc, echoValue any) error {
	rec := httptest.NewRecorder()
	res := c.Response()
	orig := res.Writer
	res.Writer = rec
	err := next(c)
	res.Writer = orig
	body := rec.Body.Bytes()
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		m[fieldEcho] = echoValue
		if b, err := json.Marshal(m); err == nil {
			body = b
		}
	}
	for k, v := range rec.Header() {
		orig.Header()[k] = v
	}
	orig.WriteHeader(rec.Code)
	_, _ = orig.Write(body)
	return err
}

func reply(c echo.Context, status, retcode int, message string) error {
	return c.JSON(status, gen.FailedResult{Status: string(gen.StatusFailed), Retcode: retcode, Message: message})
}

func or(v, fallback int) int {
	if v != 0 {
		return v
	}
	return fallback
}

// world is the state behind the stateful scenarios, with switches for wrong behaviours.
type world struct {
	mu       sync.Mutex
	nextID   int32
	messages map[int32]string
	card     string
	name     string
	kicked   map[int64]bool // members set_group_kick took out of the group

	keepRecalled bool // get_msg still returns a recalled message
	ignoreCard   bool // set_group_card answers ok but changes nothing
	denyName     bool // set_group_name answers failed/103 (no permission)
	// noEscape: a text sent as a segment is read back unescaped in the string form.
	noEscape bool
	// ignoreAutoEscape: a CQ string sent with auto_escape is kept as CQ codes.
	ignoreAutoEscape bool
	// refuseSegmentObject: send_group_msg refuses a message that is one segment object.
	refuseSegmentObject bool
}

func newWorld() *world {
	return &world{nextID: 5000, messages: map[int32]string{}, kicked: map[int64]bool{}, card: "班长", name: "onespec 测试群"}
}

// expect registers the world's stateful operations on the mock.
func (w *world) expect(e *mocks.StrictServerInterface_Expecter) {
	ok, failed := string(gen.StatusOk), string(gen.StatusFailed)
	notFound := int(gen.RetcodeInvalidData)

	e.SendGroupMsg(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.SendGroupMsgRequestObject) (gen.SendGroupMsgResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		// Messages are kept in the string form, as get_msg answers them: a string as sent
		// (escaped with auto_escape), segments with their text escaped.
		if raw, _ := req.Body.Message.MarshalJSON(); w.refuseSegmentObject && len(raw) > 0 && raw[0] == '{' {
			return gen.SendGroupMsg200JSONResponse{Status: failed, Retcode: int(gen.RetcodeBadRequest), Message: "message must be a string or an array"}, nil
		}
		text, err := req.Body.Message.AsMessage0()
		switch {
		case err != nil && w.noEscape:
			text = plainText(req.Body.Message)
		case err != nil:
			text = cqEscapeText.Replace(plainText(req.Body.Message))
		case req.Body.AutoEscape != nil && *req.Body.AutoEscape && !w.ignoreAutoEscape:
			text = cqEscapeText.Replace(text)
		}
		w.nextID++
		w.messages[w.nextID] = text
		return gen.SendGroupMsg200JSONResponse{Status: ok, Data: &gen.SendMsgData{MessageID: w.nextID}}, nil
	}).Maybe()
	e.GetMsg(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.GetMsgRequestObject) (gen.GetMsgResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		text, found := w.messages[req.Body.MessageID]
		if !found {
			return gen.GetMsg200JSONResponse{Status: failed, Retcode: notFound, Message: "no such message"}, nil
		}
		var msg gen.ReceivedMessage
		if err := msg.FromReceivedMessage0(text); err != nil {
			return nil, err
		}
		group, uid, nick := int64(20001), int64(10001), "bot"
		return gen.GetMsg200JSONResponse{Status: ok, Data: &gen.GetMsgData{
			Time: 1700000000, MessageType: gen.MessageTypeGroup, MessageID: req.Body.MessageID, RealID: req.Body.MessageID,
			GroupID: &group, Sender: gen.Sender{UserID: &uid, Nickname: &nick}, Message: msg,
		}}, nil
	}).Maybe()
	e.DeleteMsg(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.DeleteMsgRequestObject) (gen.DeleteMsgResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if _, found := w.messages[req.Body.MessageID]; !found {
			return gen.DeleteMsg200JSONResponse{Status: failed, Retcode: notFound, Message: "no such message"}, nil
		}
		if !w.keepRecalled {
			delete(w.messages, req.Body.MessageID)
		}
		return gen.DeleteMsg200JSONResponse{Status: ok}, nil
	}).Maybe()
	e.GetGroupMemberInfo(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.GetGroupMemberInfoRequestObject) (gen.GetGroupMemberInfoResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		return gen.GetGroupMemberInfo200JSONResponse{Status: ok, Data: &gen.GroupMemberInfo{
			GroupID: req.Body.GroupID, UserID: req.Body.UserID, Nickname: "小明", Card: w.card,
			Sex: gen.SexMale, Age: 20, Level: "10", Role: gen.RoleAdmin, CardChangeable: true,
		}}, nil
	}).Maybe()
	e.SetGroupCard(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.SetGroupCardRequestObject) (gen.SetGroupCardResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if !w.ignoreCard && req.Body.Card != nil {
			w.card = *req.Body.Card
		}
		return gen.SetGroupCard200JSONResponse{Status: ok}, nil
	}).Maybe()
	e.GetGroupInfo(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.GetGroupInfoRequestObject) (gen.GetGroupInfoResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		return gen.GetGroupInfo200JSONResponse{Status: ok, Data: &gen.GroupInfo{
			GroupID: req.Body.GroupID, GroupName: w.name, MemberCount: 4, MaxMemberCount: 200,
		}}, nil
	}).Maybe()
	// A kick takes the member out of the group, as on a real one: every member action on them
	// afterwards answers a documented failure (102). The suite must run the kick last.
	e.SetGroupKick(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.SetGroupKickRequestObject) (gen.SetGroupKickResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.kicked[req.Body.UserID] = true
		return gen.SetGroupKick200JSONResponse{Status: ok}, nil
	}).Maybe()
	e.SetGroupSpecialTitle(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.SetGroupSpecialTitleRequestObject) (gen.SetGroupSpecialTitleResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.kicked[req.Body.UserID] {
			return gen.SetGroupSpecialTitle200JSONResponse{Status: failed, Retcode: notFound, Message: "not a member"}, nil
		}
		return gen.SetGroupSpecialTitle200JSONResponse{Status: ok}, nil
	}).Maybe()
	e.SetGroupName(mock.Anything, mock.Anything).RunAndReturn(func(_ context.Context, req gen.SetGroupNameRequestObject) (gen.SetGroupNameResponseObject, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.denyName {
			return gen.SetGroupName200JSONResponse{Status: failed, Retcode: int(gen.RetcodeOperationFailed), Message: "not an admin"}, nil
		}
		w.name = req.Body.GroupName
		return gen.SetGroupName200JSONResponse{Status: ok}, nil
	}).Maybe()
}

// run judges a test server and fails the test if the suite itself errs.
func run(t *testing.T, cfg Config) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	report, err := Run(ctx, cfg)
	require.NoError(t, err)
	require.NotNil(t, report)
	return report
}

// find returns the result of one check.
func find(t *testing.T, r *Report, id string) Result {
	t.Helper()
	for _, res := range r.Results {
		if res.Check == id {
			return res
		}
	}
	require.Failf(t, "no such check", "%s is not in the report", id)
	return Result{}
}

// actionID is the ID of the action check of the operation a generated builder calls, so that
// tests name actions the way the suite does: through generated code.
func actionID(name string) string { return "action/" + name }

func discoveryID(name string) string { return "discovery/" + name }

// failures lists the failed checks, for assertion messages.
func failures(r *Report) []string {
	var out []string
	for _, res := range r.Results {
		if res.Status == Fail {
			out = append(out, res.Check+": "+textReason(res))
		}
	}
	return out
}
