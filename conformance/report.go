package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteText writes the report for people: a header, one line per result with the reason
// indented below it, and a summary line.
func (r *Report) WriteText(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "onespec conformance: %s (started %s)\n", r.Target, r.Started.Format(time.RFC3339)); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	for _, res := range r.Results {
		if err := WriteResultLine(w, res); err != nil {
			return err
		}
	}
	return r.WriteSummary(w)
}

// WriteResultLine writes one result as WriteText does, for callers that print results as they
// arrive (Config.OnResult):
//
//	PASS  action/get_msg  获取消息  (12ms)
//	      answered failed/102 (documented) "message 1001 not found"; response data not exercised
func WriteResultLine(w io.Writer, res Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-4s  %s", res.Status, res.Check)
	if res.NameZh != "" {
		fmt.Fprintf(&b, "  %s", res.NameZh)
	}
	fmt.Fprintf(&b, "  (%s)\n", roundDuration(res.Duration))
	if reason := textReason(res); reason != "" {
		for line := range strings.SplitSeq(reason, "\n") {
			fmt.Fprintf(&b, "      %s\n", line)
		}
	}
	if _, err := io.WriteString(w, strings.Map(printable, b.String())); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// printable keeps control characters a target slipped into a reason (an escape sequence in a
// property name, say) away from the reader's terminal.
func printable(r rune) rune {
	if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0)) {
		return r
	}
	return '\uFFFD'
}

// WriteSummary writes the report's last line: the counts and the time the checks took.
func (r *Report) WriteSummary(w io.Writer) error {
	pass, fail, skip := r.Counts()
	var total time.Duration
	for _, res := range r.Results {
		total += res.Duration
	}
	verdict := "conformant"
	if fail > 0 {
		verdict = "NOT conformant"
	}
	_, err := fmt.Fprintf(w, "%d checks: %d passed, %d failed, %d skipped in %s — %s is %s\n",
		len(r.Results), pass, fail, skip, roundDuration(total), r.Target, verdict)
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// textReason is the reason with its path in front, unless the reason already starts with it.
func textReason(res Result) string {
	if res.Path == "" || strings.HasPrefix(res.Reason, res.Path+":") {
		return res.Reason
	}
	return res.Path + ": " + res.Reason
}

func roundDuration(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

// WriteJSON writes the report as indented JSON; decoding it gives the same Report back.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // reasons quote bodies; keep "<" and "&" readable
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("writing the JSON report: %w", err)
	}
	return nil
}

// The JUnit XML schema as CI systems (Jenkins, GitLab, GitHub reporters) read it.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the report as JUnit XML: one testsuite per kind of check (discovery,
// transport, action, scenario), one testcase per result, with failure and skipped elements.
func (r *Report) WriteJUnit(w io.Writer) error {
	root := junitSuites{Name: "onespec conformance: " + r.Target}
	index := map[string]int{}
	var total time.Duration
	var times []time.Duration // per suite
	for _, res := range r.Results {
		kind, _, _ := strings.Cut(res.Check, "/")
		i, ok := index[kind]
		if !ok {
			i = len(root.Suites)
			index[kind] = i
			root.Suites = append(root.Suites, junitSuite{
				Name:       kind,
				Timestamp:  r.Started.UTC().Format("2006-01-02T15:04:05"),
				Properties: []junitProperty{{Name: "target", Value: r.Target}},
			})
			times = append(times, 0)
		}
		suite := &root.Suites[i]
		c := junitCase{Name: res.Check, Classname: "onespec.conformance." + kind, Time: seconds(res.Duration)}
		reason := textReason(res)
		switch res.Status {
		case Fail:
			c.Failure = &junitMessage{Message: reason, Type: string(Fail), Text: caseText(res, reason)}
			suite.Failures++
			root.Failures++
		case Skip:
			c.Skipped = &junitMessage{Message: reason}
			suite.Skipped++
			root.Skipped++
		default:
			c.SystemOut = caseText(res, reason)
		}
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
		root.Tests++
		times[i] += res.Duration
		total += res.Duration
	}
	for i, d := range times {
		root.Suites[i].Time = seconds(d)
	}
	root.Time = seconds(total)

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	return nil
}

// caseText is the body of a testcase's failure or system-out: the action and the reason.
func caseText(res Result, reason string) string {
	var lines []string
	if res.Action != "" {
		lines = append(lines, "action: "+strings.TrimSpace(res.Action+" "+res.NameZh))
	}
	if reason != "" {
		lines = append(lines, reason)
	}
	return strings.Join(lines, "\n")
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}
