package report

import (
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Lines longer than snippetMaxBytes are shown as a window of
// snippetWindow characters around the range's start, from
// snippetLead characters before it, with "…" where the line goes on: a
// minified one-line file of a megabyte with thousands of findings would
// otherwise print the whole line (and its underline) for each of them.
const (
	snippetMaxBytes = 400
	snippetWindow   = 160
	snippetLead     = 40
)

// snippetLine returns the line of the range's start, or for a long line the
// window of it around the range, with "…" marking what is left out. cut is
// how many characters were left out before the window (0 when none).
func snippetLine(doc *lint.Document, rg lint.Range) (line string, cut int) {
	b := doc.Lines.LineBytes(rg.Start.Line)
	if len(b) <= snippetMaxBytes {
		return string(b), 0
	}
	lineStart := doc.Lines.Offset(lint.Pos{Line: rg.Start.Line, Col: 1})
	at := min(max(doc.Lines.Offset(rg.Start)-lineStart, 0), len(b))
	from := at
	for i := 0; i < snippetLead && from > 0; i++ {
		_, size := utf8.DecodeLastRune(b[:from])
		from -= size
	}
	to := from
	for i := 0; i < snippetWindow && to < len(b); i++ {
		_, size := utf8.DecodeRune(b[to:])
		to += size
	}
	line = string(b[from:to])
	if to < len(b) {
		line += "…"
	}
	if from > 0 {
		return "…" + line, rg.Start.Col - 1 - utf8.RuneCount(b[from:at])
	}
	return line, 0
}
