package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// JUnit writes JUnit XML, as GitLab (artifacts:reports:junit), Jenkins and
// most CI test views read it: one <testsuite> per linted file, named by its
// path, and in it one <testcase> per finding, failed, whatever its severity
// (the <failure> type says error, warning or info). A file without findings
// gets one passing test case, so that clean files are counted too.
//
// A test case's classname is the file's path and its name "ID name at
// line:col", so that each finding is its own test in the reports; the
// failure's text is the finding as --format text prints its first line.
// The file attribute names the file, or the archive for a finding inside one
// (bundle.zip!deploy/appspec.yml).
func JUnit(w io.Writer, r *Result, opts Options) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		File      string   `xml:"file,attr,omitempty"`
		Line      int      `xml:"line,attr,omitempty"`
		Failure   *failure `xml:"failure"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	type testsuite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	type testsuites struct {
		XMLName  xml.Name    `xml:"testsuites"`
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Suites   []testsuite `xml:"testsuite"`
	}

	out := testsuites{Name: toolName}
	for _, f := range r.Files {
		name := ""
		if f.Doc != nil {
			name = f.Doc.Path
		}
		if name == "" && len(f.Diagnostics) > 0 {
			name = f.Diagnostics[0].File
		}
		s := testsuite{Name: name}
		ds := append(f.Diagnostics[:0:0], f.Diagnostics...)
		lint.SortDiagnostics(ds)
		for _, d := range ds {
			archive, inner := SplitArchivePath(d.File)
			tc := testcase{
				Name:      fmt.Sprintf("%s %s at %d:%d", d.Rule.ID, d.Rule.Name, d.Range.Start.Line, d.Range.Start.Col),
				Classname: d.File,
				File:      archive,
			}
			text := fmt.Sprintf("%s:%d:%d: %s: %s [%s %s]", d.File, d.Range.Start.Line, d.Range.Start.Col,
				d.Severity, d.Message, d.Rule.ID, d.Rule.Name)
			if opts.fails(d) {
				tc.Failure = &failure{Message: d.Message, Type: d.Severity.String(), Text: text}
				s.Failures++
			} else {
				tc.SystemOut = text
			}
			if inner == "" {
				tc.Line = d.Range.Start.Line
			}
			s.Cases = append(s.Cases, tc)
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, testcase{Name: toolName, Classname: name, File: archiveOf(name)})
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Suites = append(out.Suites, s)
	}
	return writeXML(w, out)
}

func archiveOf(p string) string {
	a, _ := SplitArchivePath(p)
	return a
}

// writeXML writes the declaration and v, indented. encoding/xml escapes
// markup and replaces characters XML 1.0 cannot hold (control characters
// from a broken file) with U+FFFD, so the output is always well-formed.
func writeXML(w io.Writer, v any) error {
	var b strings.Builder
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
