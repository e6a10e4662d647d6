package report

import (
	"encoding/xml"
	"io"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Checkstyle writes Checkstyle XML, as Jenkins (Warnings Next Generation),
// reviewdog, SonarQube and other code-quality tools import it:
//
//	<checkstyle version="4.3">
//	  <file name="deploy/appspec.yml">
//	    <error line="13" column="3" severity="error" message="..." source="appspec-lint.AS503"></error>
//	  </file>
//	</checkstyle>
//
// Every linted file is listed, with or without findings; severity is error,
// warning or info, and line and column are 1-based, the column counting
// characters. A finding inside an archive (bundle.zip!deploy/appspec.yml) is
// listed under the archive with no line or column, since its lines are not
// the archive's, and its message starts with the inner path and position.
func Checkstyle(w io.Writer, r *Result, _ Options) error {
	type csError struct {
		Line     int    `xml:"line,attr,omitempty"`
		Column   int    `xml:"column,attr,omitempty"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
	type csFile struct {
		Name   string    `xml:"name,attr"`
		Errors []csError `xml:"error"`
	}
	type checkstyle struct {
		XMLName xml.Name `xml:"checkstyle"`
		Version string   `xml:"version,attr"`
		Files   []csFile `xml:"file"`
	}

	out := checkstyle{Version: "4.3"}
	index := map[string]int{} // file name → position in out.Files
	file := func(name string) *csFile {
		i, ok := index[name]
		if !ok {
			i = len(out.Files)
			index[name] = i
			out.Files = append(out.Files, csFile{Name: name})
		}
		return &out.Files[i]
	}
	for _, f := range r.Files {
		if f.Doc != nil && len(f.Diagnostics) == 0 {
			file(archiveOf(f.Doc.Path))
		}
		ds := append(f.Diagnostics[:0:0], f.Diagnostics...)
		lint.SortDiagnostics(ds)
		for _, d := range ds {
			archive, inner := SplitArchivePath(d.File)
			e := csError{Severity: d.Severity.String(), Message: d.Message, Source: toolName + "." + d.Rule.ID}
			if inner == "" {
				e.Line, e.Column = d.Range.Start.Line, d.Range.Start.Col
			} else {
				e.Message = d.File + ":" + d.Range.Start.String() + ": " + d.Message
			}
			cf := file(archive)
			cf.Errors = append(cf.Errors, e)
		}
	}
	return writeXML(w, out)
}
