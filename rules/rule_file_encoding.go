package rules

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// BOM is AS108.
var BOM = &lint.Rule{
	ID: "AS108", Name: "bom", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "file",
	Summary: "the file starts with a UTF-8 byte order mark",
	Doc: `Some editors (Notepad, Visual Studio) save UTF-8 files with an invisible byte
order mark (BOM) at the start. With the Ruby bundled in older agents the BOM
became part of the first key, \uFEFFversion, so the agent found no version and
failed with "invalid version value ()" (aws/aws-codedeploy-agent#100, closed
as won't fix). Newer Ruby strips it, so whether the deployment fails depends
on the agent build. Save the file as UTF-8 without BOM; the fix removes it.

Bad:

    <BOM>version: 0.0

Good:

    version: 0.0
`,
	Document: func(p *lint.Pass) {
		if !p.Doc.HasBOM || fileBrokenServerless(p.Doc) {
			return
		}
		at := lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: lint.Pos{Line: 1, Col: 2}}
		d := p.Report(at, "the file starts with a UTF-8 byte order mark (BOM); agents with an older Ruby read the first key as `\\uFEFF%s` and fail with \"invalid version value\"; save the file as UTF-8 without BOM", bomFirstKey(p.Doc))
		if !bomBeforeBOM(p.Doc.Src) {
			d.WithFix(lint.LayoutFix, "remove the byte order mark", lint.Edit{Range: at})
		}
	},
}

// bomBeforeBOM reports whether a second byte order mark follows the first.
// YAML parsers drop the first and read the second as one column of
// indentation (lint.SkippedMarks; more marks after it are text). Removing
// the first would make the second the file's own mark: the first line would
// lose that column, and the next mark would become the indentation, so the
// data could change (found by FuzzFix: three marks alone are the scalar
// U+FEFF, and two were nothing). AS112 offers to delete the second.
func bomBeforeBOM(src []byte) bool {
	const bom = "\uFEFF"
	return bytes.HasPrefix(src, []byte(bom+bom))
}

func bomFirstKey(d *lint.Document) string {
	if r := d.Root; r != nil && r.Kind == lint.MappingNode && len(r.Pairs) > 0 {
		return r.Pairs[0].Key.Value
	}
	return "version"
}

// CRLFAppspec is AS109.
var CRLFAppspec = &lint.Rule{
	ID: "AS109", Name: "crlf-appspec", Severity: lint.Warning,
	Platforms: lint.EC2, Category: "file",
	Summary: "Windows (CRLF) line endings in an appspec for Linux",
	Doc: `The CodeDeploy troubleshooting guide warns that carriage returns (the \r of
Windows CRLF line endings) in an AppSpec file or its scripts cause validation
and script failures that are hard to diagnose. YAML itself accepts CRLF, but a
file edited on Windows for a Linux host is also likely to have CRLF scripts
(see AS901). Convert the file to LF line endings (git: core.autocrlf=input or
a .gitattributes rule such as "appspec.yml text eol=lf"); the fix removes
every \r (a \r alone, which YAML reads as a line break, becomes \n).

Bad:

    version: 0.0\r\n
    os: linux\r\n

Good:

    version: 0.0\n
    os: linux\n
`,
	Document: func(p *lint.Pass) {
		d := p.Doc
		if !d.HasCRLF || !p.IsLinux() || fileBrokenServerless(d) {
			return
		}
		// Every \r ends a line (lint.LineIndex breaks at \r\n and at a lone
		// \r), so the line endings hold them all, and HasCRLF means at least
		// one line ends with \r\n.
		var edits []lint.Edit
		crlf := 0
		for n := 1; n < d.Lines.LineCount(); n++ {
			// A lone \r is a line break for YAML too: it becomes \n, so that
			// it stays one (found by FuzzFix: `a\r\r\n b` is two breaks, and
			// turning only the \r\n into \n left one).
			if crlfEnd, lone := crEnding(d, n); crlfEnd || lone {
				end := d.Lines.EndOfLine(n)
				edits = append(edits, lint.Edit{Range: lint.Range{Start: end, End: lint.Pos{Line: n + 1, Col: 1}}, NewText: "\n"})
				if crlfEnd {
					crlf++
				}
			}
		}
		first := edits[0].Range.Start
		p.Report(lint.Range{Start: first, End: first}, "the file has Windows (CRLF) line endings on %d line%s; CodeDeploy's troubleshooting guide warns that carriage returns cause hard-to-diagnose failures on Linux; convert the file to LF line endings", crlf, plural(crlf)).
			WithFix(lint.LayoutFix, "convert CRLF line endings to LF", edits...)
	},
}

// crEnding reports how line n ends: with \r\n, or with a \r alone.
func crEnding(d *lint.Document, n int) (crlf, lone bool) {
	end := d.Lines.Offset(d.Lines.EndOfLine(n))
	if end >= len(d.Src) || d.Src[end] != '\r' {
		return false, false
	}
	crlf = end+1 < len(d.Src) && d.Src[end+1] == '\n'
	return crlf, !crlf
}

// EmptyFile is AS110.
var EmptyFile = &lint.Rule{
	ID: "AS110", Name: "empty-file", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "file",
	Summary: "the appspec is empty",
	Doc: `A file that is empty, or holds only whitespace or comments, defines nothing.
The EC2 agent fails with "The deployment failed because the application
specification file was empty. Make sure your AppSpec file defines at minimum
the 'version' and 'os' properties."; Lambda and ECS deployments fail because
the AppSpec "is missing or has an invalid configuration".

Bad:

    # TODO

Good:

    version: 0.0
    os: linux
`,
	Document: func(p *lint.Pass) {
		d := p.Doc
		if !d.IsBlank() && (d.SyntaxError != nil || (d.Root != nil && !d.Root.IsNull())) {
			return
		}
		what := "at least `version: 0.0` and `os: linux` (or `os: windows`)"
		if p.Platform != lint.EC2 {
			what = "at least `version: 0.0` and `Resources`"
		}
		kind := "empty"
		if !d.IsBlank() {
			kind = "empty (it holds only comments or a null value)"
		}
		p.Report(lint.Range{Start: lint.Pos{Line: 1, Col: 1}, End: d.Lines.EndOfLine(1)},
			"the appspec is %s, so CodeDeploy fails the deployment (\"the application specification file was empty\"); it must define %s", kind, what)
	},
}

// NonPrintingChars is AS112.
var NonPrintingChars = &lint.Rule{
	ID: "AS112", Name: "non-printing-chars", Severity: lint.Warning,
	Platforms: lint.AllPlatforms, Category: "file",
	Summary: "invisible or control characters in the file",
	Doc: `Text copied from web pages, chat tools or word processors often carries
characters you cannot see: no-break spaces (U+00A0), zero-width spaces
(U+200B), stray byte order marks, direction marks, or control characters. The
CodeDeploy troubleshooting guide lists their symptoms: "invalid character",
"command not found", "file not found". A no-break space looks like a space but
YAML treats it as text, so it ends up inside a key or a file name.

Control characters (and bytes that are not UTF-8) stop YAML from reading the
file at all, so they are errors. A file saved as UTF-16, as some Windows
editors do, gets one error for its encoding. The EC2 agent's parser
(libyaml) also rejects DEL (U+007F) and the C1 controls (U+0080 to U+009F),
which newer YAML parsers accept, so on EC2 those are errors too. Characters in comments are
ignored, and no-break spaces inside quoted strings are left alone.

Bad:

    os:<U+00A0>linux
    hooks:
      AfterInstall:
        - location: scripts/setup<U+200B>.sh

Good:

    os: linux
    hooks:
      AfterInstall:
        - location: scripts/setup.sh
`,
	Document: func(p *lint.Pass) {
		d := p.Doc
		f := syntaxReport(p)
		if !nonPrintingSuspect(d.Src) || lint.UTF16(d.Src) != "" {
			return // a UTF-16 file has its one finding, from the syntax check
		}
		var covered []lint.Range
		if f != nil && f.rule == p.Rule.ID {
			covered = append(covered, f.at)
			for _, r := range f.related {
				covered = append(covered, r.Range)
			}
			if f.fix != nil {
				for _, e := range f.fix.Edits {
					covered = append(covered, e.Range)
				}
			}
		}
		nonPrintingScan(p, covered, d.SyntaxError != nil, f != nil)
	},
}

// nonPrintingSuspect is the fast path: most files are plain ASCII with no
// control characters, and need no closer look.
func nonPrintingSuspect(src []byte) bool { return nonPrintingIndex(src) >= 0 }

// nonPrintingIndex returns the index of the first byte that may start an
// invisible or control character (see nonPrintingByte), or -1.
func nonPrintingIndex(src []byte) int {
	// Eight bytes at a time, with per-byte tests that cannot carry from one
	// byte into the next (each works on bytes below 0x80, and adds at most
	// 0x7F), so the answer is exact and the first flagged byte is the one.
	// Line breaks and tabs, in every word of a file, cost no byte loop.
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7F7F7F7F7F7F7F7F
	isZero := func(y uint64) uint64 { return ^(y + lows) & highs } // y's bytes are below 0x80
	i := 0
	for ; i+8 <= len(src); i += 8 {
		x := binary.LittleEndian.Uint64(src[i:])
		// First a cheaper test that only tells whether the word has a byte
		// below 0x20 or above 0x7E at all (the classic "has less" and "has
		// more" tricks, exact for that question): most words of a file have
		// neither.
		if ((x-0x20*ones)&^x|((x+0x01*ones)|x))&highs == 0 {
			continue
		}
		x7 := x & lows
		bad := x & highs                     // from 0x80
		bad |= isZero(x7 ^ lows)             // DEL
		control := ^(x7 + 0x60*ones) & highs // below 0x20
		control &^= isZero(x7^'\n'*ones) | isZero(x7^'\t'*ones) | isZero(x7^'\r'*ones)
		if bad |= control; bad != 0 {
			return i + bits.TrailingZeros64(bad)/8
		}
	}
	for ; i < len(src); i++ {
		if nonPrintingByte[src[i]] {
			return i
		}
	}
	return -1
}

// nonPrintingByte marks the bytes nonPrintingSuspect looks for: controls
// other than tab and line breaks, DEL, and every non-ASCII byte. A table
// costs one load a byte, where the comparisons cost several: this runs over
// every byte of every file.
var nonPrintingByte = func() (t [256]bool) {
	for b := range t {
		t[b] = b >= 0x7F || (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
	}
	return t
}()

// nonPrintingScan reports each run of invisible characters.
// broken says the file has a syntax error; mine that this rule reported it
// (then it was the first bad character, and the encoding is explained).
func nonPrintingScan(p *lint.Pass, covered []lint.Range, broken, mine bool) {
	d := p.Doc
	var lines []*spacingLine
	if d.Root != nil || broken {
		lines = spacingLines(d)
	}
	reported := 0
	// From one suspect byte to the next, a line at a time: the file is
	// scanned once, and the lines without one are not looked at.
	for off := 0; reported < 100; {
		k := nonPrintingIndex(d.Src[off:])
		if k < 0 {
			break
		}
		n := d.Lines.PosAt(off + k).Line
		if n >= d.Lines.LineCount() {
			off = len(d.Src)
		} else {
			off = max(off+k+1, d.Lines.Offset(lint.Pos{Line: n + 1, Col: 1}))
		}
		text := d.Lines.Line(n)
		block := lines != nil && n <= len(lines) && lines[n-1].block
		quoted, comment := nonPrintingSpans(text, block)
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRuneInString(text[i:])
			if n == 1 && i == 0 && r == 0xFEFF {
				i += size // the BOM: AS108
				continue
			}
			invalid := r == utf8.RuneError && size == 1
			kind := nonPrintingKind(r)
			if invalid {
				kind = npInvalid
			}
			inComment := comment >= 0 && i >= comment && (kind == npSpace || kind == npInvisible || kind == npReplacement)
			if kind == npNone || inComment ||
				(kind == npSpace && inSpans(quoted, i)) {
				i += size
				continue
			}
			// A run of the same character is one finding.
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 != r || (invalid && s2 != 1) {
					break
				}
				j += s2
			}
			at := syntaxLineRange(n, text, i, j)
			i = j
			if invalid && mine {
				continue // the syntax finding already reports the encoding
			}
			if coveredBy(covered, at) {
				continue
			}
			reported++
			d := nonPrintingReport(p, at, r, kind)
			if r == 0xFEFF && n == 1 && at.Start.Col == 2 && p.Doc.HasBOM {
				d.Message = secondBOMMessage(at.End.Col - at.Start.Col)
			}
			if r == 0xFEFF && n > 1 && at.Start.Col == 1 {
				switch {
				case slices.Contains(skippedMarks(p.Doc), p.Doc.Lines.Offset(at.Start)):
					d.Message = lineStartMarkBeforeNothing
				case p.Platform == lint.EC2 && !quotedAcross(p.Doc.Root, n):
					d.Message = lineStartMarkMessage
					d.WithSeverity(lint.Error)
					if !broken {
						// What other rules say of the key it starts (AS211's
						// "`\uFEFFhooks` is not an AppSpec key") is this
						// mistake. (A syntax error stays: see below.)
						d.Supersede(at)
					}
				}
			}
			if d.Fix != nil && p.Doc.SyntaxError == nil && p.Doc.Root != nil &&
				lint.Parse(p.Doc.Path, lint.ApplyEdits(p.Doc, d.Fix.Edits)).SyntaxError != nil {
				// The character is part of the text around it (a no-break
				// space before a quote starts a plain value): without it,
				// the file would not parse. The author retypes it.
				d.Fix = nil
			}
			if broken && d.Severity == lint.Error {
				// The file's one syntax error is already reported; the
				// parser stops there, so more of the same are warnings.
				d.WithSeverity(lint.Warning)
				d.Message += " (the file's first syntax error is reported on its own)"
			}
		}
	}
}

// secondBOMMessage explains count byte order marks right after the file's
// own: YAML parsers read the first of them as one column of indentation
// (lint.SkippedMarks), so the first line is indented one more than the
// next ones, and the others as text.
func secondBOMMessage(count int) string {
	msg := "a second byte order mark (U+FEFF) follows the file's own: the agent's YAML parser (libyaml) reads it as one column of indentation, so the first line is indented one column more than the lines after it"
	switch {
	case count == 2:
		return msg + ", and it reads the mark after it as text; delete both"
	case count > 2:
		return msg + fmt.Sprintf(", and it reads the %d marks after it as text; delete them", count-1)
	}
	return msg + "; delete it"
}

// lineStartMarkMessage and lineStartMarkBeforeNothing explain a byte order
// mark at the start of a line. Where libyaml, the agent's parser, looks for
// the next token, it skips one as it would a space (lint.SkippedMarks: the
// Go parser is given that space before a comment or nothing). Text after it then
// stands a column further in than the lines around it, which libyaml
// refuses, or reads in another place. Inside a quoted value that goes on
// over lines, it is text (the plain "stray" message).
const (
	lineStartMarkMessage       = "a byte order mark (U+FEFF) starts this line, as where files saved with one were joined: the EC2 agent's YAML parser (libyaml) skips it but counts it as a column, so the line is read one column further in than it looks and the deployment fails (usually \"did not find expected key\"); delete it"
	lineStartMarkBeforeNothing = "a byte order mark (U+FEFF) starts this line, as where files saved with one were joined: the agent's YAML parser (libyaml) skips it here, before a comment or nothing, but other parsers read it as text; delete it"
)

type skippedMarksKey struct{}

// skippedMarks are the byte order marks the parser was given as spaces, as
// libyaml skips them (lint.SkippedMarks), found once a document.
func skippedMarks(d *lint.Document) []int {
	return d.Memo(skippedMarksKey{}, func() any { return lint.SkippedMarks(d.Src) }).([]int)
}

// quotedAcross reports whether a quoted value under root goes on over
// line n from a line above.
func quotedAcross(root *lint.Node, n int) bool {
	found := false
	var walk func(x *lint.Node)
	walk = func(x *lint.Node) {
		if x == nil || found || x.Range.Start.Line >= n || x.Range.End.Line < n {
			return
		}
		switch x.Kind {
		case lint.ScalarNode:
			found = x.Style == lint.SingleQuoted || x.Style == lint.DoubleQuoted
		case lint.MappingNode:
			for _, pair := range x.Pairs {
				walk(pair.Key)
				walk(pair.Value)
			}
		case lint.SequenceNode:
			for _, item := range x.Items {
				walk(item)
			}
		}
	}
	walk(root)
	return found
}

func coveredBy(rs []lint.Range, at lint.Range) bool {
	for _, r := range rs {
		if r.Contains(at.Start) || r.Start == at.Start {
			return true
		}
	}
	return false
}

func inSpans(spans [][2]int, i int) bool {
	for _, s := range spans {
		if i >= s[0] && i < s[1] {
			return true
		}
	}
	return false
}

func nonPrintingReport(p *lint.Pass, at lint.Range, r rune, kind int) *lint.Diagnostic {
	name := nonPrintingName(r)
	count := at.End.Col - at.Start.Col
	if count > 1 {
		name = fmt.Sprintf("%s, %d in a row,", name, count)
	}
	var d *lint.Diagnostic
	switch kind {
	case npInvalid:
		d = p.Report(at, "this byte is not valid UTF-8; save the file as UTF-8").WithSeverity(lint.Error)
	case npControl:
		d = p.Report(at, "%s: YAML does not allow control characters, so CodeDeploy cannot read the file; delete it", name).
			WithSeverity(lint.Error).
			WithFix(lint.IntentFix, "delete the "+nonPrintingShort(r), lint.Edit{Range: at})
	case npLibyaml:
		d = p.Report(at, "%s: the EC2 agent's YAML parser (libyaml) rejects this control character, so the deployment fails; delete it", name).
			WithFix(lint.IntentFix, "delete the "+nonPrintingShort(r), lint.Edit{Range: at})
		if p.Platform == lint.EC2 {
			d.WithSeverity(lint.Error)
		}
	case npSpace:
		d = p.Report(at, "%s where a normal space was probably meant: YAML does not treat it as a space, so it becomes part of the key or value; type a normal space instead", name).
			WithFix(lint.IntentFix, "replace it with a normal space", lint.Edit{Range: at, NewText: spaces(count)})
	case npBreak:
		d = p.Report(at, "%s: YAML reads it as a line break in the middle of the line; delete it", name).
			WithFix(lint.IntentFix, "delete the "+nonPrintingShort(r), lint.Edit{Range: at})
	case npReplacement:
		d = p.Report(at, "%s: the file was converted from another encoding and lost the character that was here; retype it", name)
	default:
		d = p.Report(at, "%s: it is invisible in most editors but part of the text YAML reads, so a key, path or command will not match; delete it", name).
			WithFix(lint.IntentFix, "delete the "+nonPrintingShort(r), lint.Edit{Range: at})
	}
	return d
}

func spaces(n int) string { return string(bytes.Repeat([]byte{' '}, n)) }

// Kinds of invisible characters.
const (
	npNone        = iota
	npControl     // YAML rejects it
	npLibyaml     // only libyaml (the EC2 agent) rejects it: DEL and C1 controls
	npBreak       // a Unicode line break YAML honours
	npSpace       // a space YAML does not count as one
	npInvisible   // zero-width, direction marks, stray BOM
	npReplacement // U+FFFD
	npInvalid     // not UTF-8
)

func nonPrintingKind(r rune) int {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return npNone
	case r == 0x85 || r == 0x2028 || r == 0x2029:
		return npBreak
	case !yamlAllowed(r):
		return npControl
	case r == 0x7F || (r >= 0x80 && r <= 0x9F):
		return npLibyaml
	case nonPrintingSpace(r):
		return npSpace
	case r == 0xFFFD:
		return npReplacement
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x00AD || r == 0x180E ||
		r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
		return npInvisible
	}
	return npNone
}

// nonPrintingSpace reports whether r looks like a space but is not one for YAML.
func nonPrintingSpace(r rune) bool {
	return r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x202F || r == 0x205F || r == 0x3000
}

// nonPrintingName names r for a message.
func nonPrintingName(r rune) string {
	return fmt.Sprintf("%s %s (U+%04X)", article(nonPrintingShort(r)), nonPrintingShort(r), r)
}

func article(s string) string {
	if s != "" && bytes.ContainsRune([]byte("aeiouAEIOU"), rune(s[0])) {
		return "an"
	}
	return "a"
}

func nonPrintingShort(r rune) string {
	switch {
	case r == 0:
		return "NUL character"
	case r == 0x0B:
		return "vertical tab"
	case r == 0x0C:
		return "form feed"
	case r == 0x1B:
		return "escape character"
	case r < 0x20:
		return "control character"
	case r == 0x7F:
		return "DEL control character"
	case r == 0x85:
		return "next-line character"
	case r >= 0x80 && r <= 0x9F:
		return "C1 control character"
	case r == 0xA0:
		return "no-break space"
	case r == 0x202F:
		return "narrow no-break space"
	case r == 0x3000:
		return "ideographic (full-width) space"
	case nonPrintingSpace(r):
		return "Unicode space"
	case r == 0x200B:
		return "zero-width space"
	case r == 0x200C:
		return "zero-width non-joiner"
	case r == 0x200D:
		return "zero-width joiner"
	case r == 0x2060:
		return "word joiner"
	case r == 0xFEFF:
		return "stray byte order mark"
	case r == 0xAD:
		return "soft hyphen"
	case r == 0x2028:
		return "line separator"
	case r == 0x2029:
		return "paragraph separator"
	case r == 0xFFFD:
		return "replacement character"
	case r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
		return "invisible text-direction mark"
	}
	return "invisible character"
}

// nonPrintingSpans finds, on one line, the byte spans of quoted strings and
// where a comment starts (-1 if none). It is a per-line approximation: a
// quote opens a string only where a value can start.
func nonPrintingSpans(text string, block bool) ([][2]int, int) {
	if block {
		return nil, -1
	}
	var spans [][2]int
	prev := byte(0) // last non-blank byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t'):
			return spans, i
		case (c == '"' || c == '\'') && (prev == 0 || bytes.IndexByte([]byte(":-[{,?"), prev) >= 0):
			j := i + 1
			for j < len(text) {
				if c == '"' && text[j] == '\\' {
					j += 2
					continue
				}
				if text[j] == c {
					if c == '\'' && j+1 < len(text) && text[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(text))
			spans = append(spans, [2]int{i, end})
			i = end - 1
			prev = c
			continue
		}
		if c != ' ' && c != '\t' {
			prev = c
		}
	}
	return spans, -1
}

func init() { register(BOM, CRLFAppspec, EmptyFile, NonPrintingChars) }
