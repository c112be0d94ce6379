package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
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
//	      answered failed/102 "message 1001 not found" (a failure x-onebot-retcodes documents)
func WriteResultLine(w io.Writer, res Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-4s  %s", res.Status, res.Check)
	if res.Level != "" && res.Status != Pass {
		fmt.Fprintf(&b, "  [%s]", res.Level)
	}
	if res.NameZh != "" {
		fmt.Fprintf(&b, "  %s", res.NameZh)
	}
	fmt.Fprintf(&b, "  (%s)\n", roundDuration(res.Duration))
	if reason := textReason(res); reason != "" {
		for line := range strings.SplitSeq(reason, "\n") {
			fmt.Fprintf(&b, "      %s\n", line)
		}
	}
	for _, ref := range res.Refs() {
		fmt.Fprintf(&b, "      standard: %s\n", ref)
	}
	if res.Status == Fail && res.Event != "" {
		fmt.Fprintf(&b, "      event: %s\n", res.Event)
	}
	if res.Status == Fail && res.Request != "" {
		fmt.Fprintf(&b, "      request: %s\n", res.Request)
	}
	if _, err := io.WriteString(w, strings.Map(printable, b.String())); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// Refs are the sections of the standard the result's findings come from, each once, in the
// findings' order: the action's own section (api/public.md#send_group_msg-发送群消息) for its
// data, the transport's for the envelope.
func (res Result) Refs() []string {
	var refs []string
	for _, f := range res.Findings {
		if f.Ref != "" && !slices.Contains(refs, f.Ref) {
			refs = append(refs, f.Ref)
		}
	}
	return refs
}

// printable keeps control characters a target slipped into a reason (an escape sequence in a
// property name, say) away from the reader's terminal.
func printable(r rune) rune {
	if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0)) {
		return r
	}
	return '\uFFFD'
}

// WriteSummary writes the report's end: the counts per status and per level, the root causes
// shared by several checks (each said once), the run's notes, and the verdict.
//
//	62 checks under profile onebot11: 50 passed, 3 warned, 2 unsupported, 0 failed, 7 skipped in 1.2s
//	levels: required 0 failed · recommended 3 warned · deviation 0 failed
//	root causes:
//	  9 checks [recommended; documented for NapCat, LLOneBot]: data absent where the standard answers data: null
//	http://127.0.0.1:3000 is conformant to OneBot v11
func (r *Report) WriteSummary(w io.Writer) error {
	n := r.StatusCounts()
	var total time.Duration
	for _, res := range r.Results {
		total += res.Duration
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d checks under profile %s: %d passed, %d warned, %d unsupported, %d failed, %d skipped in %s\n",
		len(r.Results), r.profileName(), n[Pass], n[Warn], n[Unsupported], n[Fail], n[Skip], roundDuration(total))
	if len(r.Levels) > 0 {
		var parts []string
		for _, l := range []Level{Required, Deviation, Unexercised, Recommended, Onespec} {
			if c, ok := r.Levels[l]; ok {
				parts = append(parts, fmt.Sprintf("%s %d failed, %d warned", l, c.Fail, c.Warn))
			}
		}
		fmt.Fprintf(&b, "levels: %s\n", strings.Join(parts, " · "))
	}
	if causes := r.Causes(); len(causes) > 0 {
		b.WriteString("root causes:\n")
		for _, c := range causes {
			tag := string(c.Level)
			if len(c.DocumentedFor) > 0 {
				tag += "; documented for " + strings.Join(c.DocumentedFor, ", ")
			}
			fmt.Fprintf(&b, "  %d %s [%s]: %s\n", len(c.Checks), plural(len(c.Checks), "check", "checks"), tag, truncate(c.Cause, 200))
		}
	}
	for _, note := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", note)
	}
	fmt.Fprintf(&b, "%s %s\n", r.Target, r.Verdict())
	if _, err := io.WriteString(w, strings.Map(printable, b.String())); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// Verdict says in words what the report means under its profile.
func (r *Report) Verdict() string {
	_, fail, _ := r.Counts()
	switch {
	case !r.Connected():
		return "could not connect: " + r.Unreachable
	case r.Profile.Family != "" && fail > 0:
		return fmt.Sprintf("does NOT behave as the spec documents for %s (%d failed)", r.Profile.FamilyName, fail)
	case r.Profile.Family != "":
		return "behaves as the spec documents for " + r.Profile.FamilyName
	case r.profileName() == ProfileOnespec && fail > 0:
		return fmt.Sprintf("does NOT keep onespec's promises (%d failed)", fail)
	case r.profileName() == ProfileOnespec:
		return "keeps every onespec promise"
	case fail > 0:
		return fmt.Sprintf("is NOT conformant to OneBot v11 (%d failed)", fail)
	}
	return "is conformant to OneBot v11"
}

func (r *Report) profileName() string {
	if r.Profile.Name == "" {
		return ProfileOneBot11
	}
	return r.Profile.Name
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
	for _, ref := range res.Refs() {
		lines = append(lines, "standard: "+ref)
	}
	return strings.Join(lines, "\n")
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}
