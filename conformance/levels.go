package conformance

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Level says how much weight a problem carries.
type Level string

// The levels a problem can have. A profile decides which of them fail a check.
const (
	// Required: the OneBot v11 standard says so; a server that breaks it is not conformant.
	Required Level = "required"
	// Recommended: a convention (nearly) every implementation follows, or the standard's
	// wording without a must; reported, failing only under the onespec profile.
	Recommended Level = "recommended"
	// Onespec: what the reference server promises beyond the standard (x-onespec-required,
	// x-onebot-retcodes, JSON bodies on HTTP errors); judged only under the onespec profile.
	Onespec Level = "onespec"
	// Deviation: the answer departs from what the spec documents for the profile's family
	// (x-onebot-families); judged only under that family's profile.
	Deviation Level = "deviation"
	// Unexercised: a valid request, every id in it the target's own, was answered with a
	// failure the operation documents (x-onebot-retcodes): the answer is well-formed, but the
	// action was not shown to work. Reported (WARN) under onebot11 and the family profiles,
	// failed under onespec: the reference server has no reason to refuse its own ids.
	Unexercised Level = "unexercised"
)

// standardDoc is where the OneBot v11 standard's text lives; rules link into it.
const standardDoc = "https://github.com/botuniverse/onebot-11/blob/master/"

// Links to the sections of the standard the required rules come from.
const (
	refHTTPResponse = standardDoc + "communication/http.md#响应"
	refHTTPRequest  = standardDoc + "communication/http.md#请求"
	refAuth         = standardDoc + "communication/authorization.md"
	refAsync        = standardDoc + "api/README.md#异步调用"
	refRateLimited  = standardDoc + "api/README.md#限速调用"
	refAPI          = standardDoc + "api/public.md"
)

// actionRef links to an action's own section of the standard. The standard heads each action
// "## `send_group_msg` 发送群消息" (its hidden ones, whose names start with a dot, in
// api/hidden.md), and GitHub anchors a heading by its text lower-cased, spaces turned into
// hyphens and other punctuation dropped: api/public.md#send_group_msg-发送群消息.
func actionRef(name, nameZh string) string {
	doc := "api/public.md"
	if strings.HasPrefix(name, ".") {
		doc = "api/hidden.md"
	}
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(name + " " + nameZh)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return standardDoc + doc + "#" + b.String()
}

// The profile names that do not come from a family.
const (
	ProfileOneBot11 = "onebot11"
	ProfileOnespec  = "onespec"
)

// Profile says which levels fail a check and which family's documented behaviour is expected.
// Profiles are data: onebot11 and onespec are fixed, and every family of the spec's root
// x-onebot-families is a profile of its own (gocq, napcat, llonebot, lagrange, icqq).
type Profile struct {
	// Name is the profile's name as --profile takes it.
	Name string `json:"name"`
	// Family is the family whose documented behaviour is expected; empty for onebot11 and
	// onespec.
	Family string `json:"family,omitempty"`
	// FamilyName is the family's display name (go-cqhttp).
	FamilyName string `json:"family_name,omitempty"`
}

// Profiles lists the profile names the spec offers, onebot11 first.
func Profiles() ([]string, error) {
	cat, err := loadCatalogue()
	if err != nil {
		return nil, fmt.Errorf("conformance: loading the spec: %w", err)
	}
	names := []string{ProfileOneBot11, ProfileOnespec}
	return append(names, cat.familyKeys()...), nil
}

func (c *catalogue) profile(name string) (Profile, error) {
	switch name {
	case "", ProfileOneBot11:
		return Profile{Name: ProfileOneBot11}, nil
	case ProfileOnespec:
		return Profile{Name: ProfileOnespec}, nil
	}
	f, ok := c.families[name]
	if !ok {
		return Profile{}, fmt.Errorf("unknown profile %q (profiles: %s, %s, %s)", name, ProfileOneBot11, ProfileOnespec, strings.Join(c.familyKeys(), ", "))
	}
	return Profile{Name: name, Family: name, FamilyName: f.name}, nil
}

// fails reports whether a problem of this level fails a check under the profile.
func (p Profile) fails(l Level) bool {
	switch l {
	case Required, Deviation:
		return true
	case Recommended, Onespec, Unexercised:
		return p.Name == ProfileOnespec
	}
	return true
}

// reports reports whether a problem of this level is shown at all under the profile: onespec's
// own promises are nobody else's business.
func (p Profile) reports(l Level) bool {
	return l != Onespec || p.Name == ProfileOnespec
}

// strict reports whether documented family variants are still problems (the onespec profile
// holds the reference server to the standard's own shapes).
func (p Profile) strict() bool { return p.Name == ProfileOnespec }

// Finding is one problem with an answer, as the report shows it.
type Finding struct {
	// Level is the problem's weight (required, recommended, onespec, deviation).
	Level Level `json:"level"`
	// Path is the offending JSON path in the answer, like "data.user_id", when there is one.
	Path string `json:"path,omitempty"`
	// Message says what is wrong, in words.
	Message string `json:"message"`
	// Cause is the message without the action-specific parts, for grouping the findings of
	// many checks under one root cause.
	Cause string `json:"cause"`
	// DocumentedFor lists the families whose documented behaviour this is.
	DocumentedFor []string `json:"documented_for,omitempty"`
	// Ref links to the section of the standard a required finding comes from.
	Ref string `json:"ref,omitempty"`
}

// judge turns a check's problems into its verdict under the profile: FAIL when any problem
// fails under it, WARN when some are only reported, PASS otherwise. A problem documented for
// the profile's family is expected: dropped from the findings and returned as a note. Under
// onebot11 a documented shape variant is only recommended (the families disagree with the
// standard's text, and bots cope with it); a documented break of a transport rule stays a
// failure there.
func (p Profile) judge(ps problems, fam func(string) string) (Status, []Finding, []string) {
	status := Pass
	var out []Finding
	var expected []string
	for _, pr := range ps {
		level := pr.level
		if len(pr.documentedFor) > 0 && !p.strict() {
			if p.Family != "" && slices.Contains(pr.documentedFor, p.Family) {
				expected = append(expected, pr.reason)
				continue
			}
			if level == Required && pr.variant {
				level = Recommended
			}
		}
		if !p.reports(level) {
			continue
		}
		f := Finding{Level: level, Path: pr.path, Message: pr.reason, Cause: pr.cause, Ref: pr.ref}
		if f.Cause == "" {
			f.Cause = pr.reason
		}
		for _, key := range pr.documentedFor {
			f.DocumentedFor = append(f.DocumentedFor, fam(key))
		}
		out = append(out, f)
		switch {
		case p.fails(level):
			status = Fail
		case status == Pass:
			status = Warn
		}
	}
	return status, out, expected
}

// Cause groups the findings of a report that share a root cause.
type Cause struct {
	Level         Level    `json:"level"`
	Cause         string   `json:"cause"`
	DocumentedFor []string `json:"documented_for,omitempty"`
	Checks        []string `json:"checks"`
}

// Causes groups the report's findings by root cause, most checks first, so that one thing
// wrong with every answer is read once, not dozens of times.
func (r *Report) Causes() []Cause {
	index := map[string]int{}
	var causes []Cause
	for _, res := range r.Results {
		for _, f := range res.Findings {
			key := string(f.Level) + "\x00" + f.Cause
			i, ok := index[key]
			if !ok {
				i = len(causes)
				index[key] = i
				causes = append(causes, Cause{Level: f.Level, Cause: f.Cause, DocumentedFor: f.DocumentedFor})
			}
			if c := &causes[i]; !slices.Contains(c.Checks, res.Check) {
				c.Checks = append(c.Checks, res.Check)
			}
		}
	}
	sort.SliceStable(causes, func(i, j int) bool { return len(causes[i].Checks) > len(causes[j].Checks) })
	return causes
}
