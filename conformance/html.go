package conformance

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed report.html.tmpl
var htmlTemplate string

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"lower":  func(s Status) string { return strings.ToLower(string(s)) },
	"reason": func(res Result) string { return strings.Map(printable, textReason(res)) },
	"dur":    roundDuration,
}).Parse(htmlTemplate))

// WriteHTML writes the report as one self-contained HTML page (no scripts, no network): a
// summary, then a table of every check, failures first within each group, filterable by
// status with the browser's find or the anchors at the top.
func (r *Report) WriteHTML(w io.Writer) error {
	data := struct {
		*Report
		N           map[string]int
		ProfileName string
	}{r, map[string]int{}, r.profileName()}
	for st, n := range r.StatusCounts() {
		data.N[string(st)] = n
	}
	if err := reportPage.Execute(w, data); err != nil {
		return fmt.Errorf("writing the HTML report: %w", err)
	}
	return nil
}
