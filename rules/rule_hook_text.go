package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Source-text helpers for the hook rules' fixes. Positions come from the
// tree; these only look at the text around them, through the line index.

// hookBefore is the text of r's first line before r starts. LineByte clamps
// to the line, which LineBytes returns (nil, and LineByte 0, for no line).
func hookBefore(d *lint.Document, r lint.Range) string {
	return string(d.Lines.LineBytes(r.Start.Line)[:d.Lines.LineByte(r.Start)])
}

// hookAfter is the text of r's last line after r ends.
func hookAfter(d *lint.Document, r lint.Range) string {
	return string(d.Lines.LineBytes(r.End.Line)[d.Lines.LineByte(r.End):])
}

// hookOwnLines reports whether r starts its line (only spaces before it) and
// ends its line (only spaces or a comment after it).
func hookOwnLines(d *lint.Document, r lint.Range) bool {
	if strings.Trim(hookBefore(d, r), " ") != "" {
		return false
	}
	after := strings.TrimLeft(hookAfter(d, r), " \t")
	return after == "" || strings.HasPrefix(after, "#")
}

// hookDeleteLines is the edit removing the whole lines r spans, line ending
// included.
func hookDeleteLines(d *lint.Document, r lint.Range) lint.Edit {
	start := lint.Pos{Line: r.Start.Line, Col: 1}
	if r.End.Line < d.Lines.LineCount() {
		return lint.Edit{Range: lint.Range{Start: start, End: lint.Pos{Line: r.End.Line + 1, Col: 1}}}
	}
	end := d.Lines.EndOfLine(r.End.Line)
	if r.Start.Line > 1 {
		start = d.Lines.EndOfLine(r.Start.Line - 1)
	}
	return lint.Edit{Range: lint.Range{Start: start, End: end}}
}

// hookShow shows a scalar's source text in a message, shortened.
func hookShow(n *lint.Node) string { return "`" + hookShort(n.Raw) + "`" }

// hookShort cuts a text from the source to its first line and 40 characters.
func hookShort(s string) string {
	cut := false
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s, cut = s[:i], true
	}
	if i := strings.IndexByte(s, '\r'); i >= 0 {
		s, cut = s[:i], true
	}
	if len(s) > 40 && utf8.RuneCountInString(s) > 40 {
		s, cut = string([]rune(s)[:37]), true
	}
	if cut {
		s += "..."
	}
	return s
}

// hookSingleLine reports whether n is a scalar written on one line.
func hookSingleLine(n *lint.Node) bool {
	return n != nil && n.Kind == lint.ScalarNode && n.Range.Start.Line == n.Range.End.Line &&
		n.Style != lint.Literal && n.Style != lint.Folded
}

// hookDashBefore finds the `- ` that introduces a block list item starting at
// r: the range of the dash and the spaces after it, or false when the item
// does not start its line that way.
func hookDashBefore(d *lint.Document, r lint.Range) (lint.Range, bool) {
	before := hookBefore(d, r)
	trimmed := strings.TrimRight(before, " ")
	if !strings.HasSuffix(trimmed, "-") || strings.Trim(trimmed[:len(trimmed)-1], " ") != "" {
		return lint.Range{}, false
	}
	dash := lint.Pos{Line: r.Start.Line, Col: len(trimmed)} // the line's prefix is ASCII spaces and "-"
	return lint.Range{Start: dash, End: r.Start}, true
}
