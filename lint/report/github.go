package report

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// GitHub writes one GitHub Actions workflow command per finding, which the
// runner shows as an annotation on the file and in the job summary:
//
//	::error file=deploy/appspec.yml,line=13,col=3,endLine=13,endColumn=10,title=AS503 hook-reserved-event::Install is a step...
//
// warning findings use ::warning and info findings ::notice. Columns count
// characters, 1-based, and endColumn is exclusive as in every other format.
// A finding inside an archive (bundle.zip!deploy/appspec.yml) is put on the
// archive with no line, and its message starts with the inner path and
// position, since its lines are not the archive's.
func GitHub(w io.Writer, r *Result, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, d := range r.All() {
		cmd := "notice"
		switch d.Severity {
		case lint.Error:
			cmd = "error"
		case lint.Warning:
			cmd = "warning"
		}
		msg := d.Message
		archive, inner := SplitArchivePath(d.File)
		var props []string
		if inner != "" {
			props = append(props, "file="+ghProperty(filepath.ToSlash(archive)))
			msg = fmt.Sprintf("%s:%d:%d: %s", d.File, d.Range.Start.Line, d.Range.Start.Col, msg)
		} else {
			props = append(props,
				"file="+ghProperty(filepath.ToSlash(d.File)),
				fmt.Sprintf("line=%d", d.Range.Start.Line),
				fmt.Sprintf("col=%d", d.Range.Start.Col),
				fmt.Sprintf("endLine=%d", d.Range.End.Line),
				fmt.Sprintf("endColumn=%d", d.Range.End.Col))
		}
		props = append(props, "title="+ghProperty(d.Rule.ID+" "+d.Rule.Name))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg))
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message, as the runner's
// toCommandValue does: % first, then CR and LF, so that a message can never
// end the command early or start another.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value, which also may not hold the : and ,
// that separate properties.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
