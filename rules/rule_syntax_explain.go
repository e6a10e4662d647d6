package rules

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// A YAML syntax error becomes exactly one diagnostic, explained in AppSpec
// terms at the parser's line and column. syntaxExplain decides what the error
// is (a tab, a missing space, a misaligned key, an unquoted `*`, ...) and so
// which rule reports it; each of those rules asks it and reports the finding
// only when it is its own.

// IDs of the rules that report syntax errors (the rule values refer to this
// file, so it names them by ID).
const (
	syntaxIDYAML        = "AS106"
	syntaxIDTab         = "AS107"
	syntaxIDNonPrinting = "AS112"
	syntaxIDStar        = "AS113" // EC2 only; AS106 reports it elsewhere
	syntaxIDMisaligned  = "AS151"
	syntaxIDColon       = "AS152"
	syntaxIDDash        = "AS153"
)

// syntaxFinding is the one diagnostic a syntax error becomes.
type syntaxFinding struct {
	rule     string // ID of the rule that reports it
	at       lint.Range
	msg      string
	severity lint.Severity // 0 keeps the rule's own
	fix      *lint.Fix
	related  []lint.Related
}

// syntaxReport reports the document's syntax error if it belongs to the
// pass's rule. AS113 only runs on EC2; elsewhere AS106 takes its findings.
func syntaxReport(p *lint.Pass) *syntaxFinding {
	f := syntaxExplain(p.Doc)
	if f == nil {
		return nil
	}
	owner := f.rule
	if owner == syntaxIDStar && !lint.EC2.Has(p.Platform) {
		owner = syntaxIDYAML
	}
	if owner != p.Rule.ID {
		return nil
	}
	d := p.Report(f.at, "%s", f.msg)
	if f.severity != 0 {
		d.WithSeverity(f.severity)
	}
	if f.fix != nil {
		d.WithFix(f.fix.Kind, f.fix.Description, f.fix.Edits...)
	}
	for _, r := range f.related {
		d.WithRelated(r.Range, r.Message)
	}
	return f
}

// syntaxCache keeps the last few explanations: several rules ask about the
// same document in one run.
var syntaxCache struct {
	sync.Mutex
	docs  [4]*lint.Document
	finds [4]*syntaxFinding
	next  int
}

func syntaxExplain(d *lint.Document) *syntaxFinding {
	if d.SyntaxError == nil {
		return nil
	}
	syntaxCache.Lock()
	for i, cd := range syntaxCache.docs {
		if cd == d {
			f := syntaxCache.finds[i]
			syntaxCache.Unlock()
			return f
		}
	}
	syntaxCache.Unlock()
	f := syntaxExplainUncached(d)
	syntaxCache.Lock()
	syntaxCache.docs[syntaxCache.next], syntaxCache.finds[syntaxCache.next] = d, f
	syntaxCache.next = (syntaxCache.next + 1) % len(syntaxCache.docs)
	syntaxCache.Unlock()
	return f
}

type syntaxCtx struct {
	d     *lint.Document
	e     *lint.SyntaxError
	lines []*spacingLine
	line  *spacingLine // the error's line
}

func syntaxExplainUncached(d *lint.Document) *syntaxFinding {
	x := &syntaxCtx{d: d, e: d.SyntaxError, lines: spacingLines(d)}
	// The parser places every syntax error inside the document (lint's
	// FuzzParseYAML and FuzzParseJSON check it), on one of these lines.
	x.line = x.lines[x.e.Pos.Line-1]
	if x.e.JSON {
		// The JSON parser's own words already say what and where.
		return &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
			msg: "the JSON does not parse, so CodeDeploy rejects the file: " + x.e.Message}
	}
	for _, step := range []func() *syntaxFinding{
		x.badCharacter, x.tooDeep, x.lineSeparator, x.tab, x.oddSpace, x.star, x.flow,
		x.documentStart, x.culprit, x.colonInValue, x.indentation, x.other,
	} {
		if f := step(); f != nil {
			return f
		}
	}
	return x.generic()
}

// here is the range of the token at the parser's position.
func (x *syntaxCtx) here() lint.Range {
	return syntaxToken(x.d, x.e.Pos, x.d.Format == lint.JSON)
}

func (x *syntaxCtx) has(s string) bool { return strings.Contains(x.e.Message, s) }

// charAt returns the character at the parser's position, or 0.
func (x *syntaxCtx) charAt() rune {
	text := x.d.Lines.Line(x.e.Pos.Line)
	i := syntaxByteIndex(text, x.e.Pos.Col)
	if i >= len(text) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r
}

// --- characters -------------------------------------------------------------

// yamlAllowed reports whether go-yaml's reader accepts rune r (YAML 1.2's
// printable set).
func yamlAllowed(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7E) || (r >= 0x7F && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// tooDeep: the parser gives up past 10,000 nested levels (a hostile or
// generated file); the flow steps would call the next bracket unexpected.
func (x *syntaxCtx) tooDeep() *syntaxFinding {
	if !x.has("exceeded max depth") {
		return nil
	}
	return &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
		msg: "the value nests more than 10,000 levels deep here, where the YAML parser stops reading, so CodeDeploy cannot load the file; an AppSpec needs a few levels: is this the right file?"}
}

// badCharacter: the reader stops at the first character YAML does not allow
// (a control character, invalid UTF-8) and reports no position; find it.
func (x *syntaxCtx) badCharacter() *syntaxFinding {
	if !x.has("control characters") && !x.has("UTF-8") && !x.has("UTF-16") && !x.has("surrogate") && !x.has("invalid Unicode") {
		return nil
	}
	src := x.d.Src
	if lint.UTF16(src) != "" {
		// One finding for the encoding, in the parse's words: not one for
		// the first byte that UTF-8 cannot read. It marks the file's first
		// character, or nothing when that is a line break (UTF-16 "\n" is
		// 0A 00, which reads as an empty first line).
		at := lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: lint.Pos{Line: 1, Col: 2}}
		if end := x.d.Lines.EndOfLine(1); end.Col < at.End.Col {
			at.End = end
		}
		return &syntaxFinding{rule: syntaxIDNonPrinting, at: at, severity: lint.Error, msg: x.e.Message}
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		bad := (r == utf8.RuneError && size <= 1) || !yamlAllowed(r)
		if i == 0 && r == 0xFEFF {
			bad = false
		}
		if bad {
			p := x.d.Lines.PosAt(i)
			at := lint.Range{Start: p, End: lint.Pos{Line: p.Line, Col: p.Col + 1}}
			f := &syntaxFinding{rule: syntaxIDNonPrinting, at: at, severity: lint.Error}
			if r == utf8.RuneError && size <= 1 {
				f.msg = fmt.Sprintf("the byte 0x%02X on line %d is not valid UTF-8, so the file cannot be read as YAML; save the file as UTF-8 (it was probably written in another encoding, such as Latin-1 or UTF-16)", src[i], p.Line)
				return f
			}
			f.msg = fmt.Sprintf("%s on line %d: YAML does not allow control characters, so the file does not parse and CodeDeploy rejects it; delete it", nonPrintingName(r), p.Line)
			edits := badCharacterEdits(x.d, i)
			desc := "delete the " + nonPrintingShort(r)
			if len(edits) > 1 || edits[0].Range.End.Col-edits[0].Range.Start.Col > 1 {
				desc += " and every other control character of the file"
			}
			f.fix = &lint.Fix{Kind: lint.IntentFix, Description: desc, Edits: edits}
			return f
		}
		i += size
	}
	return nil
}

// badCharacterEdits deletes every character YAML does not allow from offset
// from on, a run of them in one edit (invalid UTF-8 aside: that is a wrong
// encoding, not characters to delete). The parser stops at the first, so
// deleting one a round would leave the file broken after the fixer's last
// round when there are many.
func badCharacterEdits(d *lint.Document, from int) []lint.Edit {
	src := d.Src
	var edits []lint.Edit
	for i := from; i < len(src); {
		j := i
		for j < len(src) {
			r, size := utf8.DecodeRune(src[j:])
			if yamlAllowed(r) || r == utf8.RuneError && size <= 1 || j == 0 && r == 0xFEFF {
				break
			}
			j += size
		}
		if j > i {
			edits = append(edits, lint.Edit{Range: lint.Range{Start: d.Lines.PosAt(i), End: d.Lines.PosAt(j)}})
			i = j
			continue
		}
		_, size := utf8.DecodeRune(src[i:])
		i += size
	}
	return edits
}

// lineSeparator: the parser counts U+0085, U+2028 and U+2029 as line
// breaks, which the author almost never meant and which shift its line
// numbers; blame the first one.
func (x *syntaxCtx) lineSeparator() *syntaxFinding {
	for i := 0; i < len(x.d.Src); {
		r, size := utf8.DecodeRune(x.d.Src[i:])
		if r == 0x85 || r == 0x2028 || r == 0x2029 {
			p := x.d.Lines.PosAt(i)
			at := lint.Range{Start: p, End: lint.Pos{Line: p.Line, Col: p.Col + 1}}
			return &syntaxFinding{rule: syntaxIDNonPrinting, at: at, severity: lint.Error,
				msg: fmt.Sprintf("%s on line %d: YAML reads it as a line break in the middle of the line, so the file does not parse; delete it or use a normal line break",
					nonPrintingName(r), p.Line),
				fix: &lint.Fix{Kind: lint.IntentFix, Description: "delete the " + nonPrintingShort(r), Edits: []lint.Edit{{Range: at}}},
			}
		}
		i += size
	}
	return nil
}

// oddSpace: a no-break or other Unicode space where YAML needs a plain
// space (after a colon or dash, or as indentation) near the error.
func (x *syntaxCtx) oddSpace() *syntaxFinding {
	for _, l := range x.lookback(3) {
		text := l.text
		quoted, _ := nonPrintingSpans(text, l.block)
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r == '#' && (i == 0 || text[i-1] == ' ') {
				break
			}
			if nonPrintingSpace(r) && !inSpans(quoted, i) {
				j := i + size
				for j < len(text) {
					r2, s2 := utf8.DecodeRuneInString(text[j:])
					if !nonPrintingSpace(r2) {
						break
					}
					j += s2
				}
				at := syntaxLineRange(l.n, text, i, j)
				// Only where YAML needs a real space: indentation, or
				// right after a key's colon or a list dash.
				where := ""
				switch {
				case strings.TrimLeft(text[:i], " ") == "":
					where = "in the indentation"
				case strings.HasSuffix(text[:i], ":"):
					where = "after `" + strings.TrimSpace(text[:i]) + "`"
				case strings.HasSuffix(text[:i], "-"):
					where = "after the `-`"
				}
				if where == "" {
					i = j
					continue
				}
				n := utf8.RuneCountInString(text[i:j])
				return &syntaxFinding{rule: syntaxIDNonPrinting, at: x.here(), severity: lint.Error,
					msg: fmt.Sprintf("line %d has %s %s; YAML does not count it as a space, so the file does not parse; type a normal space instead",
						l.n, nonPrintingName(r), where),
					related: []lint.Related{{Range: at, Message: nonPrintingShort(r)}},
					fix: &lint.Fix{Kind: lint.LayoutFix, Description: "replace it with a normal space",
						Edits: []lint.Edit{{Range: at, NewText: strings.Repeat(" ", n)}}},
				}
			}
			i += size
		}
	}
	return nil
}

// lookback lists the error's line and up to n content lines before it,
// nearest first, and every line back to the parser's context line when
// that is close (within 10 lines).
func (x *syntaxCtx) lookback(n int) []*spacingLine {
	out := []*spacingLine{x.line}
	ctx := x.e.ContextPos.Line
	useCtx := x.e.Context != "" && ctx <= x.line.n && x.line.n-ctx <= 10
	count := 0
	for i := x.line.n - 2; i >= 0; i-- {
		l := x.lines[i]
		if l.blank {
			continue
		}
		if count >= n && (!useCtx || l.n < ctx) {
			break
		}
		out = append(out, l)
		count++
	}
	return out
}

// --- tabs -----------------------------------------------------------------

func (x *syntaxCtx) tab() *syntaxFinding {
	if !x.has("tab") && x.charAt() != '\t' {
		return nil
	}
	l := x.line
	text := l.text
	i := syntaxByteIndex(text, x.e.Pos.Col)
	if i >= len(text) || text[i] != '\t' {
		// The parser puts its tab errors on the tab; "tab" elsewhere in a
		// message is the user's text (an alias `*table.css` to no anchor).
		return nil
	}
	j := i
	for j < len(text) && (text[j] == '\t' || text[j] == ' ') {
		j++
	}
	for j > i && text[j-1] == ' ' {
		j--
	}
	at := syntaxLineRange(l.n, text, i, j)
	afterDash := strings.HasSuffix(strings.TrimRight(text[:i], " "), "-") && strings.TrimLeft(text[:i], " -") == ""
	what := "is indented with a tab"
	if afterDash {
		what = "has a tab after its `-`"
	}
	others := x.otherTabLines(l.n)
	msg := fmt.Sprintf("line %d %s; tabs cannot indent YAML, so the file does not parse (the agent fails with \"found character that cannot start any token\"); indent with spaces", l.n, what)
	if len(others) > 0 {
		msg += fmt.Sprintf(" (%d more line%s %s indented with tabs)", len(others), plural(len(others)), isAre(len(others)))
	}
	f := &syntaxFinding{rule: syntaxIDTab, at: at, msg: msg}
	for k, o := range others {
		if k == 5 {
			break
		}
		f.related = append(f.related, lint.Related{Range: x.tabRange(o), Message: "also indented with a tab"})
	}
	f.fix = x.tabFix(l, afterDash)
	return f
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// otherTabLines are the structural lines, other than line n, whose
// indentation holds a tab.
func (x *syntaxCtx) otherTabLines(n int) []*spacingLine {
	var out []*spacingLine
	prev := ""
	for _, l := range x.lines {
		// A line after one ending in `,`, `[` or `{` is likely inside a
		// flow collection, where tabs are fine.
		inFlow := strings.HasSuffix(prev, ",") || strings.HasSuffix(prev, "[") || strings.HasSuffix(prev, "{")
		if l.n != n && l.tab && !l.block && !l.blank && !inFlow && x.d.Format != lint.JSON {
			out = append(out, l)
		}
		if !l.blank {
			prev = strings.TrimSpace(l.text)
		}
	}
	return out
}

func (x *syntaxCtx) tabRange(l *spacingLine) lint.Range {
	i := strings.IndexByte(l.text, '\t')
	j := i
	for j < len(l.text) && (l.text[j] == '\t' || l.text[j] == ' ') {
		j++
	}
	for j > i && l.text[j-1] == ' ' {
		j--
	}
	return syntaxLineRange(l.n, l.text, i, j)
}

// tabFix replaces tabs with spaces when the result is unambiguous: either
// every tab width (2, 4, 8) gives the same data, or the line has a sibling
// whose column says where it goes.
func (x *syntaxCtx) tabFix(l *spacingLine, afterDash bool) *lint.Fix {
	if afterDash {
		text := l.text
		i := strings.IndexByte(text, '\t')
		edit := lint.Edit{Range: syntaxLineRange(l.n, text, i, i+1), NewText: " "}
		if syntaxFixHelps(x.d, []lint.Edit{edit}, l.n) {
			return &lint.Fix{Kind: lint.IntentFix, Description: "replace the tab after `-` with a space", Edits: []lint.Edit{edit}}
		}
		return nil
	}
	// Whole file: expand the tabs of every indentation with each width.
	var firstEdits []lint.Edit
	var first *lint.Document
	same := true
	for _, w := range []int{2, 4, 8} {
		edits := x.expandTabs(w)
		nd := lint.Parse(x.d.Path, syntaxApply(x.d, edits))
		if nd.SyntaxError != nil {
			same = false
			break
		}
		if first == nil {
			first, firstEdits = nd, edits
		} else if !syntaxSameTree(first.Root, nd.Root) {
			same = false
			break
		}
	}
	if same && first != nil {
		return &lint.Fix{Kind: lint.LayoutFix, Description: "indent with spaces instead of tabs", Edits: firstEdits}
	}
	// This line alone: line it up with a sibling of the same section.
	levels := spacingVisible(x.lines, l.n)
	dash := len(l.dashes) > 0
	key := l.key
	if key == "" {
		return nil
	}
	target, sure, ok := spacingTarget(levels, key, 0, dash)
	if !ok || !sure {
		return nil
	}
	edit := syntaxIndentEdit(l, target.col-1)
	if dash {
		// Keep what follows the dash as written, minus its tabs.
		edit = x.indentAndDashEdit(l, target.col-1)
	}
	if !syntaxFixHelps(x.d, []lint.Edit{edit}, l.n) {
		return nil
	}
	return &lint.Fix{Kind: lint.IntentFix, Description: fmt.Sprintf("indent line %d with spaces to line up with `%s:` on line %d", l.n, target.key, target.line.n), Edits: []lint.Edit{edit}}
}

// indentAndDashEdit rewrites the start of a `- key` line as width spaces, the
// dash and one space.
func (x *syntaxCtx) indentAndDashEdit(l *spacingLine, width int) lint.Edit {
	text := l.text
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '-') {
		i++
	}
	return lint.Edit{Range: syntaxLineRange(l.n, text, 0, i), NewText: strings.Repeat(" ", width) + "- "}
}

// expandTabs returns edits that replace the tabs in every line's indentation
// (and between list dashes) with spaces, with tab stops every w columns.
func (x *syntaxCtx) expandTabs(w int) []lint.Edit {
	var edits []lint.Edit
	for _, l := range x.lines {
		if l.block || !strings.Contains(l.text, "\t") {
			continue
		}
		text := l.text
		i := 0
		for i < len(text) && (text[i] == ' ' || text[i] == '\t' || (text[i] == '-' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'))) {
			i++
		}
		prefix := text[:i]
		if !strings.Contains(prefix, "\t") {
			continue
		}
		var b strings.Builder
		col := 0
		for _, c := range prefix {
			if c == '\t' {
				n := w - col%w
				b.WriteString(strings.Repeat(" ", n))
				col += n
				continue
			}
			b.WriteRune(c)
			col++
		}
		edits = append(edits, lint.Edit{Range: syntaxLineRange(l.n, text, 0, i), NewText: b.String()})
	}
	return edits
}

// --- aliases and anchors ---------------------------------------------------

// star: a plain value that starts with `*` is read as an alias.
func (x *syntaxCtx) star() *syntaxFinding {
	c := x.charAt()
	from := x.e.Pos
	if strings.Contains(x.e.Context, "alias") || strings.Contains(x.e.Context, "anchor") {
		// "while scanning an alias": the context points at the `*`.
		from = x.e.ContextPos
		text := x.d.Lines.Line(from.Line)
		if i := syntaxByteIndex(text, from.Col); i < len(text) {
			c = rune(text[i])
		}
	}
	isAlias := c == '*' && (x.has("anchor") || strings.Contains(x.e.Context, "alias") || x.has("alphabetic"))
	isAnchor := c == '&' && strings.Contains(x.e.Context, "anchor")
	// An alias to no anchor ("unknown anchor") is marked at its `*`, and
	// its message has "anchor": it is one of these.
	if !isAlias && !isAnchor {
		return nil
	}
	// A flow token stops at a comma or a closing bracket.
	tok := syntaxToken(x.d, from, true)
	text := x.d.Text(tok)
	quoted := syntaxQuote(text)
	var f *syntaxFinding
	if isAlias {
		f = &syntaxFinding{rule: syntaxIDStar, at: x.here(),
			msg: fmt.Sprintf("`%s` starts with `*`, which YAML reads as an alias (a reference to an `&anchor`), so the file does not parse; quote it: `%s`", text, quoted)}
	} else {
		f = &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
			msg: fmt.Sprintf("`%s` starts with `&`, which YAML reads as an anchor name, so the file does not parse; quote it: `%s`", text, quoted)}
	}
	edit := lint.Edit{Range: tok, NewText: quoted}
	if syntaxFixHelps(x.d, []lint.Edit{edit}, tok.Start.Line) {
		f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "quote `" + text + "`", Edits: []lint.Edit{edit}}
	}
	return f
}

// --- flow (JSON) collections ---------------------------------------------------

func (x *syntaxCtx) flow() *syntaxFinding {
	inFlow := strings.Contains(x.e.Context, "flow") || x.has("expected ',' or")
	if !inFlow {
		return nil
	}
	d := x.d
	opener := x.e.ContextPos
	openText := d.Lines.Line(opener.Line)
	oi := syntaxByteIndex(openText, opener.Col)
	open := byte('{')
	if oi < len(openText) {
		open = openText[oi]
	}
	closer, what := byte('}'), "object"
	if open == '[' {
		closer, what = ']', "list"
	}
	if d.Format != lint.JSON {
		what = map[byte]string{'{': "flow mapping", '[': "flow list"}[open]
		if what == "" {
			what = "flow collection"
		}
	}
	openAt := lint.Range{Start: opener, End: lint.Pos{Line: opener.Line, Col: opener.Col + 1}}
	related := []lint.Related{{Range: openAt, Message: fmt.Sprintf("the %s opens here", what)}}
	off := d.Lines.Offset(x.e.Pos)
	rest := strings.TrimSpace(string(d.Src[min(off, len(d.Src)):]))
	if rest == "" {
		return &syntaxFinding{rule: syntaxIDYAML, at: x.here(), related: related,
			msg: fmt.Sprintf("the %s opened with `%c` on line %d is never closed: the file ends before its `%c`; add the missing `%c`", what, open, opener.Line, closer, closer)}
	}
	if x.has("node content") {
		return &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
			msg: "a value is missing here: two commas in a row, a comma right after an opening bracket, or a key with no value in a flow collection"}
	}
	c := rest[0]
	at := off
	if c == ':' {
		// The parser stops at the colon of the next key; the comma belongs
		// before that key.
		at = flowKeyStart(d.Src, off)
		if p := d.Lines.PosAt(at); d.Format != lint.JSON && p.Col <= max(x.lines[opener.Line-1].first, 1) {
			// A YAML key back at the left margin: the bracket was never closed.
			return &syntaxFinding{rule: syntaxIDYAML, at: x.here(), related: related,
				msg: fmt.Sprintf("the %s opened with `%c` on line %d is not closed before line %d; add the missing `%c`", what, open, opener.Line, p.Line, closer)}
		}
	}
	prev := strings.TrimRight(string(d.Src[:min(at, len(d.Src))]), " \t\r\n")
	if c == ']' || c == '}' {
		return &syntaxFinding{rule: syntaxIDYAML, at: x.here(), related: related,
			msg: fmt.Sprintf("`%c` does not match: the %s opened with `%c` on line %d is still open here; close it with `%c` first", c, what, open, opener.Line, closer)}
	}
	if prev != "" && !strings.HasSuffix(prev, ",") && !strings.HasSuffix(prev, string(open)) {
		// Two entries with no comma between them.
		tok := x.here()
		what2 := tok
		if at != off {
			what2 = syntaxToken(d, d.Lines.PosAt(at), true)
		}
		p := d.Lines.PosAt(len(prev))
		edit := lint.Edit{Range: lint.Range{Start: p, End: p}, NewText: ","}
		f := &syntaxFinding{rule: syntaxIDYAML, at: tok, related: related,
			msg: fmt.Sprintf("a `,` is missing before `%s`: the entries of %s %s are separated by commas", strings.TrimSuffix(strings.TrimSpace(shortText(d.Text(what2))), ":"), article(what), what)}
		if syntaxFixHelps(d, []lint.Edit{edit}, x.e.Pos.Line) {
			f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "add the missing comma", Edits: []lint.Edit{edit}}
		}
		return f
	}
	return &syntaxFinding{rule: syntaxIDYAML, at: x.here(), related: related,
		msg: fmt.Sprintf("unexpected `%s` inside the %s opened on line %d; each entry must be a value (in an object: `\"key\": value`) followed by `,` or the closing `%c`", shortText(d.Text(x.here())), what, opener.Line, closer)}
}

// flowKeyStart finds where the key before the colon at off starts: a quoted
// string or a plain word.
func flowKeyStart(src []byte, off int) int {
	i := off
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && (src[i-1] == '"' || src[i-1] == '\'') {
		q := src[i-1]
		j := i - 2
		for j >= 0 && src[j] != q && src[j] != '\n' {
			j--
		}
		if j >= 0 && src[j] == q {
			return j
		}
		return i
	}
	for i > 0 && strings.IndexByte(" \t\r\n,[]{}", src[i-1]) < 0 {
		i--
	}
	return i
}

func shortText(s string) string {
	if utf8.RuneCountInString(s) > 30 {
		return string([]rune(s)[:27]) + "..."
	}
	return s
}

// documentStart: text after the end of the document's top-level value.
func (x *syntaxCtx) documentStart() *syntaxFinding {
	// Only the YAML parser says "document start": a file that starts like
	// JSON and parses as neither keeps the JSON parser's error (lint.Parse),
	// which says the same of text after the closing brace.
	if !x.has("document start") {
		return nil
	}
	d := x.d
	// A first line indented deeper than the later top-level keys.
	var firstLine *spacingLine
	for _, l := range x.lines {
		if !l.blank {
			firstLine = l
			break
		}
	}
	l := x.line
	if firstLine != nil && l.first > 0 && firstLine.first > l.first && l.key != "" {
		f := &syntaxFinding{rule: syntaxIDMisaligned, at: x.lineStart(l),
			msg: fmt.Sprintf("`%s:` is at column %d, but the first key `%s:` (line %d) is indented to column %d; top-level keys must all start at the same column: remove the indentation before `%s:`",
				l.key, l.first, firstLine.key, firstLine.n, firstLine.first, firstLine.key),
			related: []lint.Related{{Range: x.lineStart(firstLine), Message: "indented first key"}}}
		var edits []lint.Edit
		for _, m := range x.lines {
			if m.n >= l.n {
				break
			}
			if !m.blank && m.first >= firstLine.first {
				edits = append(edits, syntaxIndentEdit(m, m.first-firstLine.first+l.first-1))
			}
		}
		if syntaxFixHelps(d, edits, l.n) {
			f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "remove the extra indentation of the first lines", Edits: edits}
		}
		return f
	}
	return &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
		msg: "unexpected text after the end of the document: YAML has finished reading the appspec here, so this line cannot belong to it; check its indentation and the lines above"}
}

// lineStart is the range of a line's first token.
func (x *syntaxCtx) lineStart(l *spacingLine) lint.Range {
	if l.key != "" && len(l.dashes) == 0 {
		return syntaxLineRange(l.n, l.text, l.keyIdx, l.colonIdx)
	}
	return syntaxToken(x.d, syntaxPos(l.n, l.text, l.firstIdx), false)
}

// --- missing spaces and colons on an earlier line --------------------------

// culpritColon splits `os:linux`, a key glued to its value: a name of
// letters, digits, _, . and - (not starting with a digit, . or -), a colon,
// and a value that starts with no blank. It is the pattern
// ^([A-Za-z_][\w.-]*):(\S.*)$ written out: AS152 asks it of every line of
// every plain value.
func culpritColonOK(s string) bool { _, _, ok := culpritColon(s); return ok }

func culpritColon(s string) (key, value string, ok bool) {
	if s == "" || !(s[0] == '_' || structIsLetter(s[0])) {
		return "", "", false
	}
	i := 1
	for i < len(s) && (isAlnumASCII(s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '-') {
		i++
	}
	if i+1 >= len(s) || s[i] != ':' {
		return "", "", false
	}
	switch s[i+1] {
	case ' ', '\t', '\n', '\f', '\r': // \S
		return "", "", false
	}
	if strings.IndexByte(s[i+1:], '\n') >= 0 { // . stops at a line break
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

var (
	// `-location:` or `-file`: a dash glued to what follows.
	culpritDash = lazyRE(`^-([A-Za-z_][\w.-]*)`)
	// `files` or `version 0.0`: a known key with no colon at all.
	culpritBare = lazyRE(`^([A-Za-z_][\w-]*)(\s+[^:#\s][^:]*)?\s*$`)
)

// culprit: errors that come from an earlier line written without a space
// after `-` or `:`, or without a colon. The parser notices only on a later
// line; the finding stays at its position and points at the cause.
func (x *syntaxCtx) culprit() *syntaxFinding {
	var cands []*spacingLine
	switch {
	case x.has("could not find expected ':'"):
		cands = x.lookback(0)
	case x.has("mapping values are not allowed"):
		// The error's line continues a plain scalar that started on an
		// earlier line; walk back to where it started.
		for _, l := range x.lookback(4) {
			cands = append(cands, l)
			if l != x.line && l.key != "" && !strings.HasPrefix(l.content, "-") && !culpritColonOK(l.content) {
				break
			}
		}
	default:
		return nil
	}
	for _, l := range cands {
		if l.block || l.blank {
			continue
		}
		content := l.content
		if l == x.line {
			// Only the text before the error counts on its own line.
			if i := syntaxByteIndex(l.text, x.e.Pos.Col); i < len(l.text) && spacingCol(l.text, len(l.text)-len(content)) < x.e.Pos.Col {
				content = l.text[len(l.text)-len(content) : i]
			} else if l.n == x.e.Pos.Line {
				continue
			}
		}
		start := len(l.text) - len(l.content)
		if m := culpritDash.FindStringSubmatchIndex(content); m != nil {
			at := syntaxLineRange(l.n, l.text, start, start+1)
			word := content[m[2]:m[3]]
			edit := lint.Edit{Range: lint.Range{Start: at.End, End: at.End}, NewText: " "}
			f := &syntaxFinding{rule: syntaxIDDash, at: x.here(),
				msg:     fmt.Sprintf("line %d: `-%s` has no space after the dash, so YAML does not read it as a list item and the lines below no longer fit; write `- %s`", l.n, word, word),
				related: []lint.Related{{Range: syntaxLineRange(l.n, l.text, start, start+1+len(word)), Message: "a space is missing after `-`"}}}
			if syntaxFixHelps(x.d, []lint.Edit{edit}, x.e.Pos.Line) {
				f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "add a space after `-`", Edits: []lint.Edit{edit}}
			}
			return f
		}
		if key, value, ok := culpritColon(content); ok && culpritColonLooksLikeKey(key, value) {
			colon := start + len(key)
			at := syntaxLineRange(l.n, l.text, start, colon+1)
			edit := lint.Edit{Range: lint.Range{Start: at.End, End: at.End}, NewText: " "}
			f := &syntaxFinding{rule: syntaxIDColon, at: x.here(),
				msg:     fmt.Sprintf("line %d: `%s:%s` has no space after the colon, so YAML reads it as one piece of text instead of the key `%s`; write `%s: %s`", l.n, key, shortText(value), key, key, shortText(value)),
				related: []lint.Related{{Range: syntaxLineRange(l.n, l.text, start, colon+1+len(strings.Fields(value)[0])), Message: "a space is missing after `:`"}}}
			if syntaxFixHelps(x.d, []lint.Edit{edit}, x.e.Pos.Line) {
				f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "add a space after `" + key + ":`", Edits: []lint.Edit{edit}}
			}
			return f
		}
		if m := culpritBare.FindStringSubmatchIndex(content); m != nil && spacingKnownKey(content[m[2]:m[3]]) && l.key == "" {
			key := content[m[2]:m[3]]
			want := key + ":"
			if m[4] >= 0 {
				want += " " + strings.TrimSpace(content[m[4]:m[5]])
			}
			end := start + m[3]
			edit := lint.Edit{Range: syntaxLineRange(l.n, l.text, end, end), NewText: ":"}
			f := &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
				msg:     fmt.Sprintf("line %d: `%s` has no colon, so YAML reads it as text rather than the key `%s:`; write `%s`", l.n, key, key, shortText(want)),
				related: []lint.Related{{Range: syntaxLineRange(l.n, l.text, start, end), Message: "a colon is missing"}}}
			if syntaxFixHelps(x.d, []lint.Edit{edit}, x.e.Pos.Line) {
				f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "add the colon after `" + key + "`", Edits: []lint.Edit{edit}}
			}
			return f
		}
	}
	return nil
}

// culpritColonLooksLikeKey tells `os:linux` (a key missing its space) from
// text that merely holds a colon (a URL, an ACL entry `u:bob:rw`, an ARN).
func culpritColonLooksLikeKey(key, value string) bool {
	if strings.HasPrefix(value, "//") || strings.HasPrefix(value, ":") {
		return false
	}
	if spacingKnownKey(key) {
		return true
	}
	return len(key) >= 2 && !strings.Contains(value, ":")
}

// --- a value containing ": " ---------------------------------------------

func (x *syntaxCtx) colonInValue() *syntaxFinding {
	l := x.line
	if !x.has("mapping values are not allowed") || l.key == "" || !syntaxPos(l.n, l.text, l.colonIdx).Before(x.e.Pos) {
		return nil
	}
	// The error's colon is inside the value of the line's key.
	text := l.text
	vi := l.colonIdx + 1
	for vi < len(text) && text[vi] == ' ' {
		vi++
	}
	value := text[vi:]
	if k := strings.Index(value, " #"); k >= 0 {
		value = value[:k]
	}
	value = strings.TrimRight(value, " ")
	at := syntaxLineRange(l.n, text, vi, vi+len(value))
	quoted := syntaxQuote(value)
	if !strings.ContainsAny(value, `"\`) {
		quoted = `"` + value + `"`
	} else if !strings.Contains(value, "'") {
		quoted = "'" + value + "'"
	}
	f := &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
		msg:     fmt.Sprintf("the value of `%s` contains `: `, which YAML reads as the start of another key; quote the whole value: `%s: %s`", l.key, l.key, shortText(quoted)),
		related: []lint.Related{{Range: at, Message: "this value needs quotes"}}}
	edit := lint.Edit{Range: at, NewText: quoted}
	if syntaxFixHelps(x.d, []lint.Edit{edit}, l.n) {
		f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "quote the value of " + l.key, Edits: []lint.Edit{edit}}
	}
	return f
}

// --- indentation ------------------------------------------------------------

// indentation: a key or list item whose column fits no level above it.
func (x *syntaxCtx) indentation() *syntaxFinding {
	if !x.has("expected '-' indicator") && !x.has("did not find expected key") && !x.has("mapping values are not allowed") {
		return nil
	}
	l := x.line
	if l.blank || l.first == 0 || l.tab {
		return nil
	}
	dash := len(l.dashes) > 0
	col := l.keyCol
	if dash {
		col = l.dashes[0]
	}
	if l.key == "" && !dash {
		return nil
	}
	levels := spacingVisible(x.lines, l.n)
	target, sure, ok := spacingTarget(levels, l.key, col, dash)
	if !sure && !dash && spacingIsEvent(l.key) {
		if f := x.missingHooks(l, levels); f != nil {
			return f
		}
	}
	if !ok {
		return nil
	}
	move := spacingMove(col, target.col)
	var msg string
	switch {
	case dash:
		msg = fmt.Sprintf("this list item does not line up with the `- %s:` item on line %d: its `-` is at column %d, the other's at column %d; %s so the items line up",
			target.key, target.line.n, col, target.col, move)
	case target.item != nil:
		msg = fmt.Sprintf("`%s:` does not line up with the keys of the `- %s:` item on line %d (column %d); it is at column %d, so YAML cannot tell where it belongs; %s",
			l.key, target.item.key, target.item.n, target.col, col, move)
	default:
		msg = fmt.Sprintf("`%s:` does not line up with its sibling `%s:` on line %d: it is at column %d, the sibling at column %d, so YAML cannot tell where it belongs; %s",
			l.key, target.key, target.line.n, col, target.col, move)
	}
	related := []lint.Related{{Range: x.lineStart(target.line), Message: "line it up with this"}}
	f := &syntaxFinding{rule: syntaxIDMisaligned, at: x.here(), msg: msg, related: related}
	edits, last := syntaxShiftEdits(x.lines, l.n-1, l.key, target.col-col)
	if !syntaxFixHelps(x.d, edits, last) {
		edits, last = edits[:1], l.n
		if !syntaxFixHelps(x.d, edits, last) {
			edits = nil
		}
	}
	if edits != nil {
		desc := fmt.Sprintf("move line %d to column %d", l.n, target.col)
		if last > l.n {
			desc = fmt.Sprintf("move lines %d-%d by %d columns", l.n, last, target.col-col)
		}
		f.fix = &lint.Fix{Kind: lint.IntentFix, Description: desc, Edits: edits}
	}
	return f
}

// missingHooks: an event name inside another section, with no `hooks:`
// above it, most likely lost its `hooks:` line.
func (x *syntaxCtx) missingHooks(l *spacingLine, levels []spacingLevel) *syntaxFinding {
	var section *spacingLine
	for _, lv := range levels {
		if lv.dash {
			continue
		}
		if strings.EqualFold(lv.key, "hooks") {
			return nil
		}
		if lv.col < l.keyCol && section == nil {
			section = lv.line
		}
	}
	if section == nil {
		return nil
	}
	f := &syntaxFinding{rule: syntaxIDMisaligned, at: x.here(),
		msg: fmt.Sprintf("`%s:` is a lifecycle event, but at column %d it falls inside `%s:` (line %d), and there is no `hooks:` above it; add a `hooks:` line before it, with the events indented under it",
			l.key, l.keyCol, section.key, section.n),
		related: []lint.Related{{Range: x.lineStart(section), Message: "the section it falls into"}}}
	indent := strings.Repeat(" ", max(section.keyCol-1, 0))
	at := lint.Pos{Line: l.n, Col: 1}
	edit := lint.Edit{Range: lint.Range{Start: at, End: at}, NewText: indent + "hooks:\n"}
	if syntaxFixHelps(x.d, []lint.Edit{edit}, 0) {
		f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "add the missing `hooks:` line", Edits: []lint.Edit{edit}}
	}
	return f
}

// spacingIsEvent reports whether k is a lifecycle event name.
func spacingIsEvent(k string) bool {
	for _, g := range spacingKeyGroups[strings.ToLower(k)] {
		if spacingGroups[g][0] == "applicationstop" {
			return true
		}
	}
	return false
}

// precededByQuoted reports whether the error follows a closing quote on the
// same line (`os: "linux" extra`).
func (x *syntaxCtx) precededByQuoted() bool {
	text := x.d.Lines.Line(x.e.Pos.Line)
	before := strings.TrimRight(text[:syntaxByteIndex(text, x.e.Pos.Col)], " ")
	return strings.HasSuffix(before, `"`) || strings.HasSuffix(before, "'")
}

// --- everything else ---------------------------------------------------------

func (x *syntaxCtx) other() *syntaxFinding {
	f := &syntaxFinding{rule: syntaxIDYAML, at: x.here()}
	ctxAt := lint.Range{Start: x.e.ContextPos, End: lint.Pos{Line: x.e.ContextPos.Line, Col: x.e.ContextPos.Col + 1}}
	switch {
	case x.has("end of stream") && strings.Contains(x.e.Context, "quoted scalar"):
		q := x.d.Text(ctxAt)
		f.msg = fmt.Sprintf("the quoted value that starts with `%s` on line %d, column %d is never closed: the file ends inside it; add the closing `%s`", q, x.e.ContextPos.Line, x.e.ContextPos.Col, q)
		f.related = []lint.Related{{Range: ctxAt, Message: "the quote opens here"}}
	case x.has("unknown escape"):
		f.msg = "a backslash in a double-quoted value starts an escape sequence, and this one is not valid YAML; in a double-quoted value write a backslash as `\\\\`, or use single quotes, where a backslash is just a backslash (`'C:\\scripts\\run.ps1'`)"
	case x.has("block sequence entries are not allowed"):
		f.msg = "a list item cannot start on the same line as its key: move the `- ` item to the next line, indented under the key"
		if l := x.line; l.key != "" {
			text := l.text
			i := syntaxByteIndex(text, x.e.Pos.Col)
			j := i
			for j > 0 && text[j-1] == ' ' {
				j--
			}
			indent := strings.Repeat(" ", l.keyCol-1+2)
			edit := lint.Edit{Range: syntaxLineRange(l.n, text, j, i), NewText: "\n" + indent}
			f.msg = fmt.Sprintf("a list item cannot start on the same line as its key `%s:`: move the `- ` item to the next line, indented under `%s:`", l.key, l.key)
			if syntaxFixHelps(x.d, []lint.Edit{edit}, 0) {
				f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "move the list item to its own line", Edits: []lint.Edit{edit}}
			}
		}
	case x.has("cannot start any token"):
		c := x.charAt()
		f.msg = fmt.Sprintf("a plain value cannot start with `%c` in YAML (the character is reserved); put the value in quotes", c)
		tok := x.here()
		if text := x.d.Text(tok); text != "" {
			f.msg = fmt.Sprintf("`%s` starts with `%c`, which YAML reserves, so the file does not parse; quote the value: `%s`", shortText(text), c, syntaxQuote(text))
			if c == '`' {
				f.msg = fmt.Sprintf("%s starts with a backtick, which YAML reserves, so the file does not parse; quote the value: %s", shortText(text), syntaxQuote(text))
			}
			edit := lint.Edit{Range: tok, NewText: syntaxQuote(text)}
			if syntaxFixHelps(x.d, []lint.Edit{edit}, tok.Start.Line) {
				f.fix = &lint.Fix{Kind: lint.IntentFix, Description: "quote the value", Edits: []lint.Edit{edit}}
			}
		}
	case x.has("comment or line break") && strings.Contains(x.e.Context, "block scalar"):
		f.msg = "only a comment may follow a block scalar indicator (`|` or `>`) on its line; move the text to the next line, indented deeper than the key"
	case x.has("did not find expected key") && x.precededByQuoted():
		f.msg = "unexpected text after a quoted value; put the whole value inside the quotes, or start a comment with ` #`"
	case x.has("tag"):
		f.msg = "a value that starts with `!` is a YAML tag, and this one is not defined; quote the value if the `!` is part of it"
	case x.has("could not find expected ':'"):
		ctxLine := x.e.ContextPos.Line
		text := strings.TrimSpace(x.d.Lines.Line(ctxLine))
		f.msg = fmt.Sprintf("line %d (`%s`) is not a `key: value` pair, but it sits among the keys of a mapping; add the missing `: `, fix its indentation, or delete the line", ctxLine, shortText(text))
		f.related = []lint.Related{{Range: syntaxToken(x.d, x.e.ContextPos, false), Message: "this line has no `key:`"}}
	case x.has("did not find expected key") || x.has("expected '-' indicator"):
		what := "a `key: value` pair"
		if x.has("'-'") {
			what = "another `- ` list item"
		}
		f.msg = fmt.Sprintf("YAML expected %s at this point, with the same indentation as the entries above; check the indentation of this line and of the line before it", what)
	case x.has("mapping values are not allowed"):
		f.msg = "a `key:` appears where YAML is still reading a value: usually the line is indented deeper than the key above it, or the value before it needs quotes"
	case x.has("node content"):
		f.msg = "a value is missing here"
	default:
		return nil
	}
	return f
}

func (x *syntaxCtx) generic() *syntaxFinding {
	return &syntaxFinding{rule: syntaxIDYAML, at: x.here(),
		msg: fmt.Sprintf("the file is not valid YAML here, so CodeDeploy rejects it (the parser says: %s); check this line and the one before it", x.e.Message)}
}
