package rules

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// Text helpers shared by the syntax, encoding and spacing rules: positions on
// a line, applying edits to check that a fix really helps, and comparing two
// parsed trees.

// syntaxByteIndex converts a 1-based rune column of text to a byte index.
func syntaxByteIndex(text string, col int) int {
	// ASCII first: there a column is a byte.
	n := min(max(col-1, 0), len(text))
	i := 0
	for i < n && text[i] < utf8.RuneSelf {
		i++
	}
	if i == n {
		return n
	}
	for c := i + 1; c < col && i < len(text); c++ {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// syntaxPos is the position of byte index i of line n's text.
func syntaxPos(n int, text string, i int) lint.Pos {
	return lint.Pos{Line: n, Col: spacingCol(text, i)}
}

// syntaxLineRange is the range of bytes [i, j) of line n's text.
func syntaxLineRange(n int, text string, i, j int) lint.Range {
	return lint.Range{Start: syntaxPos(n, text, i), End: syntaxPos(n, text, j)}
}

// syntaxToken is the range of the token that starts at p: the text up to the
// next blank, or up to a flow indicator when flow is set. It is empty at the
// end of a line.
func syntaxToken(d *lint.Document, p lint.Pos, flow bool) lint.Range {
	text := d.Lines.Line(p.Line)
	i := syntaxByteIndex(text, p.Col)
	j := i
	for j < len(text) {
		c := text[j]
		if c == ' ' || c == '\t' || (flow && strings.IndexByte(",[]{}", c) >= 0 && j > i) {
			break
		}
		j++
	}
	return syntaxLineRange(p.Line, text, i, j)
}

// syntaxApply returns src with the edits applied. Edits must not overlap.
func syntaxApply(d *lint.Document, edits []lint.Edit) []byte {
	type span struct {
		a, b int
		text string
	}
	spans := make([]span, 0, len(edits))
	for _, e := range edits {
		spans = append(spans, span{d.Lines.Offset(e.Range.Start), d.Lines.Offset(e.Range.End), e.NewText})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].a < spans[j].a })
	var b strings.Builder
	b.Grow(len(d.Src) + 16)
	last := 0
	for _, s := range spans {
		if s.a < last {
			continue // overlapping edit: keep the first
		}
		b.Write(d.Src[last:s.a])
		b.WriteString(s.text)
		last = s.b
	}
	b.Write(d.Src[last:])
	return []byte(b.String())
}

// syntaxFixHelps reports whether applying edits makes the document parse, or
// at least moves its first syntax error past line after (line numbers must
// not change before it). A fix is only offered when it helps.
func syntaxFixHelps(d *lint.Document, edits []lint.Edit, after int) bool {
	if len(edits) == 0 {
		return false
	}
	nd := lint.Parse(d.Path, syntaxApply(d, edits))
	if nd.SyntaxError == nil {
		return true
	}
	return after > 0 && nd.SyntaxError.Pos.Line > after
}

// syntaxSameTree reports whether two parsed trees hold the same data.
func syntaxSameTree(a, b *lint.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value ||
		len(a.Pairs) != len(b.Pairs) || len(a.Items) != len(b.Items) {
		return false
	}
	for i := range a.Pairs {
		if !syntaxSameTree(a.Pairs[i].Key, b.Pairs[i].Key) || !syntaxSameTree(a.Pairs[i].Value, b.Pairs[i].Value) {
			return false
		}
	}
	for i := range a.Items {
		if !syntaxSameTree(a.Items[i], b.Items[i]) {
			return false
		}
	}
	return true
}

// syntaxIndentEdit replaces the indentation of line l (the blanks before its
// first character) with width spaces.
func syntaxIndentEdit(l *spacingLine, width int) lint.Edit {
	i := 0
	if l.bom {
		i = len("\uFEFF")
	}
	a := i
	for i < len(l.text) && (l.text[i] == ' ' || l.text[i] == '\t') {
		i++
	}
	return lint.Edit{Range: syntaxLineRange(l.n, l.text, a, i), NewText: strings.Repeat(" ", max(width, 0))}
}

// syntaxShiftEdits moves line from (0-based index into lines) and the lines
// that go with it by delta columns: the following lines at the same column
// that are siblings of key, and anything nested deeper below them. It
// returns the edits and the last line moved.
func syntaxShiftEdits(lines []*spacingLine, from int, key string, delta int) ([]lint.Edit, int) {
	l := lines[from]
	col := l.first
	edits := []lint.Edit{syntaxIndentEdit(l, col-1+delta)}
	last := l.n
	for i := from + 1; i < len(lines); i++ {
		m := lines[i]
		if m.blank || m.first == 0 {
			continue
		}
		if m.tab {
			break
		}
		if m.first > col || (m.first == col && len(m.dashes) == 0 && m.key != "" && len(l.dashes) == 0 && spacingSameGroup(m.key, key)) {
			edits = append(edits, syntaxIndentEdit(m, m.first-1+delta))
			last = m.n
			continue
		}
		break
	}
	return edits, last
}

// syntaxQuote writes s as a YAML double-quoted scalar.
func syntaxQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
