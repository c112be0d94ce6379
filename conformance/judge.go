package conformance

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
)

// The standard's status words and the retcodes they pair with (communication/http.md).
const (
	statusOK     = "ok"
	statusAsync  = "async"
	statusFailed = "failed"
	retcodeOK    = 0
	retcodeAsync = 1
)

// Envelope fields beside the standard's that carry the failure text: the conventions
// (message, wording) and go-cqhttp's msg.
const (
	fieldWording = "wording"
	fieldMsg     = "msg"
)

// envelope holds the envelope fields a check reads, when they have the right JSON type.
type envelope struct {
	status     string
	hasStatus  bool
	retcode    int
	hasRetcode bool
	data       any
	hasData    bool
	message    string
	msg        string
	wording    string
}

// failureText is the target's own words for a failure: message, else msg, else wording.
func (e envelope) failureText() string {
	return joinNonEmpty(" / ", e.message, e.msg, e.wording)
}

// answer is a 200 answer decoded and judged against an action, with the problems found so far;
// checks add their own.
type answer struct {
	v  any
	e  envelope
	ps problems
}

func readEnvelope(v any) envelope {
	var e envelope
	m, ok := v.(map[string]any)
	if !ok {
		return e
	}
	e.status, e.hasStatus = m[fieldStatus].(string)
	if n, ok := m[fieldRetcode].(float64); ok && n == float64(int(n)) {
		e.retcode, e.hasRetcode = int(n), true
	}
	e.data, e.hasData = m[fieldData]
	e.message, _ = m[fieldMessage].(string)
	e.msg, _ = m[fieldMsg].(string)
	e.wording, _ = m[fieldWording].(string)
	return e
}

// statusFor is the status the standard pairs with a retcode.
func statusFor(retcode int) string {
	switch retcode {
	case retcodeOK:
		return statusOK
	case retcodeAsync:
		return statusAsync
	}
	return statusFailed
}

// judgeAnswer expects HTTP 200 and a JSON envelope and judges it as an answer of o, at every
// level: the standard's schema (every violation, not only the first), status/retcode pairing,
// data null versus absent, onespec's envelope and retcode promises, and, under a family
// profile, that family's documented retcodes. An answer that matches the standard only after
// a family's documented renames or values (x-onebot-families) is that family's variant: one
// finding naming it, instead of the raw schema errors. done reports an outcome that ends the
// check early (wrong HTTP status, not JSON).
func (s *suite) judgeAnswer(o *op, ex exchange) (a answer, out outcome, done bool) {
	if out, done := expectStatus(ex, http.StatusOK); done {
		return a, out, true
	}
	v, err := decodeJSON(ex)
	if err != nil {
		return a, failAt(Required, refHTTPResponse, "", "%v", err), true
	}
	a.v = v
	a.e = readEnvelope(v)
	m, isObject := v.(map[string]any)
	if !isObject {
		a.ps.addAt(Required, refHTTPResponse, "", "the answer is not an envelope", "the answer must be a JSON object (the envelope), got %s", describeValue(v))
		return a, outcome{}, false
	}
	e := a.e
	if ex.wsEcho != nil {
		if msg := echoProblem(ex.wsEcho, ex.body); msg != "" {
			a.ps.addAt(Required, refWSAPI, fieldEcho, "echo not returned as sent", "%s", msg)
		}
	}
	// data absent vs null: the standard's answer always carries data, null when there is none.
	// Judge the rest as if data were null, so that the one finding says what is wrong.
	judged := m
	if !e.hasData {
		judged = shallowCopy(m)
		judged[fieldData] = nil
		if e.status == statusOK && o.hasData {
			a.ps.addAt(Required, refHTTPResponse, fieldData, "ok without data",
				"status ok but data is absent, and %s answers data", o.name)
		} else {
			p := a.ps.addAt(Recommended, refHTTPResponse, fieldData, "data absent where the standard answers data: null",
				"data is absent; the standard answers data: null when there is none")
			p.documentedFor = s.cat.familiesWhere(func(f family) bool { return f.dataWhenNone == "absent" })
		}
	} else if e.data == nil && e.status == statusOK && o.hasData {
		a.ps.addAt(Required, refHTTPResponse, fieldData, "ok with null data", "status ok but data is null, and %s answers data", o.name)
	} else if d, isObj := e.data.(map[string]any); isObj && len(d) == 0 && e.status == statusOK && !o.hasData {
		// The schema lets an empty object through (a family's variant of nothing); the
		// standard's words are null.
		a.ps.addAt(Required, refHTTPResponse, fieldData, "data {} where the standard answers null",
			"data is {}; %s has no data, and the standard answers data: null when there is none", o.name)
	}
	for _, field := range s.cat.onespecRequired {
		if _, ok := m[field]; ok {
			continue
		}
		p := a.ps.addAt(Onespec, "", field, "envelope lacks "+field+" (a convention, not required by the standard)",
			"the envelope lacks %s (onespec always sends it; the standard does not require it)", field)
		p.documentedFor = s.cat.familiesWhere(func(f family) bool {
			return slices.Contains(f.omits, field) && (f.omitsWhen == "always" || f.omitsWhen == "ok" && e.status == statusOK)
		})
	}
	s.validateVariants(o, judged, &a.ps)
	if e.hasStatus && e.hasRetcode {
		if want := statusFor(e.retcode); e.status != want {
			a.ps.addAt(Required, refHTTPResponse, fieldRetcode, "status does not go with retcode",
				"status %q with retcode %d: retcode %d goes with status %q", e.status, e.retcode, e.retcode, want)
		}
	}
	// 1 (async) is every action's answer to its _async suffix, so no list has to name it.
	if e.hasRetcode && e.retcode != retcodeAsync && !o.documents(e.retcode) {
		a.ps.addAt(Onespec, "", fieldRetcode, "retcode outside the operation's "+extRetcodes,
			"retcode %d is not one of %s's %s %v", e.retcode, o.name, extRetcodes, o.retcodes)
	}
	if f := s.profile.Family; f != "" && e.hasRetcode && e.status == statusFailed && !o.familyRetcode(f, s.cat.families[f], e.retcode) {
		a.ps.addAt(Deviation, "", fieldRetcode, "retcode the family does not document",
			"retcode %d is not one %s documents (failure-retcodes %v, %s %v)", e.retcode, s.profile.FamilyName,
			s.cat.families[f].failureRetcodes, o.name, o.families[f].Retcodes)
	}
	return a, outcome{}, false
}

// validateVariants validates the envelope against o's 200 schema. When it fails, each family
// that documents renames or values for o gets a try: if the answer matches once that family's
// variant is mapped back to the standard, the answer is that family's documented behaviour.
func (s *suite) validateVariants(o *op, v map[string]any, ps *problems) {
	var raw problems
	validate(o.result(), v, &raw)
	if len(raw) == 0 {
		return
	}
	if o.ref != "" {
		// The envelope's rules are the transport's; what data must hold is the action's own
		// section of the standard.
		for i := range raw {
			if raw[i].path == fieldData || strings.HasPrefix(raw[i].path, fieldData+".") {
				raw[i].ref = o.ref
			}
		}
	}
	var matched, how []string
	for _, key := range sortedFamilies(o.families) {
		f := o.families[key]
		if len(f.Renames) == 0 && len(f.Values) == 0 {
			continue
		}
		norm, changes := normalize(v, f)
		if len(changes) == 0 {
			continue
		}
		var rest problems
		validate(o.result(), norm, &rest)
		if len(rest) == 0 {
			matched = append(matched, key)
			how = append(how, changes...)
		}
	}
	if len(matched) == 0 {
		*ps = append(*ps, raw...)
		return
	}
	slices.Sort(how)
	how = slices.Compact(how)
	names := make([]string, len(matched))
	for i, k := range matched {
		names[i] = s.cat.familyName(k)
	}
	p := ps.addAt(Required, cmp.Or(o.ref, refAPI), "", "a family's variant of "+o.name,
		"%s answers in the variant of %s (%s), not the standard's shape", o.name, strings.Join(names, ", "), strings.Join(how, "; "))
	p.documentedFor, p.variant = matched, true
}

// normalize maps a family's documented variant of an answer back to the standard's shape and
// says what it changed; the answer itself is not modified.
func normalize(v map[string]any, f opFamily) (map[string]any, []string) {
	out := deepCopy(v).(map[string]any)
	var changes []string
	data, ok := out[fieldData]
	if !ok {
		return out, nil
	}
	for from, to := range f.Renames {
		if m, ok := data.(map[string]any); ok {
			if val, has := m[from]; has {
				if _, std := m[to]; !std {
					m[to] = val
					delete(m, from)
					changes = append(changes, fmt.Sprintf("data.%s for %s", from, to))
				}
			}
		}
	}
	for _, rule := range f.Values {
		n := replaceValues(data, strings.Split(rule.Field, "."), rule.From, rule.To)
		if n > 0 {
			changes = append(changes, fmt.Sprintf("data.%s %s for %s", rule.Field, jsonText(rule.From), jsonText(rule.To)))
		}
	}
	return out, changes
}

// replaceValues replaces, at path below v ("[]" steps through every array item), the value
// from by to, and counts the replacements.
func replaceValues(v any, path []string, from, to any) int {
	if len(path) == 0 {
		return 0
	}
	if path[0] == "[]" {
		n := 0
		if arr, ok := v.([]any); ok {
			for _, item := range arr {
				n += replaceValues(item, path[1:], from, to)
			}
		}
		return n
	}
	m, ok := v.(map[string]any)
	if !ok {
		return 0
	}
	val, has := m[path[0]]
	if !has {
		return 0
	}
	if len(path) > 1 {
		return replaceValues(val, path[1:], from, to)
	}
	if jsonText(val) == jsonText(from) {
		m[path[0]] = to
		return 1
	}
	return 0
}

func jsonText(v any) string {
	if v == nil {
		return "null"
	}
	if str, ok := v.(string); ok {
		return fmt.Sprintf("%q", str)
	}
	return fmt.Sprint(v)
}

func shallowCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func sortedFamilies(m map[string]opFamily) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// familiesWhere lists the families (keys, sorted) whose root entry satisfies keep.
func (c *catalogue) familiesWhere(keep func(family) bool) []string {
	var out []string
	for _, k := range c.familyKeys() {
		if keep(c.families[k]) {
			out = append(out, k)
		}
	}
	return out
}
