// Package report renders findings in the formats users and CI read.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Result is everything one run found: each linted document with its findings.
type Result struct {
	Files []FileResult
}

// FileResult is one linted document and its findings.
type FileResult struct {
	Doc         *lint.Document
	Diagnostics []*lint.Diagnostic
}

// All returns every finding, sorted by file and position.
func (r *Result) All() []*lint.Diagnostic {
	var out []*lint.Diagnostic
	for _, f := range r.Files {
		out = append(out, f.Diagnostics...)
	}
	lint.SortDiagnostics(out)
	return out
}

// Sort orders the files by path.
func (r *Result) Sort() {
	sort.SliceStable(r.Files, func(i, j int) bool { return r.Files[i].Doc.Path < r.Files[j].Doc.Path })
}

// Options tune a reporter.
type Options struct {
	Color bool // ANSI colour (text only; only for a terminal)
	// Version is appspec-lint's version, for formats that name the tool
	// (SARIF's tool.driver.version); empty leaves it out.
	Version string
	// Rules is the whole rule set, for formats that describe rules (SARIF's
	// tool.driver.rules lists them all when given, else only the rules that
	// have findings).
	Rules []*lint.Rule
	// FailLevel gives, for a finding's file, the lowest severity that fails
	// the run (--fail-on, or fail-on in that file's config), so formats that
	// have a pass/fail notion (JUnit) agree with the exit status. Nil: every
	// finding fails.
	FailLevel func(file string) lint.Severity
}

// fails tells whether d fails the run under opts.
func (o Options) fails(d *lint.Diagnostic) bool {
	return o.FailLevel == nil || d.Severity >= o.FailLevel(d.File)
}

// Reporter writes a result.
type Reporter func(w io.Writer, r *Result, opts Options) error

// Formats maps --format names to reporters.
var Formats = map[string]Reporter{
	"text":       Text,
	"json":       JSON,
	"sarif":      SARIF,
	"github":     GitHub,
	"junit":      JUnit,
	"checkstyle": Checkstyle,
}

// FormatNames lists the formats, sorted.
func FormatNames() []string {
	var names []string
	for n := range Formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Counts tallies findings by severity.
func Counts(ds []*lint.Diagnostic) (errors, warnings, infos int) {
	for _, d := range ds {
		switch d.Severity {
		case lint.Error:
			errors++
		case lint.Warning:
			warnings++
		default:
			infos++
		}
	}
	return
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Summary is a one-line tally such as "2 errors, 1 warning in 3 files".
func Summary(r *Result) string {
	ds := r.All()
	e, w, i := Counts(ds)
	var parts []string
	if e > 0 {
		parts = append(parts, plural(e, "error"))
	}
	if w > 0 {
		parts = append(parts, plural(w, "warning"))
	}
	if i > 0 {
		parts = append(parts, plural(i, "info"))
	}
	files := plural(len(r.Files), "file")
	if len(parts) == 0 {
		return "no problems in " + files
	}
	return strings.Join(parts, ", ") + " in " + files
}
