package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/appspec-lint/appspec-lint/lint"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGray   = "\x1b[90m"
)

// Text writes each finding as
//
//	path:line:col: severity: message [ID name]
//	   5 |   Install:
//	     |   ^~~~~~~
//
// followed by a summary line.
func Text(w io.Writer, r *Result, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, f := range r.Files {
		for _, d := range f.Diagnostics {
			sevColor := ansiCyan
			switch d.Severity {
			case lint.Error:
				sevColor = ansiRed
			case lint.Warning:
				sevColor = ansiYellow
			}
			fmt.Fprintf(bw, "%s: %s: %s %s\n",
				paint(ansiBold, fmt.Sprintf("%s:%d:%d", d.File, d.Range.Start.Line, d.Range.Start.Col)),
				paint(sevColor, d.Severity.String()),
				d.Message,
				paint(ansiGray, "["+d.Rule.ID+" "+d.Rule.Name+"]"))
			writeSnippet(bw, f.Doc, d.Range, func(s string) string { return paint(sevColor, s) })
		}
	}
	if len(r.Files) > 0 {
		fmt.Fprintln(bw, Summary(r))
	}
	return bw.Flush()
}

// writeSnippet prints the source line of the range's start and an underline
// of the range on that line. Tabs in the line are kept in the underline's
// indentation so the caret lines up in any terminal.
func writeSnippet(w io.Writer, doc *lint.Document, rg lint.Range, paint func(string) string) {
	if doc == nil || len(doc.Src) == 0 || rg.Start.Line < 1 || rg.Start.Line > doc.Lines.LineCount() {
		return
	}
	line, cut := snippetLine(doc, rg)
	if cut > 0 {
		// Columns are counted from the window's start, after its "…".
		rg.Start.Col -= cut - 1
		if rg.End.Line == rg.Start.Line {
			rg.End.Col -= cut - 1
		}
	}
	line = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return '?' // never send control characters to the terminal
		}
		return r
	}, strings.ToValidUTF8(line, "?"))
	num := fmt.Sprintf("%d", rg.Start.Line)
	gutter := strings.Repeat(" ", max(4, len(num)))
	fmt.Fprintf(w, "%*s | %s\n", len(gutter), num, line)

	runes := []rune(line)
	startCol := min(rg.Start.Col-1, len(runes))
	endCol := len(runes)
	if rg.End.Line == rg.Start.Line {
		endCol = min(rg.End.Col-1, len(runes))
	}
	var pad strings.Builder
	for _, r := range runes[:startCol] {
		if r == '\t' {
			pad.WriteRune('\t')
		} else {
			pad.WriteString(strings.Repeat(" ", cellWidth(r)))
		}
	}
	width := 0
	for _, r := range runes[startCol:max(startCol, endCol)] {
		width += cellWidth(r)
	}
	mark := "^"
	if width > 1 {
		mark += strings.Repeat("~", width-1)
	}
	fmt.Fprintf(w, "%s | %s%s\n", gutter, pad.String(), paint(mark))
}

// cellWidth is how many terminal columns r takes: two for East Asian wide
// and fullwidth characters (CJK, most emoji), none for combining marks and
// joiners, one otherwise — so the caret lands under the finding even when
// wide characters come before it on the line.
func cellWidth(r rune) int {
	switch {
	case r == 0x200D || r >= 0xFE00 && r <= 0xFE0F || unicode.In(r, unicode.Mn, unicode.Me):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
