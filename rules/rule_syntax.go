package rules

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/appspec-lint/appspec-lint/lint"
)

// YAMLOnlyEC2 is AS105.
var YAMLOnlyEC2 = &lint.Rule{
	ID: "AS105", Name: "yaml-only-ec2", Severity: lint.Info,
	Platforms: lint.EC2, Category: "syntax",
	Summary: "an EC2 appspec written in JSON syntax",
	Doc: `The user guide says AppSpec files for EC2/On-Premises deployments are always
YAML. The agent reads the file with a YAML parser, and JSON is (almost always)
valid YAML, so a JSON appspec works in practice, but it is undocumented, and
the file must still be named appspec.yml or appspec.yaml (see AS102). Writing
it as YAML avoids both surprises.

Bad:

    {"version": 0.0, "os": "linux"}

Good:

    version: 0.0
    os: linux
`,
	Document: func(p *lint.Pass) {
		d := p.Doc
		if d.Format != lint.JSON || !fileLooksLikeAppSpec(d) {
			return
		}
		off := len(d.Src) - len(bytes.TrimLeft(bytes.TrimPrefix(d.Src, []byte("\xEF\xBB\xBF")), " \t\r\n"))
		at := d.Lines.PosAt(off)
		p.Report(lint.Range{Start: at, End: lint.Pos{Line: at.Line, Col: at.Col + 1}},
			"the appspec is written in JSON; the docs say EC2/On-Premises appspecs are YAML. The agent's YAML parser reads JSON too, so this works, but consider writing it as YAML")
	},
}

// YAMLOrJSON is AS106.
var YAMLOrJSON = &lint.Rule{
	ID: "AS106", Name: "yaml-or-json", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "syntax",
	Summary: "the file is neither valid YAML nor valid JSON",
	Doc: `CodeDeploy cannot read an appspec that is not well-formed. Lambda and ECS
deployments fail with "The AppSpec file ... is missing or has an invalid
configuration" (often with "not well-formed yaml"); the EC2 agent's YAML.load
raises a parse error and the deployment fails before any script runs. The
message explains what the parser found in AppSpec terms (an unclosed quote, a
missing comma in JSON, a value that needs quotes, ...). Mistakes with their own
rule are reported there instead: tabs (AS107), control characters (AS112), a
value starting with * (AS113), misaligned keys (AS151), and missing spaces
after a colon or dash (AS152, AS153). On EC2 it also reports what newer YAML
parsers accept but the agent's libyaml does not: an anchor name with
characters other than letters, digits, - and _ (a placeholder such as
&&APP_NAME&& is read as an anchor), and an entry with no key before its
colon (": /var/www"), a key of more than 1024 characters, and, in a JSON appspec, a
character escaped as a UTF-16 surrogate pair ("\ud83d\ude00").

Bad:

    hooks:
      AfterInstall:
        - location: scripts/setup.sh
          runas: echo ready: yes

Good:

    hooks:
      AfterInstall:
        - location: scripts/setup.sh
          runas: "echo ready: yes"
`,
	Document: func(p *lint.Pass) { syntaxReport(p) },
	Node: func(p *lint.Pass, n *lint.Node) {
		// This runs for every node: the cheap tests first, the look at the
		// whole file only when there is something to report.
		if p.Platform != lint.EC2 {
			return
		}
		if n.Anchor != "" && !anchorNameOK(n.Anchor) && fileLooksLikeAppSpec(p.Doc) {
			anchorReport(p, n)
		}
		if n.IsKey && n.Kind == lint.ScalarNode && (n.Raw == "" || n.Range.End.Col-n.Range.Start.Col >= maxKeyChars) &&
			fileLooksLikeAppSpec(p.Doc) {
			emptyKeyReport(p, n)
			longKeyReport(p, n)
		}
		if p.Doc.Format == lint.JSON && n.Kind == lint.ScalarNode && n.Style == lint.DoubleQuoted &&
			strings.Contains(n.Raw, `\u`) && fileLooksLikeAppSpec(p.Doc) {
			surrogateReport(p, n)
		}
	},
}

// maxKeyChars is libyaml's limit for a key without `?`: at most 1024
// characters from its start to its colon (YAML 1.2 has it too; the Go
// parser does not enforce it).
const maxKeyChars = 1024

// longKeyReport: libyaml stops at a longer key ("could not find expected
// ':'", or "mapping values are not allowed in this context").
func longKeyReport(p *lint.Pass, n *lint.Node) {
	if n.Kind != lint.ScalarNode || n.Range.End.Line != n.Range.Start.Line ||
		n.Range.End.Col-n.Range.Start.Col < maxKeyChars {
		return
	}
	text := p.Doc.Lines.Line(n.Range.Start.Line)
	i := syntaxByteIndex(text, n.Range.Start.Col)
	j := syntaxByteIndex(text, n.Range.End.Col)
	colon := j
	for colon < len(text) && (text[colon] == ' ' || text[colon] == '\t') {
		colon++
	}
	if colon >= len(text) || text[colon] != ':' || utf8.RuneCountInString(text[i:colon]) <= maxKeyChars {
		return // an explicit key (`? ...`, its colon on a line below) may be longer
	}
	p.Report(syntaxLineRange(n.Range.Start.Line, text, i, j),
		"this key is %d characters long; the EC2 agent's YAML parser (libyaml) reads at most %d from a key's start to its colon, so it fails the deployment; shorten it",
		utf8.RuneCountInString(text[i:j]), maxKeyChars)
}

// emptyKeyReport: an entry that starts with its colon (`  : /var/www`, a
// key deleted or never typed) has an empty key. Newer YAML allows that and
// the Go parser reads a null key; libyaml, the EC2 agent's parser, stops
// with "did not find expected key" (or, in [..] and {..}, "did not find
// expected node content"). An explicit empty key (`? ` on its own) is fine.
func emptyKeyReport(p *lint.Pass, n *lint.Node) {
	if n.Kind != lint.ScalarNode || n.Raw != "" || n.Tagged || n.Anchor != "" {
		return
	}
	text := p.Doc.Lines.Line(n.Range.Start.Line)
	i := syntaxByteIndex(text, n.Range.Start.Col)
	if i >= len(text) || text[i] != ':' {
		return
	}
	at := syntaxLineRange(n.Range.Start.Line, text, i, i+1)
	// What other rules say of the key with no name (AS314's "`` is not a
	// files key") is this mistake.
	p.Report(at, "this entry starts with its colon, so its key has no name; the EC2 agent's YAML parser (libyaml) rejects that (\"did not find expected key\") and fails the deployment; write the key's name before the colon").
		Supersede(at)
}

// anchorNameOK reports whether libyaml, the EC2 agent's parser, accepts an
// anchor name: letters, digits, `-` and `_` only (newer YAML allows more).
func anchorNameOK(name string) bool {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// anchorReport: `&&NAME&&` placeholders and the like parse as anchors, and
// the agent's parser rejects their names.
func anchorReport(p *lint.Pass, n *lint.Node) {
	// A node's range starts after its anchor (and tag), which may even be
	// on a line above: find the anchor back from there.
	lines := p.Doc.Lines
	k := bytes.LastIndex(p.Doc.Src[:lines.Offset(n.Range.Start)], []byte("&"+n.Anchor))
	if k < 0 {
		return
	}
	// k is a byte of its line's text (a line ending holds no `&`): i, its
	// index there, is on the `&`.
	start := lines.PosAt(k)
	text := lines.Line(start.Line)
	i := k - lines.Offset(lint.Pos{Line: start.Line, Col: 1})
	j := i
	for j < len(text) && text[j] != ' ' && text[j] != '\t' && text[j] != ',' && text[j] != ']' && text[j] != '}' {
		j++
	}
	at := syntaxLineRange(start.Line, text, i, j)
	tok := text[i:j]
	if n.Kind == lint.ScalarNode && n.Value == "" {
		// The whole value is the "anchor": it was meant as text.
		d := p.Report(at, "`%s` starts with `&`, which YAML reads as an anchor name; the EC2 agent's YAML parser (libyaml) allows only letters, digits, `-` and `_` in anchor names and fails the deployment; quote the value: `%s`", tok, syntaxQuote(tok))
		// What other rules say of the empty value under its key (AS302's
		// "destination has no value") is this mistake.
		d.Supersede(at)
		if k := pairKey(n); k != nil {
			d.Supersede(k)
		}
		edit := lint.Edit{Range: at, NewText: syntaxQuote(tok)}
		if syntaxFixHelps(p.Doc, []lint.Edit{edit}, 0) {
			d.WithFix(lint.IntentFix, "quote `"+tok+"`", edit)
		}
		return
	}
	p.Report(at, "the anchor name `%s` has characters the EC2 agent's YAML parser (libyaml) rejects, so the deployment fails; use only letters, digits, `-` and `_` (and note that the agent refuses aliases anyway, see AS113)", tok)
}

// surrogateReport: JSON writes a character beyond U+FFFF as two escapes, a
// UTF-16 surrogate pair (`\ud83d\ude00`, as JSON serializers that escape
// non-ASCII text do). The agent reads even a JSON appspec with libyaml, which
// refuses surrogate escapes ("found invalid Unicode character escape code");
// YAML writes such a character as one escape of eight digits.
func surrogateReport(p *lint.Pass, n *lint.Node) {
	raw := n.Raw
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if raw[i+1] != 'u' || i+6 > len(raw) {
			i++ // an escaped character, perhaps a backslash
			continue
		}
		hi, err := strconv.ParseUint(raw[i+2:i+6], 16, 16)
		if err != nil || hi < 0xD800 || hi > 0xDFFF {
			continue
		}
		end := i + 6
		fix := "; a lone surrogate stands for no character: delete it"
		if lo, err := strconv.ParseUint(raw[min(i+8, len(raw)):min(i+12, len(raw))], 16, 16); err == nil &&
			hi <= 0xDBFF && i+12 <= len(raw) && raw[i+6:i+8] == `\u` && lo >= 0xDC00 && lo <= 0xDFFF {
			end = i + 12
			fix = fmt.Sprintf("; write the character itself, or `\\U%08X`", 0x10000+(hi-0xD800)<<10+(lo-0xDC00))
		}
		col := n.Range.Start.Col + utf8.RuneCountInString(raw[:i])
		at := lint.Range{Start: lint.Pos{Line: n.Range.Start.Line, Col: col}, End: lint.Pos{Line: n.Range.Start.Line, Col: col + end - i}}
		p.Report(at, "`%s` is a UTF-16 surrogate escape, which JSON allows but the EC2 agent's YAML parser (libyaml), which reads this file, refuses (\"found invalid Unicode character escape code\"), so the deployment fails%s", raw[i:end], fix)
		return
	}
}

// TabIndent is AS107.
var TabIndent = &lint.Rule{
	ID: "AS107", Name: "tab-indent", Severity: lint.Error,
	Platforms: lint.AllPlatforms, Category: "syntax",
	Summary: "a tab is used for indentation",
	Doc: `YAML indents with spaces only. A tab at the start of a line (or right after a
list dash) makes the file unreadable: the agent's parser fails with "found
character that cannot start any token". Editors often insert tabs silently;
set the editor to indent YAML with spaces. When the intended indentation is
clear (the same structure for any tab width, or a sibling key whose column
says where the line goes) the fix replaces the tabs with spaces.

Newer YAML parsers accept a few tabs that the EC2 agent's parser (libyaml)
does not: any tab before the first token of a line, even on a blank or
comment line. On EC2 those are errors too.

Bad:

    hooks:
    <TAB>AfterInstall:

Good:

    hooks:
      AfterInstall:
`,
	Document: func(p *lint.Pass) {
		syntaxReport(p)
		if p.Doc.SyntaxError == nil && p.Doc.Root != nil && p.Platform == lint.EC2 {
			tabLibyaml(p)
		}
	},
}

// tabLibyaml: go-yaml accepts a few tabs at the start of a line that
// libyaml, the EC2 agent's parser, rejects: libyaml only skips tabs between
// tokens inside flow collections or right after a key's colon, so a line
// (even a blank or comment line) whose indentation holds a tab fails there
// with "found character that cannot start any token". Lines inside flow
// collections and multi-line scalars are text, not indentation.
func tabLibyaml(p *lint.Pass) {
	d := p.Doc
	if !bytes.Contains(d.Src, []byte("\t")) {
		return
	}
	var candidates []int
	for n := 1; n <= d.Lines.LineCount(); n++ {
		if bytes.IndexByte(tabPrefix(d.Lines.Line(n)), '\t') >= 0 {
			candidates = append(candidates, n)
		}
	}
	if len(candidates) == 0 {
		return
	}
	inside := tabTextLines(d.Root)
	reported := 0
	for _, n := range candidates {
		if inside[n] || reported == 20 {
			continue
		}
		text := d.Lines.Line(n)
		prefix := string(tabPrefix(text))
		i := strings.IndexByte(prefix, '\t')
		j := strings.LastIndexByte(prefix, '\t') + 1
		at := syntaxLineRange(n, text, i, j)
		reported++
		what := "starts with a tab"
		if strings.Contains(prefix[:i], "-") {
			what = "has a tab after its list dash"
		}
		diag := p.Report(at, "line %d %s; newer YAML parsers accept it here, but the EC2 agent's parser (libyaml) fails with \"found character that cannot start any token\"; use spaces", n, what)
		// Replace the tabs so that the data stays the same.
		rest := text[len(prefix):]
		for _, width := range []int{1, 2, 4, 8} {
			blanks := strings.ReplaceAll(prefix[i:j], "\t", strings.Repeat(" ", width))
			if rest == "" || strings.HasPrefix(rest, "#") {
				blanks = strings.ReplaceAll(prefix[i:j], "\t", "")
			}
			edit := lint.Edit{Range: at, NewText: blanks}
			nd := lint.Parse(d.Path, syntaxApply(d, []lint.Edit{edit}))
			if nd.SyntaxError == nil && syntaxSameTree(d.Root, nd.Root) {
				diag.WithFix(lint.LayoutFix, "replace the tab with spaces", edit)
				break
			}
		}
	}
}

// tabPrefix is the part of a line before its first token: blanks and list
// dashes (each followed by a blank).
func tabPrefix(text string) []byte {
	i := 0
	for i < len(text) {
		switch c := text[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '-' && i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\t'):
			i++
		default:
			return []byte(text[:i])
		}
	}
	return []byte(text)
}

// tabTextLines marks the lines that continue a flow collection or a
// multi-line scalar: their leading blanks are part of a value, not
// indentation.
func tabTextLines(root *lint.Node) map[int]bool {
	out := map[int]bool{}
	stack := []*lint.Node{root}
	for len(stack) > 0 {
		// No node is nil: the caller has a root, and the parser gives
		// every pair a key and a value.
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		multi := n.Range.End.Line > n.Range.Start.Line
		if multi && (n.Style == lint.Flow || n.Kind == lint.ScalarNode) {
			for l := n.Range.Start.Line + 1; l <= n.Range.End.Line; l++ {
				out[l] = true
			}
			if n.Style == lint.Flow {
				continue
			}
		}
		for _, pair := range n.Pairs {
			stack = append(stack, pair.Key, pair.Value)
		}
		stack = append(stack, n.Items...)
	}
	return out
}

// DuplicateKey is AS111.
var DuplicateKey = &lint.Rule{
	ID: "AS111", Name: "duplicate-key", Severity: lint.Warning,
	Platforms: lint.AllPlatforms, Category: "syntax",
	Summary: "the same key appears twice in one mapping",
	Doc: `When a mapping has the same key twice, the agent's YAML parser (Psych) keeps
the last one and silently drops the others, with everything under them. Two
BeforeInstall: events, for example, mean the scripts of the first never run.
Merge the entries into one key.

Bad:

    hooks:
      BeforeInstall:
        - location: scripts/stop.sh
      BeforeInstall:
        - location: scripts/clean.sh

Good:

    hooks:
      BeforeInstall:
        - location: scripts/stop.sh
        - location: scripts/clean.sh
`,
	NodeKinds: lint.Kinds(lint.MappingNode),
	Node: func(p *lint.Pass, n *lint.Node) {
		if n.Kind != lint.MappingNode || len(n.Pairs) < 2 || !dupAny(n.Pairs) {
			return
		}
		var seen map[string][]*lint.Pair
		for _, pair := range n.Pairs {
			k := pair.Key
			if k == nil || k.Kind != lint.ScalarNode || k.Value == "<<" {
				continue
			}
			if seen == nil {
				seen = make(map[string][]*lint.Pair, len(n.Pairs))
			}
			id := k.Tag + "\x00" + k.Value
			seen[id] = append(seen[id], pair)
		}
		for _, pair := range n.Pairs {
			k := pair.Key
			if k == nil || k.Kind != lint.ScalarNode || k.Value == "<<" {
				continue
			}
			all := seen[k.Tag+"\x00"+k.Value]
			if len(all) < 2 || all[0] == pair {
				continue
			}
			var prev *lint.Pair
			for _, q := range all {
				if q == pair {
					break
				}
				prev = q
			}
			last := all[len(all)-1]
			keeps := "keeps only this last one"
			if last != pair {
				keeps = "keeps only the last one (line " + strconv.Itoa(last.Key.Range.Start.Line) + ")"
			}
			dropped := "the earlier value is silently ignored; keep only one `" + k.Value + ":`"
			if v := prev.Value; v != nil && (v.Kind == lint.MappingNode || v.Kind == lint.SequenceNode) {
				dropped = "the earlier `" + k.Value + "` and everything under it are silently dropped; merge them into one `" + k.Value + ":`"
			}
			p.Report(k.Range, "`%s` is defined again here (first on line %d); YAML %s, so %s",
				k.Value, all[0].Key.Range.Start.Line, keeps, dropped).
				WithRelated(prev.Key.Range, "`"+k.Value+"` defined here before")
		}
	},
}

// dupAny is the fast check, with no allocation for the usual small
// mappings: does any scalar key appear twice?
func dupAny(pairs []*lint.Pair) bool {
	same := func(a, b *lint.Node) bool {
		return a != nil && b != nil && a.Kind == lint.ScalarNode && b.Kind == lint.ScalarNode &&
			a.Value == b.Value && a.Tag == b.Tag && a.Value != "<<"
	}
	if len(pairs) <= 32 {
		for i := 1; i < len(pairs); i++ {
			for j := 0; j < i; j++ {
				if same(pairs[i].Key, pairs[j].Key) {
					return true
				}
			}
		}
		return false
	}
	// Keyed by tag and value, as same compares them: by value alone, the
	// string '7' would hide the int 7 before it from a later 7.
	seen := make(map[string]bool, len(pairs))
	for _, q := range pairs {
		if k := q.Key; k != nil && k.Kind == lint.ScalarNode && k.Value != "<<" {
			id := k.Tag + "\x00" + k.Value
			if seen[id] {
				return true
			}
			seen[id] = true
		}
	}
	return false
}

// UnquotedStar is AS113.
var UnquotedStar = &lint.Rule{
	ID: "AS113", Name: "unquoted-star", Severity: lint.Error,
	Platforms: lint.EC2, Category: "syntax",
	Summary: "a value starting with * (or a YAML alias) breaks the appspec",
	Doc: `In YAML a value that starts with * is an alias, a reference to a value marked
elsewhere with &name. So pattern: *.txt or pattern: ** does not parse ("while
scanning an alias"); the permissions docs require pattern to be a quoted
string. Real aliases fail too: the agent loads the appspec with Psych 4, which
refuses aliases, so a file using *name fails the deployment even though it is
valid YAML (an &anchor that nothing refers to is harmless). Quote values that
start with *, and write repeated values out; the fix does that for an alias of
a single value.

Bad:

    permissions:
      - object: /var/www
        pattern: *.html

Good:

    permissions:
      - object: /var/www
        pattern: "*.html"
`,
	Document:  func(p *lint.Pass) { syntaxReport(p) },
	NodeKinds: lint.Kinds(lint.AliasNode), // the engine calls Node for aliases only
	Node: func(p *lint.Pass, n *lint.Node) {
		d := p.Report(n.Range, "`%s` is a YAML alias; the EC2 agent loads the appspec with aliases disabled (Psych 4) and fails the deployment; write the value out instead of referring to `&%s`", n.Raw, n.Value)
		if text, ok := aliasText(n.Alias); ok && strings.HasPrefix(n.Raw, "*"+n.Value) {
			d.WithFix(lint.LayoutFix, "replace the alias with the value "+text, lint.Edit{Range: n.Range, NewText: text})
		}
	},
}

// aliasText writes the anchored scalar t out again, in its own style (the
// node's Raw cannot be used: an anchored node's range starts at its &name).
func aliasText(t *lint.Node) (string, bool) {
	// A tagged value (&a !!str 1) would lose its tag: written out plain it
	// could be another type, and the fix must keep the data.
	if t == nil || t.Kind != lint.ScalarNode || t.Tagged || strings.ContainsAny(t.Value, "\n\r") {
		return "", false
	}
	switch t.Style {
	case lint.DoubleQuoted:
		return syntaxQuote(t.Value), true
	case lint.SingleQuoted:
		return "'" + strings.ReplaceAll(t.Value, "'", "''") + "'", true
	case lint.Plain:
		if t.Value == "" {
			return "", false
		}
		return t.Value, true
	}
	return "", false
}

func init() { register(YAMLOnlyEC2, YAMLOrJSON, TabIndent, DuplicateKey, UnquotedStar) }
