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
	pass, fail, skip := r.Counts()
	data := struct {
		*Report
		Pass, Fail, Skip int
	}{r, pass, fail, skip}
	if err := reportPage.Execute(w, data); err != nil {
		return fmt.Errorf("writing the HTML report: %w", err)
	}
	return nil
}
