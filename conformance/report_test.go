package conformance

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/mocks"
)

// getMsgRef is get_msg's own section of the standard, as GitHub anchors its heading.
const getMsgRef = standardDoc + "api/public.md#get_msg-获取消息"

func sampleReports() map[string]*Report {
	started := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	return map[string]*Report{
		"empty": {Target: "http://127.0.0.1:5700", Started: started},
		"mixed": {Target: "http://127.0.0.1:5700", Started: started, Results: []Result{
			{Check: "discovery/get_login_info", Action: "get_login_info", NameZh: "获取登录号信息", Status: Pass, Reason: "logged in as 10001", Duration: 1500 * time.Microsecond},
			{Check: "action/get_msg", Action: "get_msg", NameZh: "获取消息", Status: Fail, Path: "data.user_id",
				Reason: "value must be an integer (got \"10001\")", Duration: 12 * time.Millisecond,
				Findings: []Finding{{Level: Required, Path: "data.user_id", Message: "value must be an integer", Cause: "value must be an integer", Ref: getMsgRef}}},
			// Bodies end up in reasons: markup, control bytes and line breaks must survive.
			{Check: "transport/unknown-action", Action: "onespec_no_such_action_1", Status: Fail,
				Reason: "HTTP 200, want 404; body \"<html>&\x00\x1b</html>\"\nsecond line", Duration: 3 * time.Millisecond},
			{Check: "action/send_like", Action: "send_like", NameZh: "发送好友赞", Status: Skip, Reason: "set AllowMutations to run it"},
			{Check: "scenario/message-roundtrip", NameZh: "发送群消息 → 获取消息", Status: Pass, Duration: 2 * time.Second},
		}},
	}
}

func TestReportWriters(t *testing.T) {
	tests := []struct {
		name   string
		write  func(r *Report, w io.Writer) error
		verify func(t *testing.T, r *Report, out []byte)
	}{
		{
			name:  "text",
			write: (*Report).WriteText,
			verify: func(t *testing.T, r *Report, out []byte) {
				text := string(out)
				lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
				assert.Contains(t, lines[0], r.Target)
				pass, fail, skip := r.Counts()
				summary := lines[len(lines)-1]
				assert.Contains(t, text, fmt.Sprintf("%d checks under profile onebot11: %d passed, 0 warned, 0 unsupported, %d failed, %d skipped", len(r.Results), pass, fail, skip))
				assert.Equal(t, r.Failed(), strings.Contains(summary, "NOT conformant"))
				for _, res := range r.Results {
					assert.Contains(t, text, string(res.Status)+"  "+res.Check)
				}
				if len(r.Results) > 1 {
					assert.Contains(t, text, "FAIL  action/get_msg  获取消息  (12ms)\n      data.user_id: value must be an integer")
					assert.Contains(t, text, "\n      second line\n", "multi-line reasons stay indented")
					assert.Contains(t, text, "\n      standard: "+getMsgRef+"\n", "a finding links its section of the standard")
					assert.NotContains(t, text, "\x1b", "no control characters reach a terminal")
				}
			},
		},
		{
			name:  "json",
			write: (*Report).WriteJSON,
			verify: func(t *testing.T, r *Report, out []byte) {
				var back Report
				require.NoError(t, json.Unmarshal(out, &back))
				assert.Equal(t, *r, back)
			},
		},
		{
			name:  "junit",
			write: (*Report).WriteJUnit,
			verify: func(t *testing.T, r *Report, out []byte) {
				// Well-formed: a strict decoder reads every token.
				dec := xml.NewDecoder(bytes.NewReader(out))
				for {
					_, err := dec.Token()
					if errors.Is(err, io.EOF) {
						break
					}
					require.NoError(t, err)
				}
				var doc junitSuites
				require.NoError(t, xml.Unmarshal(out, &doc))
				pass, fail, skip := r.Counts()
				assert.Equal(t, len(r.Results), doc.Tests)
				assert.Equal(t, fail, doc.Failures)
				assert.Equal(t, skip, doc.Skipped)
				var cases, failed, skipped int
				for _, s := range doc.Suites {
					for _, c := range s.Cases {
						cases++
						if c.Failure != nil {
							failed++
							assert.NotEmpty(t, c.Failure.Message)
							if c.Name == "action/get_msg" {
								assert.Contains(t, c.Failure.Text, "standard: "+getMsgRef)
							}
						}
						if c.Skipped != nil {
							skipped++
						}
						assert.True(t, strings.HasPrefix(c.Name, s.Name+"/"), "%s is in suite %s", c.Name, s.Name)
					}
				}
				assert.Equal(t, len(r.Results), cases)
				assert.Equal(t, fail, failed)
				assert.Equal(t, skip, skipped)
				assert.Equal(t, len(r.Results), pass+failed+skipped)
			},
		},
		{
			name:  "html",
			write: (*Report).WriteHTML,
			verify: func(t *testing.T, r *Report, out []byte) {
				page := string(out)
				assert.True(t, strings.HasPrefix(page, "<!doctype html>"))
				pass, fail, skip := r.Counts()
				assert.Contains(t, page, fmt.Sprintf("%d PASS</span><span class=\"warn\">0 WARN</span><span class=\"unsupported\">0 UNSUPPORTED</span><span class=\"fail\">%d FAIL</span><span class=\"skip\">%d SKIP", pass, fail, skip))
				assert.Equal(t, len(r.Results), strings.Count(page, "<td class=\"status "), "one row per result")
				assert.NotContains(t, page, "<script", "a self-contained page runs nothing")
				assert.NotContains(t, page, "\x1b")
				for _, res := range r.Results {
					assert.Contains(t, page, template.HTMLEscapeString(res.Check))
					for _, ref := range res.Refs() {
						assert.Contains(t, page, `">`+template.HTMLEscapeString(ref)+`</a>`, "a finding links its section of the standard")
					}
				}
			},
		},
	}
	for name, report := range sampleReports() {
		for _, tt := range tests {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				require.NoError(t, tt.write(report, &buf))
				tt.verify(t, report, buf.Bytes())
			})
		}
	}
}

// Writers report the writer's error instead of losing it.
func TestReportWritersReturnErrors(t *testing.T) {
	report := sampleReports()["mixed"]
	for name, write := range map[string]func(io.Writer) error{
		"text": report.WriteText, "json": report.WriteJSON, "junit": report.WriteJUnit, "summary": report.WriteSummary, "html": report.WriteHTML,
	} {
		t.Run(name, func(t *testing.T) {
			assert.Error(t, write(failingWriter{}))
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCounts(t *testing.T) {
	pass, fail, skip := sampleReports()["mixed"].Counts()
	assert.Equal(t, []int{2, 2, 1}, []int{pass, fail, skip})
	assert.True(t, sampleReports()["mixed"].Failed())
	assert.False(t, sampleReports()["empty"].Failed())
}

// Each action links its own section of the standard, as GitHub anchors the standard's headings
// ("## `send_group_msg` 发送群消息"; hidden actions, whose names start with a dot, in hidden.md).
func TestActionRef(t *testing.T) {
	for _, tt := range []struct{ name, zh, want string }{
		{"send_group_msg", "发送群消息", "api/public.md#send_group_msg-发送群消息"},
		{"get_msg", "获取消息", "api/public.md#get_msg-获取消息"},
		{".handle_quick_operation", "对事件执行快速操作", "api/hidden.md#handle_quick_operation-对事件执行快速操作"},
	} {
		assert.Equal(t, standardDoc+tt.want, actionRef(tt.name, tt.zh))
	}
	cat, err := loadCatalogue()
	require.NoError(t, err)
	assert.Equal(t, standardDoc+"api/public.md#send_group_msg-发送群消息", cat.byName["send_group_msg"].ref)
	assert.Empty(t, cat.byName["get_essence_msg_list"].ref, "an action outside the standard has no section of it")
}

// One rule broken by every item of a list is one finding, counted; broken by several answers,
// whatever the values, one root cause.
func TestFindingsGroupedByRule(t *testing.T) {
	srv := newTestServer(t, serverOptions{expect: func(e *mocks.StrictServerInterface_Expecter) {
		e.GetFriendList(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","retcode":0,"message":"","wording":"","data":[` +
			`{"user_id":"10002","nickname":"a","remark":""},{"user_id":"10003","nickname":"b","remark":""},{"user_id":"10004","nickname":"c","remark":""}]}`}, nil)
		e.GetLoginInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","retcode":0,"message":"","wording":"","data":{"user_id":"10001","nickname":"bot"}}`}, nil)
		e.GetStrangerInfo(mock.Anything, mock.Anything).Return(raw{Status: http.StatusOK, Body: `{"status":"ok","retcode":0,"message":"","wording":"","data":{"user_id":"10009","nickname":"x","sex":"male","age":1}}`}, nil)
	}})
	report := run(t, Config{BaseURL: srv.URL})
	res := find(t, report, actionID(gen.ActionGetFriendList))
	require.Len(t, res.Findings, 1, "%+v", res.Findings)
	assert.Contains(t, res.Findings[0].Message, "(and at 2 other items)")
	assert.Equal(t, "data.[].user_id must be an integer", res.Findings[0].Cause)

	var userID *Cause
	for _, c := range report.Causes() {
		if c.Cause == "data.user_id must be an integer" {
			userID = &c
		}
	}
	require.NotNil(t, userID, "%+v", report.Causes())
	assert.Subset(t, userID.Checks, []string{actionID(gen.ActionGetLoginInfo), actionID(gen.ActionGetStrangerInfo)}, "one root cause, whatever the values")
}
