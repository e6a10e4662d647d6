package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// SpacingCanonical is AS150.
var SpacingCanonical = &lint.Rule{
	ID: "AS150", Name: "spacing-canonical", Severity: lint.Info,
	Platforms: lint.EC2, Category: "spacing",
	Summary: "indentation or spacing differs from the documented 0/2/4/6 AppSpec layout",
	Doc: `The "AppSpec File spacing" section of the CodeDeploy user guide gives exact
indentation for EC2/On-Premises AppSpec files: top-level keys at column 1;
"- source:" and "- object:" items 2 spaces in, their other keys 4 spaces in;
acls, type and context entries 6 spaces in; hook events 2 spaces in,
"- location:" 4 and timeout:/runas: 6; exactly one space after a colon that
has a value on its line, and after every "-". The same rule covers any other
key: what is under a key is indented 2 spaces more than the key, and the keys
of a list item start one space after its dash.

YAML accepts any consistent indentation (AWS's own hooks page uses 3/5/7), so
this is style only, reported as info: it keeps files uniform and makes the
real indentation mistakes (AS151, AS502) easy to see. Each offending line is
reported once, at its first misplaced column.

The fix is a layout fix: it changes only spaces, never the data. A line's fix
moves everything the line holds with it: the entries of the same mapping or
list (siblings must stay in line), their nested lines, the text of block
scalars (| and >) and the further lines of multi-line values, so that every
value stays exactly the same. Flow collections ([a, b], {k: v}) are kept as
written inside. A comment line that starts at the column of the next line
moves with that line; other comment lines stay where they are (a comment
after a block scalar keeps its distance to the block, so it never becomes
part of the text). Blank lines stay. Files written in JSON syntax, files that
do not parse and files with tabs in their indentation (AS107) are left alone,
and so is a tab after a colon (the agent's parser accepts it there).

Bad:

    hooks:
       AfterInstall:
         - location:   scripts/setup.sh
           timeout: 300

Good:

    hooks:
      AfterInstall:
        - location: scripts/setup.sh
          timeout: 300
`,
	Document: func(p *lint.Pass) {
		m := canonBuild(p.Doc)
		if m == nil {
			return
		}
		defer m.release()
		for n := 1; n <= len(m.lines); n++ {
			if l := m.line(n); l.kind == canonStructural {
				m.checkLine(p, n, l)
			}
		}
	},
}

func init() { register(SpacingCanonical) }

// checkLine reports the first misplaced column of a structural line.
func (m *canonModel) checkLine(p *lint.Pass, n int, l *canonLine) {
	text := l.text
	for k, t := range l.toks {
		b := t.box
		if b.delta == 0 {
			continue
		}
		at := syntaxLineRange(n, text, t.idx+b.delta, t.idx)
		if b.delta > 0 {
			start := syntaxPos(n, text, t.idx)
			at = lint.Range{Start: start, End: lint.Pos{Line: n, Col: start.Col + 1}}
		}
		f := m.boxFix(b.fixRoot)
		if f == nil {
			// The layout cannot be moved without changing the data (a byte
			// order mark would start a line): AS112 reports the cause, and
			// AS150 reports only what its fix puts right.
			return
		}
		p.Report(at, "%s; %s: %s", m.describeTok(l, k), m.wantText(l, k), canonAction(b.delta)).
			WithFix(f.Kind, f.Description, f.Edits...)
		return
	}
	edits := m.colonEdits(n, l)
	if len(edits) == 0 {
		return
	}
	var d *lint.Diagnostic
	if !l.alias && l.keyEnd >= 0 && l.keyEnd < l.colon {
		d = p.Report(syntaxLineRange(n, text, l.keyEnd, l.colon), "`%s` has %s before its colon; the AppSpec layout writes the colon right after the key: write `%s:`",
			hookShort(l.keyName), canonSpaces(l.colon-l.keyEnd), hookShort(l.keyName))
	} else {
		// The gap is spaces, more than one: in a block mapping the parser
		// takes a colon for the key's only before a blank, and a tab in the
		// gap leaves it to AS107 (colon sets no gapEnd).
		gap := text[l.colon+1 : l.gapEnd]
		d = p.Report(syntaxLineRange(n, text, l.colon+2, l.gapEnd), "`%s:` is followed by %s; the AppSpec layout has exactly one space after a colon: write `%s: %s`",
			hookShort(l.keyName), canonSpaces(len(gap)), hookShort(l.keyName), canonShortText(text[l.gapEnd:]))
	}
	d.WithFix(lint.LayoutFix, "use one space after `"+hookShort(l.keyName)+":`", edits...)
}

// describeTok names token k of line l and says where it is.
func (m *canonModel) describeTok(l *canonLine, k int) string {
	t := l.toks[k]
	col := t.idx - l.base
	var what string
	switch {
	case t.key != nil:
		what = "`" + hookShort(structKeyName(t.key)) + ":`"
	case t.item != nil:
		what = "the list item `- " + canonItemText(t.item) + "`"
	case k > 0:
		what = "`" + canonShortText(l.text[t.idx:]) + "`"
	default:
		what = "the value `" + canonShortText(l.text[t.idx:]) + "`"
	}
	if k == 0 && col == 0 {
		return what + " is not indented"
	}
	if k == 0 {
		return fmt.Sprintf("%s is indented %s", what, canonSpaces(col))
	}
	return fmt.Sprintf("%s is %s after the `-` before it", what, canonSpaces(col-(l.toks[k-1].idx-l.base)-1))
}

// wantText says where the layout wants token k of line l.
func (m *canonModel) wantText(l *canonLine, k int) string {
	b := l.toks[k].box
	column := b.want + 1
	switch {
	case b.parent == nil && b.node.Kind == lint.SequenceNode:
		return "the AppSpec layout starts a top-level list at column 1"
	case b.parent == nil:
		return "the AppSpec layout starts top-level keys at column 1"
	case b.key != nil:
		return fmt.Sprintf("the AppSpec layout indents it 2 spaces more than `%s:` (line %d), at column %d",
			hookShort(structKeyName(b.key)), b.key.Range.Start.Line, column)
	case k > 0 && l.toks[k-1].box == b.parent:
		return "the AppSpec layout puts exactly one space after `-`"
	case b.node.Kind == lint.MappingNode && b.node.Style != lint.Flow:
		return fmt.Sprintf("the AppSpec layout lines up the keys of a list item one space after its `-` (line %d), at column %d", b.dashLine, column)
	default:
		return fmt.Sprintf("the AppSpec layout puts a list item one space after its `-` (line %d), at column %d", b.dashLine, column)
	}
}

func canonAction(delta int) string {
	if delta < 0 {
		return "remove " + canonSpaces(-delta)
	}
	return "add " + canonSpaces(delta)
}

func canonSpaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}

// canonItemText shows the start of a list item: its first key, or its value.
func canonItemText(item *lint.Node) string {
	it := item.Resolve()
	switch {
	case item.Kind == lint.AliasNode:
		return canonShortText(item.Raw)
	case it.Kind == lint.MappingNode && it.Style != lint.Flow && len(it.Pairs) > 0:
		return hookShort(structKeyName(it.Pairs[0].Key)) + ":"
	case it.Kind == lint.SequenceNode && it.Style != lint.Flow:
		return "-"
	case it.Kind == lint.ScalarNode:
		return canonShortText(it.Raw)
	}
	return "..."
}

// canonShortText is the first line of s without a trailing comment, cut to
// a readable length.
func canonShortText(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " #"); i > 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return s
}

// colonEdits are the edits that make the spacing around line l's colon one
// space after it and none before it.
func (m *canonModel) colonEdits(n int, l *canonLine) []lint.Edit {
	if l.colon < 0 {
		return nil
	}
	text := l.text
	var edits []lint.Edit
	if !l.alias && l.keyEnd >= 0 && l.keyEnd < l.colon {
		edits = append(edits, lint.Edit{Range: syntaxLineRange(n, text, l.keyEnd, l.colon)})
	}
	if l.gapEnd >= 0 && text[l.colon+1:l.gapEnd] != " " {
		edits = append(edits, lint.Edit{Range: syntaxLineRange(n, text, l.colon+1, l.gapEnd), NewText: " "})
	}
	return edits
}

// boxFix is the fix that puts box b where the layout wants it, with
// everything it holds: its entries, their nested lines (laid out too), the
// continuation lines of its values and the comments that go with them. It
// changes only whitespace, and every line that belongs to the box moves
// with it, so the data stays the same. Its edits include the (maybe
// unchanged) indentation of every box inside it that is off its column, so
// that the engine never applies it in the same round as the fix of such a
// box: the two would move the same lines twice.
//
// b is the fixRoot of a box off its column, never nil: that box, or (below
// canonMaxOffDepth boxes that are off too) the deepest of them that is one.
func (m *canonModel) boxFix(b *canonBox) *lint.Fix {
	if b.fix != nil {
		return b.fix
	}
	base := 0
	if b.parent != nil {
		base = b.parent.shift
	}
	rel := func(x *canonBox) int { return x.shift - base }
	// b's token is one of its line's: settle records the box's first token
	// where visit adds it.
	first := m.line(b.line)
	j := 0
	for first.toks[j].idx != b.idx {
		j++
	}
	inside := func(n int) bool { return n >= b.line && n <= b.last }
	start := b.line
	if j == 0 {
		for start > 1 && (m.line(start-1).kind == canonComment || m.line(start-1).kind == canonBlank) {
			start--
		}
	}
	end := b.last
	for end < len(m.lines) && (m.line(end+1).kind == canonComment || m.line(end+1).kind == canonBlank) {
		end++
	}
	var edits []lint.Edit
	lo, hi := 0, 0
	// emit sets text[a:z] of line n (blanks) to width blanks, or refuses a
	// token that would land before its line's start or the token before it.
	emit := func(n int, text string, a, z, width int, guard bool) bool {
		if width < 0 || z < a {
			return false
		}
		if width == 0 && a == m.line(n).base && strings.HasPrefix(text[z:], "\ufeff") {
			// A byte order mark moved to the start of a line is one YAML
			// readers skip (at the file's start) or count as indentation
			// (after the file's own): the key would change (found by FuzzFix:
			// " \ufeff:").
			return false
		}
		now := text[a:z]
		want := canonBlanks(width)
		if now == want && !guard {
			return true
		}
		edits = append(edits, lint.Edit{Range: syntaxLineRange(n, text, a, z), NewText: want})
		if now != want {
			if lo == 0 {
				lo = n
			}
			hi = n
		}
		return true
	}
	for n := start; n <= end; n++ {
		l := m.line(n)
		text := l.text
		switch l.kind {
		case canonStructural:
			from, prev := 0, 0
			if n == b.line {
				from = j
				if j > 0 {
					prev = first.toks[j-1].idx - l.base
				}
			}
			for k := from; k < len(l.toks); k++ {
				t := l.toks[k]
				nc := t.idx - l.base + rel(t.box)
				guard := t.box.delta != 0 && t.line == t.box.line && t.idx == t.box.idx
				a, width := l.base, nc
				if k > 0 {
					a, width = l.toks[k-1].idx+1, nc-prev-1
				}
				if !emit(n, text, a, t.idx, width, guard) {
					return nil
				}
				prev = nc
			}
			for _, e := range m.colonEdits(n, l) {
				edits = append(edits, e)
				if lo == 0 {
					lo = n
				}
				hi = n
			}
		// Indentation alone (continuation, blank and comment lines) cannot
		// fail emit: its range is the line's blanks, its width at least 0.
		case canonContinuation:
			if inside(n) {
				emit(n, text, l.base, l.base+l.indent, canonWidth(l, rel(l.owner)), false)
			}
		case canonBlank:
			if l.owner != nil && inside(l.blockEnd) && l.indent > 0 {
				emit(n, text, l.base, l.base+l.indent, canonWidth(l, rel(l.owner)), false)
			}
		case canonComment:
			if l.tab {
				continue
			}
			shift := 0
			if nl := m.line(l.next); l.next != 0 && nl.toks[0].idx-nl.base == l.indent {
				if inside(l.next) && (l.next != b.line || j == 0) {
					shift = rel(nl.toks[0].box)
				}
			} else if l.owner != nil && inside(l.blockEnd) {
				shift = rel(l.owner)
			}
			emit(n, text, l.base, l.base+l.indent, max(0, l.indent+shift), false)
		}
	}
	// The line after the box is where a key dedented out of it sits (AS151,
	// AS502, AS211): their fixes line it up with a line this fix moves, so
	// they must not be applied in the same round. Unchanged edits of its
	// start make the engine take one fix per round: an insertion at the
	// line's start and the indentation with the first character of the
	// token (the engine lets an insertion at the start of another edit
	// through, so both are needed).
	if l := m.line(end + 1); l != nil && l.kind == canonStructural && (b.node.Kind == lint.MappingNode || b.node.Kind == lint.SequenceNode) {
		text := l.text
		// The token's first character, whole: a key may start with `ó`.
		_, size := utf8.DecodeRuneInString(text[l.toks[0].idx:])
		tok := l.toks[0].idx + size
		at := syntaxPos(end+1, text, l.base)
		edits = append(edits, lint.Edit{Range: lint.Range{Start: at, End: at}},
			lint.Edit{Range: syntaxLineRange(end+1, text, l.base, tok), NewText: text[l.base:tok]})
	}
	// lo and hi are set: b is off its column (delta != 0), so the blanks
	// before its token, on its first line, change.
	desc := fmt.Sprintf("re-indent lines %d-%d to the AppSpec layout", lo, hi)
	switch {
	case lo == hi && j > 0:
		desc = fmt.Sprintf("use one space after `-` on line %d", lo)
	case lo == hi:
		desc = fmt.Sprintf("re-indent line %d to the AppSpec layout", lo)
	}
	b.fix = &lint.Fix{Kind: lint.LayoutFix, Description: desc, Edits: edits}
	return b.fix
}

// canonWidth is the new indentation of a continuation or blank line moved
// by shift. A whitespace-only line keeps at least one space: in a block
// scalar with keep chomping (|+) a last line of spaces and an empty last
// line are not the same text.
func canonWidth(l *canonLine, shift int) int {
	w := max(0, l.indent+shift)
	if !l.hasText && l.indent > 0 && w == 0 {
		w = 1
	}
	return w
}

const canonSpaceRun = "                                                                "

// canonBlanks is n spaces, without allocating for the usual widths.
func canonBlanks(n int) string {
	if n <= len(canonSpaceRun) {
		return canonSpaceRun[:n]
	}
	return strings.Repeat(" ", n)
}
